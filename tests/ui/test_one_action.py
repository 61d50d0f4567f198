"""Actions run one at a time: a key pressed while the session's action is waiting on a slow backend starts no
second action (it is dropped, and counted), so the event stream never shows a step twice."""
from __future__ import annotations

import asyncio
from typing import Any

from tests.helpers import make_app, until_pane
from tuilink.scripts.runner import Driver


class Gate:
    """Holds one backend method until released: a backend as slow as the test wants, with no timing."""

    def __init__(self, backend: Any, name: str) -> None:
        self.released = asyncio.Event()
        self.entered = asyncio.Event()
        self.calls = 0
        original = getattr(backend, name)

        async def held(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            self.entered.set()
            await self.released.wait()
            return await original(*args, **kwargs)

        setattr(backend, name, held)


def views(app: Any, event: str) -> list[str | None]:
    return [e.metadata.view_name for e in app.session.events if e.event_name == event]


def press_again(app: Any) -> None:
    """The primary button pressed once more (Textual ignores a press within 0.2 s of the last one, so this is the
    user who presses again a moment later, while the backend is still answering)."""
    app.screen.query_one("#continue").press()


async def test_continue_twice_on_consent_while_search_is_slow():
    app = make_app(returning_user=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_pane(app, pilot, "CONSENT")
        gate = Gate(app.session.backend, "search")
        await pilot.press("enter")
        await Driver(app, pilot).wait_until(gate.entered.is_set, "the first Continue waiting on search")
        press_again(app)  # while the first is in flight
        press_again(app)
        await Driver(app, pilot).wait_until(lambda: app.session.dropped_actions == 2, "both presses dropped")
        gate.released.set()
        await until_pane(app, pilot, "SELECT_INSTITUTION")
        await Driver(app, pilot).wait_until(lambda: not app.session.acting, "the action finished")
        assert views(app, "TRANSITION_VIEW").count("SELECT_INSTITUTION") == 1
        assert gate.calls == 1


async def test_continue_and_escape_while_the_phone_is_being_checked():
    """Esc while the number is being checked opens no exit dialog over a pane that is about to change."""
    app = make_app(returning_user=True)
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Driver(app, pilot)
        await until_pane(app, pilot, "CONSENT")
        await pilot.press("enter")
        await until_pane(app, pilot, "SUBMIT_PHONE")
        gate = Gate(app.session.backend, "submit_phone")
        await pilot.press(*"4155550010", "enter")
        await driver.wait_until(gate.entered.is_set, "the number waiting on the backend")
        press_again(app)
        await pilot.press("escape")
        await driver.wait_until(lambda: app.session.dropped_actions == 2, "Continue and Esc dropped")
        gate.released.set()
        await until_pane(app, pilot, "VERIFY_PHONE")
        await driver.wait_until(lambda: not app.session.acting, "the action finished")
        names = [e.event_name for e in app.session.events]
        assert names.count("SUBMIT_PHONE") == 1 and "EXIT" not in views(app, "TRANSITION_VIEW")
        assert gate.calls == 1


async def test_closing_link_is_never_refused():
    """Ctrl+Q while an action is in flight ends the session at once; the action's outcome then shows nothing."""
    app = make_app(returning_user=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_pane(app, pilot, "CONSENT")
        gate = Gate(app.session.backend, "search")
        await pilot.press("enter")
        await Driver(app, pilot).wait_until(gate.entered.is_set, "Continue waiting on search")
        app.session.leave()
        assert app.session.finished and app.session.result.callback == "onExit"
        count = len(app.session.events)
        gate.released.set()
        await Driver(app, pilot).wait_until(lambda: not app.session.acting, "the action finished")
        assert len(app.session.events) == count and app.session.events[-1].event_name == "EXIT"
