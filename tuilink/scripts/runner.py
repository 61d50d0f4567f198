"""Run scenario scripts through the real Textual UI, headlessly.

Typing is batched: a field gets one `Paste` event (the Input's own paste handling), then the pane's own
button is pressed. The runner waits for the state it expects (the session's next pane on screen), never
for idleness, so a scripted flow costs a fraction of a second.
"""
from __future__ import annotations

import asyncio
import builtins
import gc
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from textual import events
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList, RadioButton, RadioSet

from ..backends.spec import EMBEDDED
from ..flow.events import EventLog, result_json
from ..flow.session import LinkSession  # not `from ..flow`: its lazy `__getattr__` types the name as Any
from ..flow.state import Options
from ..launch import BackendSpec, Embedded, Remote, embedded_session, http_backend
from ..plaid.errors import PlaidApiError
from ..plaid.models import LinkResult
from ..sandbox.catalogue import Catalogue
from ..sandbox.service import Sandbox
from ..sandbox.store import Store
from ..ui.app import LinkApp
from ..ui.screens.base import StepError, Steps
from ..ui.textual_internals import app_failure
from .script import Script, ScriptError, load

MAX_PANES = 60
FLOW_GC_THRESHOLDS = (10_000, 50, 100)  # Python's default: (700, 10, 10)
WAIT_SECONDS = 10.0

WidgetT = TypeVar("WidgetT", bound=Widget)


class RunFailure(StepError):
    """The run stopped: the message says why, in the user's terms."""


@dataclass
class Outcome:
    script: Script | None
    path: str
    ok: bool
    reason: str = ""
    session: LinkSession | None = None
    panes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def result(self) -> LinkResult | None:
        return self.session.result if self.session else None


class Driver:
    """Keys and clicks into the widgets of the pane on screen."""

    def __init__(self, app: LinkApp, pilot: Any) -> None:
        self.app = app
        self.pilot = pilot

    @property
    def session(self) -> LinkSession:
        """The app's session (it starts off the event loop, a moment after the first pane is painted)."""
        return self.app.session

    async def wait_until(self, condition: Any, what: str, timeout: float = WAIT_SECONDS) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            failure = app_failure(self.app) or self.app.action_error
            if failure is not None:
                raise RunFailure(f"the app failed: {failure!r}")
            if time.monotonic() > deadline:
                raise RunFailure(f"timed out waiting for {what}")
            await asyncio.sleep(0.002)

    def _ready(self) -> bool:
        s = self.app.session
        if s is None:  # still starting
            return False
        if s.finished:
            return True
        if s.pane.id == "LOADING" or s.busy:
            return False
        screen = self.app.screen
        pane = getattr(screen, "pane", None)
        if pane is None or pane.seq != s.pane.seq or not getattr(screen, "ready", False):
            return False
        if not self.app.show_hints:
            return True
        from ..ui.widgets.panels import HintsPanel  # loaded with the panel

        known = s.known_hints()  # the hints panel has the backend's hints for this pane
        return all(known is not None and panel.loaded and panel.hints == known
                   for panel in screen.query("#hints-panel").results(HintsPanel))

    async def settled(self) -> str | None:
        """The id of the pane on screen once it is interactive (None when Link has called back)."""
        await self.wait_until(self._ready, "the next pane")
        return None if self.session.finished else self.session.pane.id

    async def still(self) -> None:
        """Wait until the pane on screen is laid out and still (a pressed button's brief "active" look has
        passed), as a picture of it or a click on it needs."""
        await self.wait_until(lambda: not self.app.screen.query("Button.-active"), "buttons to settle")
        await self.pilot.pause()

    async def type(self, selector: str, text: str) -> None:
        field_ = self._one(selector, Input)
        field_.clear()
        field_.focus()
        if text:
            field_.post_message(events.Paste(text))
            expected = text.splitlines()[0] if text.splitlines() else ""
            if field_.max_length:
                expected = expected[: field_.max_length]
            await self.wait_until(lambda: field_.value == expected, f"{selector} to take the typed text", 2.0)

    async def commit(self, do: Any, what: str) -> None:
        """Do the step's final interaction and wait until Link reacts (a new or updated pane, or the end)."""
        seq = self.session.pane.seq
        result = do()
        if asyncio.iscoroutine(result):
            await result
        await self.wait_until(lambda: self.session.finished or self.session.pane.seq != seq,
                          f"Link to react on {self.session.pane.id} to {what}")

    async def press(self, selector: str) -> None:
        button = self._one(selector, Button)
        if button.disabled:
            raise RunFailure(f"{selector} is disabled on {self.session.pane.id}")
        await self.commit(button.press, f"pressing {selector}")

    async def search(self, selector: str, query: str) -> None:
        session = self.session
        seq = session.pane.seq
        await self.type(selector, query)
        await self.wait_until(lambda: getattr(session.pane, "query", None) == query[:256] and session.pane.seq != seq
                              and self._ready(), f"results for {query!r}")

    async def key(self, key: str) -> None:
        await self.commit(lambda: self.pilot.press(key), f"the {key} key")

    def _one(self, selector: str, kind: builtins.type[WidgetT]) -> WidgetT:
        found = self.app.screen.query(selector)
        if not found:
            raise RunFailure(f"{self.session.pane.id} has no {selector}")
        widget = found.first()
        if not isinstance(widget, kind):
            raise RunFailure(f"{selector} on {self.session.pane.id} is not a {kind.__name__}")
        return widget

    async def choose_option(self, selector: str, option_id: str) -> None:
        options = self._one(selector, OptionList)
        try:
            index = options.get_option_index(option_id)
        except Exception:
            raise RunFailure(f"{option_id} is not listed on {self.session.pane.id}") from None
        options.highlighted = index
        await self.commit(options.action_select, f"selecting {option_id}")

    async def choose_radio(self, selector: str, label: str, labels: list[str]) -> None:
        radios = self._one(selector, RadioSet)
        if label not in labels:
            raise RunFailure(f"{label!r} is not one of {labels} on {self.session.pane.id}")
        index = labels.index(label)
        buttons = list(radios.query(RadioButton))
        buttons[index].value = True
        await self.wait_until(lambda: radios.pressed_index == index, f"{label!r} to be chosen", 2.0)


async def _apply(driver: Driver, step: dict[str, Any]) -> None:
    """Carry out one step on the pane on screen: its view knows how (`Steps.apply_step`)."""
    screen = driver.app.screen
    if not isinstance(screen, Steps):
        raise RunFailure(f"{driver.session.pane.id} is not a Link pane")
    await screen.apply_step(driver, step)


async def walk(app: LinkApp, pilot: Any, steps: list[dict[str, Any]]) -> Driver:
    """Apply `steps` (script step tables) pane by pane, then wait until the pane on screen is settled, laid out
    and still (a pressed button's brief "active" look has passed), as a picture of it or a click on it needs."""
    driver = Driver(app, pilot)
    for step in steps:
        pane = await driver.settled()
        if pane is None:
            raise RunFailure("Link called back before the steps ran out")
        await _apply(driver, step)
    if await driver.settled() is not None:
        await driver.still()
    else:
        await pilot.pause()  # lets the callback reach the app (it exits with the result)
    return driver


def _null(value: Any) -> Any:
    """TOML has no null: "null" (or "") in [expect] stands for it."""
    return None if value in ("", "null") else value


def _event_label(event: Any) -> str:
    view = event.metadata.view_name
    return f"{event.event_name}:{view}" if event.event_name == "TRANSITION_VIEW" or (
        event.event_name == "OPEN" and view) else event.event_name


def check_expectations(script: Script, session: LinkSession) -> str | None:
    """The first way the run differs from `[expect]`, or None."""
    expect = script.expect
    result = session.result
    if result is None:
        return "Link did not call back"
    if "callback" in expect and result.callback != expect["callback"]:
        detail = ""
        if result.callback == "onExit" and result.error:
            detail = f" ({result.error['error_code']})"
        return f"expected {expect['callback']}, Link called {result.callback}{detail}"
    if "events" in expect:
        got = [_event_label(e) for e in session.events]
        want = [str(e) for e in expect["events"]]
        normalised = [g if (":" in w or ":" not in g) else g.split(":")[0] for g, w in zip(got, want, strict=False)]
        if normalised != want or len(got) != len(want):
            for i, (g, w) in enumerate(zip(normalised, want, strict=False)):
                if g != w:
                    return f"event #{i + 1}: expected {w}, got {got[i]} (events: {', '.join(got)})"
            if len(got) > len(want):
                return f"unexpected extra events: {', '.join(got[len(want):])}"
            return f"missing events: {', '.join(want[len(got):])}"
    if "error_code" in expect:
        code = result.error["error_code"] if result.callback == "onExit" and result.error else None
        if code != _null(expect["error_code"]):
            return f"expected error {expect['error_code']}, got {code}"
    if "status" in expect:
        status = result.metadata.status if result.callback == "onExit" else None
        if status != _null(expect["status"]):
            return f"expected exit status {expect['status']}, got {status}"
    if "verification_status" in expect:
        want_vs = _null(expect["verification_status"])
        statuses = [a.verification_status for a in result.metadata.accounts] if result.callback == "onSuccess" \
            else []
        if not statuses or any(s != want_vs for s in statuses):
            return f"expected verification_status {want_vs}, got {statuses}"
    return None


@dataclass
class Chain:
    """What one script of a run leaves for the next on a `tuilink serve` instance: the public token of its
    onSuccess, which a later `use_last_item` script exchanges as the developer's app server would."""

    last_public_token: str | None = None


async def _remote_session(remote: Remote, body: dict[str, Any], options: Options) -> LinkSession:
    """A session on a `tuilink serve` instance: the given link token, or one created from the script's body."""
    backend = http_backend(remote)
    token = remote.link_token
    if token is None:
        try:
            token = (await backend.link_token_create(body)).link_token
        except PlaidApiError:
            await backend.aclose()
            raise
    return LinkSession(backend, token, options)


async def _last_access_token(remote: Remote, chain: Chain) -> str:
    """The access token of the Item the previous script linked on the server: its public token exchanged with
    /item/public_token/exchange, as the developer's app server would."""
    from ..link.errors import make_error

    if not chain.last_public_token:
        raise make_error("INVALID_PUBLIC_TOKEN", "no earlier script in this run ended with onSuccess")
    backend = http_backend(remote)
    try:
        answer = await backend.post("/item/public_token/exchange", {"public_token": chain.last_public_token})
        return str(answer["access_token"])
    finally:
        await backend.aclose()


def script_options(script: Script) -> Options:
    """The session options a script's [options] table asks for."""
    return Options(returning_user=bool(script.options.get("returning_user", True)),
                   account_select=script.options.get("account_select", "multiple"))


def last_item(state: str | None) -> str | None:
    """The access token of the Item linked last in the `state` file (what `use_last_item` continues)."""
    items = Store(state).all_items() if state else []
    return items[-1].access_token if items else None


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Python's cyclic garbage collector, run less often while a flow runs. Each app leaves thousands of
    objects in reference cycles (widgets and their parents, caches) and, at the default thresholds, the
    collector's passes over everything still alive took about a quarter of a scripted flow's time. The
    thresholds are put back when the flow ends; memory use grows by a few megabytes at most."""
    saved = gc.get_threshold()
    gc.set_threshold(*FLOW_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*saved)


def next_answer(script: Script, panes: list[str], pane_id: str) -> dict[str, Any]:
    """The script's step for the pane on screen, `pane_id` added to `panes` (those answered so far). A pane the
    script has no answer for, or more than MAX_PANES of them (a loop), is a RunFailure."""
    panes.append(pane_id)
    if len(panes) > MAX_PANES:
        raise RunFailure(f"more than {MAX_PANES} panes: the script loops ({' → '.join(panes[-6:])})")
    step = script.next_step(pane_id)
    if step is None:
        raise RunFailure(f"no answer for {pane_id}")
    return step


async def _drive(app: LinkApp, script: Script, outcome: Outcome, size: tuple[int, int],
                 on_pane: Callable[[Driver, str], Awaitable[None]] | None) -> None:
    """Answer each pane the app shows with the script's step for it, until Link calls back."""
    async with app.run_test(headless=True, size=size) as pilot:
        driver = Driver(app, pilot)
        while True:
            pane_id = await driver.settled()
            if pane_id is None:
                break
            if on_pane is not None:
                await on_pane(driver, pane_id)
            step = next_answer(script, outcome.panes, pane_id)
            if "view" in step and step["view"] != pane_id:
                raise RunFailure(f"expected {step['view']}, Link shows {pane_id}")
            await _apply(driver, step)


async def run_script(script: Script, backend: BackendSpec = EMBEDDED, *, size: tuple[int, int] = (80, 24),
                     events_log: EventLog | None = None, chain: Chain | None = None, catalogue: Catalogue | None = None,
                     on_pane: Callable[[Driver, str], Awaitable[None]] | None = None) -> Outcome:
    """Run one script through the real UI on `backend`: the embedded sandbox (its state file; `catalogue`, the
    spec's catalogue already loaded) or a tuilink serve instance. `chain` carries what one script leaves for the
    next (a remote run's last public token). `on_pane(driver, pane_id)` is awaited on every pane the script
    answers, once it is on screen and before the answer is applied."""
    started = time.perf_counter()
    options = script_options(script)
    body = dict(script.link_token)
    chain = chain if chain is not None else Chain()
    if script.options.get("use_last_item") and isinstance(backend, Remote):  # exchanged as an app server would
        try:
            body["access_token"] = await _last_access_token(backend, chain)
        except PlaidApiError as exc:
            return Outcome(script, script.path, False, f"use_last_item: {exc}")
    elif script.options.get("use_last_item"):  # a second session for the Item the previous script linked
        access_token = last_item(backend.state if isinstance(backend, Embedded) else None)
        if access_token is None:
            return Outcome(script, script.path, False, "use_last_item needs --state with an Item in it")
        body["access_token"] = access_token
    try:
        if isinstance(backend, Remote):
            session = await _remote_session(backend, body, options)
        else:
            sandbox = Sandbox(Store(backend.state), catalogue if catalogue is not None else backend.load_catalogue())
            session = embedded_session(body, options, latency_ms=int(script.options.get("latency_ms", 0)),
                                       sandbox=sandbox)
    except PlaidApiError as exc:
        return Outcome(script, script.path, False, f"[link_token] {exc.error.error_code}: {exc.error.error_message}")
    if events_log is not None:
        session.event_listeners.append(events_log)
    outcome = Outcome(script, script.path, False, session=session)
    app = LinkApp(session, test_mode=True)
    try:
        with fewer_collections():
            await _drive(app, script, outcome, size, on_pane)
    except Exception as exc:  # a failure of the run (or of the app) is reported, never raised
        outcome.reason = str(exc) if isinstance(exc, StepError) else f"the app failed: {exc!r}"
        outcome.seconds = time.perf_counter() - started
        return outcome
    finally:
        await session.backend.aclose()
        result = session.result
        if result is not None and result.callback == "onSuccess":
            chain.last_public_token = result.public_token
    outcome.seconds = time.perf_counter() - started
    problem = check_expectations(script, session)
    outcome.ok = problem is None
    outcome.reason = problem or ""
    return outcome


async def run_paths(paths: list[str], backend: BackendSpec = EMBEDDED, *, size: tuple[int, int] = (80, 24),
                    events_path: str | None = None) -> list[Outcome]:
    """Run scripts one after another on `backend` (on the embedded sandbox, each script on its own sandbox over
    the spec's state file, the catalogue loaded once)."""
    outcomes = []
    chain = Chain()
    catalogue = backend.load_catalogue() if isinstance(backend, Embedded) else None
    events_file = open(events_path, "a", encoding="utf-8") if events_path else None
    try:
        for path in paths:
            try:
                script = load(path)
            except ScriptError as exc:
                outcomes.append(Outcome(None, path, False, str(exc)))
                continue
            outcome = await run_script(script, backend, size=size, chain=chain, catalogue=catalogue,
                                       events_log=EventLog(events_file) if events_file else None)
            outcomes.append(outcome)
    finally:
        if events_file:
            events_file.close()
    return outcomes


def run_scripts(paths: list[str], backend: BackendSpec = EMBEDDED, *, events_path: str | None = None,
                result_path: str | None = None, size: tuple[int, int] = (80, 24)) -> bool:
    """`tuilink run`: one PASS/FAIL line per script; True when every script met its expectations."""
    outcomes = asyncio.run(run_paths(paths, backend, size=size, events_path=events_path))
    last = next((o.result for o in reversed(outcomes) if o.result is not None), None)
    if result_path and last is not None:  # before the report: a closed stdout must not lose it
        with open(result_path, "w", encoding="utf-8") as f:
            f.write(result_json(last) + "\n")
    for o in outcomes:
        print(f"PASS {o.path}" if o.ok else f"FAIL {o.path}: {o.reason}", flush=True)
    return all(o.ok for o in outcomes)
