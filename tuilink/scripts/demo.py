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

from ..backends.spec import EMBEDDED, BackendSpec, Remote
from ..launch import Embedded, Launcher, http_session
from ..link.data import scenario_names, scenario_path
from ..ui.app import LinkApp, run_async
from ..ui.screens.base import StepError
from .runner import Driver, RunFailure, _apply, last_item, next_answer, run_script, script_options
from .script import Script, load

_SERIES = re.compile(r"^(?P<series>.+_)(?P<n>\d+)_[a-z_]+$")

# Seconds at speed 1: a pane stays still this long before the demo acts, each typed character takes this long.
PANE_PAUSE = 1.2
ACTION_PAUSE = 0.5
KEYSTROKE = 0.06


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
    """Plays `script` in `app` once the app is running. On autopilot (a web app's overlay) the script is all there
    is: a pane it has no answer for, a step that fails or a loop ends Link with onExit (the reason goes to
    `report`); otherwise the viewer takes over where the script stops."""

    def __init__(self, app: LinkApp, script: Script, speed: float, *, autopilot: bool = False,
                 report: Callable[[str], None] | None = None) -> None:
        self.app = app
        self.script = script
        self.speed = speed
        self.autopilot = autopilot
        self.report = report
        self.failure: str | None = None

    async def play(self) -> None:
        driver = DemoDriver(self.app, Pilot(self.app), self.speed)
        panes: list[str] = []
        try:
            while True:
                pane_id = await driver.settled()
                if pane_id is None:
                    return
                if self.autopilot:
                    step = next_answer(self.script, panes, pane_id)
                else:
                    found = self.script.next_step(pane_id)
                    if found is None:
                        return  # the scenario is over: the viewer takes it from here
                    step = found
                await driver.sleep(PANE_PAUSE)
                await _apply(driver, step)
        except (StepError, RunFailure) as exc:
            self.failure = str(exc)
            if not self.autopilot:
                self.app.notify(f"The demo stopped: {exc}", severity="error", timeout=10)
                return
            if self.report is not None:
                self.report(f"the autopilot stopped: {exc}")
            self.app.action_quit_link()


def demo_app(script: Script | str, speed: float = 1.0, backend: BackendSpec = EMBEDDED,
             prepare: Callable[[Any], Any] | None = None, *, show_result: bool = True, autopilot: bool = False,
             preview: dict[str, Any] | None = None, report: Callable[[str], None] | None = None,
             web_redirects: bool = False, received_redirect_uri: str | None = None) -> tuple[LinkApp, Demo]:
    """The app and the demo that plays `script` (or the shipped scenario of that name) in it, started by the app's
    first paint: on the embedded sandbox `backend` describes (its latency: the scenario's, else 250 ms), or on a
    server and the link token it names (`preview`: that token's consent pane). On `autopilot` the script plays
    as a persona (`Script.as_persona`) and ends Link when it cannot go on."""
    if isinstance(script, str):
        script = load(str(scenario_path(script)))
    if autopilot:
        script = script.as_persona()
    body = dict(script.link_token)
    options = replace(script_options(script), web_redirects=web_redirects,
                      received_redirect_uri=received_redirect_uri)
    if isinstance(backend, Remote):
        remote, token = backend, backend.link_token
        assert token is not None, "a demo on a server plays a link token made there"
        launcher = Launcher(body, options, remote, prepare=prepare)

        def start() -> Any:
            session = http_session(remote, token, options)
            return prepare(session) if prepare is not None else session

        app = LinkApp(start=start, preview=preview, show_result=show_result, launcher=launcher)
    else:
        if script.options.get("use_last_item"):
            access_token = last_item(backend.state)
            if access_token is None:
                raise RunFailure(f"{Path(script.path).stem} continues an earlier scenario's Item, and none was linked")
            body["access_token"] = access_token
        backend = replace(backend, latency_ms=int(script.options.get("latency_ms", 250)))
        launcher = Launcher(body, options, backend, prepare=prepare)
        app = LinkApp(launcher.embedded(), show_result=show_result, launcher=launcher)
    demo = Demo(app, script, speed, autopilot=autopilot, report=report)

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
