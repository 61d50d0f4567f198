"""Building the real app for tests and walking it to a pane through its widgets."""
from __future__ import annotations

from typing import Any

from tuilink.scripts import panes
from tuilink.scripts.runner import Driver, walk
from tuilink.ui.app import LinkApp


def make_app(*, latency_ms: int = 0, show_result: bool = False, clock: Any = None, **settings: Any) -> LinkApp:
    """The real app for link token fields and session options (`returning_user`, `account_select`)."""
    return panes.make_app(settings, latency_ms, show_result=show_result, clock=clock)


TO_CREDENTIAL = [{"action": "continue"}, {"search": "First Platypus", "select": "ins_109508"}]


async def until_pane(app: LinkApp, pilot: Any, pane_id: str) -> None:
    """Wait until `pane_id` is on screen and interactive."""
    driver = Driver(app, pilot)
    await driver.wait_until(lambda: app.session is not None and app.session.pane.id == pane_id and driver._ready(),
                            f"{pane_id} on screen")


async def to_loading(app: LinkApp, pilot: Any) -> Driver:
    """Log in with `user_good` on an app made with a long latency_ms: LOADING stays on screen."""
    driver = await walk(app, pilot, TO_CREDENTIAL)
    await driver.type("#username", "user_good")
    await driver.type("#password", "pass_good")
    app.screen.query_one("#continue").press()
    await driver.wait_until(lambda: app.screen.pane_id == "LOADING" and app.screen.ready, "LOADING on screen")
    await pilot.pause()
    return driver
