"""`tuilink demo`: a shipped scenario replayed in the terminal, with visible typing and pauses.

The app is the real one, in the user's terminal; a worker drives it through the scenario's steps with the
same step logic as `tuilink run` (`runner._apply`), but typing one character at a time and pausing before each
action so an audience can follow. It ends on the result screen. A scenario that continues an earlier one's
Item (`use_last_item`) first runs the earlier scenarios of its series headlessly, in a temporary state file.
"""
from __future__ import annotations

import asyncio
import re
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from ..backends.spec import EMBEDDED
from ..launch import Embedded, Launcher
from ..ui.app import LinkApp, run_async
from ..ui.screens.base import StepError
from .runner import Driver, RunFailure, _apply, last_item, run_script, script_options
from .script import Script, load

SCENARIOS = Path(__file__).resolve().parent.parent.parent / "assets" / "scenarios"
_SERIES = re.compile(r"^(?P<series>.+_)(?P<n>\d+)_[a-z_]+$")

# Seconds at speed 1: a pane stays still this long before the demo acts, each typed character takes this long.
PANE_PAUSE = 1.2
ACTION_PAUSE = 0.5
KEYSTROKE = 0.06


def scenario_names() -> list[str]:
    return sorted(p.stem for p in SCENARIOS.glob("*.toml"))


def scenario_path(name: str) -> Path:
    return SCENARIOS / f"{name}.toml"


def describe() -> list[tuple[str, str]]:
    """(name, title) of every shipped scenario."""
    return [(name, load(str(scenario_path(name))).title) for name in scenario_names()]


def earlier_in_series(name: str) -> list[str]:
    """The scenarios before `name` in its numbered series (`update_mode_2_relogin` → `update_mode_1_link`)."""
    match = _SERIES.match(name)
    if match is None:
        return []
    series, n = match["series"], int(match["n"])
    found = []
    for other in scenario_names():
        m = _SERIES.match(other)
        if m is not None and m["series"] == series and int(m["n"]) < n:
            found.append((int(m["n"]), other))
    return [other for _, other in sorted(found)]


class DemoDriver(Driver):
    """A Driver that types one character at a time and pauses before acting, so people can watch."""

    def __init__(self, app: LinkApp, pilot: Any, speed: float) -> None:
        super().__init__(app, pilot)
        self.speed = speed

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds / self.speed)

    async def type(self, selector: str, text: str) -> None:
        field_ = self._one(selector, Input)
        field_.clear()
        field_.focus()
        for ch in text:
            field_.insert_text_at_cursor(ch)
            await self.sleep(KEYSTROKE)

    async def commit(self, do: Callable[[], Any], what: str) -> None:
        await self.sleep(ACTION_PAUSE)
        await super().commit(do, what)

    async def choose_option(self, selector: str, option_id: str) -> None:
        options = self._one(selector, OptionList)
        options.focus()
        target = options.get_option_index(option_id)
        while options.highlighted is not None and options.highlighted < target:  # walk down to it, visibly
            options.action_cursor_down()
            await self.sleep(KEYSTROKE * 3)
        await super().choose_option(selector, option_id)


class Demo:
    """Plays `script` in `app` once the app is running."""

    def __init__(self, app: LinkApp, script: Script, speed: float) -> None:
        self.app = app
        self.script = script
        self.speed = speed
        self.failure: str | None = None

    async def play(self) -> None:
        driver = DemoDriver(self.app, Pilot(self.app), self.speed)
        try:
            while True:
                pane_id = await driver.settled()
                if pane_id is None:
                    return
                step = self.script.next_step(pane_id)
                if step is None:
                    return  # the scenario is over: the viewer takes it from here
                await driver.sleep(PANE_PAUSE)
                await _apply(driver, step)
        except StepError as exc:
            self.failure = str(exc)
            self.app.notify(f"The demo stopped: {exc}", severity="error", timeout=10)


def demo_app(name: str, speed: float = 1.0, backend: Embedded = EMBEDDED,
             prepare: Callable[[Any], Any] | None = None) -> tuple[LinkApp, Demo]:
    """The app and the demo that plays scenario `name` in it (started by the app's first paint), on the embedded
    sandbox `backend` describes (its latency: the scenario's, else 250 ms)."""
    script = load(str(scenario_path(name)))
    body = dict(script.link_token)
    if script.options.get("use_last_item"):
        access_token = last_item(backend.state)
        if access_token is None:
            raise RunFailure(f"{name} continues an earlier scenario's Item, and none was linked")
        body["access_token"] = access_token
    backend = replace(backend, latency_ms=int(script.options.get("latency_ms", 250)))
    launcher = Launcher(body, script_options(script), backend, prepare=prepare)
    app = LinkApp(launcher.embedded(), show_result=True, launcher=launcher)
    demo = Demo(app, script, speed)

    def start_demo() -> None:
        run_async(app, demo.play, group="demo", exit_on_error=False)

    app.first_paint = start_demo
    return app, demo


async def prepare_series(name: str, state: str) -> None:
    """Run the scenarios before `name` in its series headlessly into `state` (their Items are its input)."""
    for earlier in earlier_in_series(name):
        outcome = await run_script(load(str(scenario_path(earlier))), Embedded(state=state))
        if not outcome.ok:
            raise RunFailure(f"{earlier} (run first, for its Item) failed: {outcome.reason}")


def temporary_state() -> str:
    return str(Path(tempfile.mkdtemp(prefix="tuilink-demo-")) / "state.db")
