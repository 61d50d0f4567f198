"""tuilink's pytest plugin (entry point `pytest11`: `tuilink`): scenario scripts through the real Link UI, from a
test.

    def test_instant_auth(tuilink_flow):
        flow = tuilink_flow("scenarios/instant_auth.toml")      # or an inline TOML string
        assert flow.ok, flow.reason                             # the script's own [expect] held
        assert flow.callback["callback"] == "onSuccess"
        assert flow.public_token.startswith("public-sandbox-")

    def test_every_pane(tuilink_snapshots):
        tuilink_snapshots("scenarios/instant_auth.toml")        # one SVG per pane, compared with syrupy

`tuilink_flow` runs a script with `tuilink.scripts.runner.run_script`, exactly as `tuilink run` does, and hands
back a `FlowResult`. `tuilink_snapshots` also takes a picture of every pane the script answers and compares each
with its snapshot through pytest-textual-snapshot's SVG extension and report (`pytest --snapshot-update` writes
them). In an async test, `await tuilink_flow.arun(...)` / `await tuilink_snapshots.arun(...)`.

pytest loads this module at every start-up wherever tuilink is installed, so it imports nothing heavy: Textual,
pydantic and the sandbox are imported when a fixture first runs a flow.

PYTEST_DONT_REWRITE
"""
from __future__ import annotations

import json
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .runner import Chain, Driver
    from .script import Script

INLINE_PATH = "<inline script>"


@dataclass(frozen=True)
class FlowResult:
    """What one run of a scenario script handed back."""

    events: list[dict[str, Any]]
    """Every onEvent call in order, as `--events` writes them: `{"event_name": …, "metadata": {…}}`."""
    callback: dict[str, Any] | None
    """The callback JSON the CLI prints (`{"callback": "onSuccess", "public_token": …, "metadata": …}` or
    `{"callback": "onExit", "error": …, "metadata": …}`); None when the run stopped before Link called back."""
    ok: bool
    """The run went to the end (Link called back) and the script's own `[expect]` held."""
    reason: str = ""
    """Why not, in `tuilink run`'s words ("expected onSuccess, Link called onExit (ITEM_LOCKED)"); "" when ok."""
    panes: list[str] = field(default_factory=list)
    """The ids of the panes the script answered, in order (a pane visited twice is listed twice)."""

    @property
    def public_token(self) -> str | None:
        """onSuccess's public token (None after onExit or without a callback)."""
        return (self.callback or {}).get("public_token")

    @property
    def event_names(self) -> list[str]:
        return [e["event_name"] for e in self.events]


class TuilinkFlow:
    """The `tuilink_flow` fixture: call it with a script to run it through the real UI."""

    fixture_name = "tuilink_flow"

    def __init__(self, request: pytest.FixtureRequest) -> None:
        self._request = request
        self._chains: dict[str, Chain] = {}  # per server: the last public token, for a later `use_last_item`

    def __call__(self, script: str | os.PathLike[str], *, size: tuple[int, int] = (80, 24),
                 state: str | os.PathLike[str] | None = None, backend: str | None = None,
                 link_token: str | None = None, timeout: float = 10.0) -> FlowResult:
        """Run `script` (inline TOML in the scenario-script format, or the path of a .toml file; a relative path is
        relative to the test file's directory) headlessly through the real UI and return what Link handed back.

        size: the terminal (width, height). state: a SQLite state file, as `tuilink run --state` (shared by the
        calls that pass it: `use_last_item` continues the Item the previous one linked). backend: the URL of a
        `tuilink serve` instance to run against instead of the embedded sandbox; link_token: open this token
        there instead of creating one from the script's `[link_token]`; timeout: seconds to wait for the server.
        API keys for the server come from PLAID_CLIENT_ID / PLAID_SECRET, as for the CLI.

        A script that cannot be read or parsed raises `tuilink.scripts.script.ScriptError`; a run that goes wrong
        (a pane without an answer, an unmet `[expect]`) is reported in `ok` and `reason`, never raised."""
        import asyncio

        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass
        else:
            raise RuntimeError(f"{self.fixture_name}(...) runs its own event loop: in an async test, use "
                               f"`await {self.fixture_name}.arun(...)`")

        return asyncio.run(self.arun(script, size=size, state=state, backend=backend, link_token=link_token,
                                     timeout=timeout))

    async def arun(self, script: str | os.PathLike[str], *, size: tuple[int, int] = (80, 24),
                   state: str | os.PathLike[str] | None = None, backend: str | None = None,
                   link_token: str | None = None, timeout: float = 10.0) -> FlowResult:
        """The same, in an async test: `flow = await tuilink_flow.arun(script)`."""
        return await self._run(script, size=size, state=state, backend=backend, link_token=link_token,
                               timeout=timeout)

    async def _run(self, script: str | os.PathLike[str], *, size: tuple[int, int],
                   state: str | os.PathLike[str] | None, backend: str | None, link_token: str | None,
                   timeout: float, on_pane: Callable[[Driver, str], Awaitable[None]] | None = None) -> FlowResult:
        from ..backends.spec import backend_spec

        spec = backend_spec(backend=backend, state=os.fspath(state) if state is not None else None,
                            link_token=link_token, timeout=timeout, spell=lambda name: f"{name}=")
        parsed = self._script(script)
        from ..flow.events import event_json, result_json
        from .runner import Chain, run_script

        chain = self._chains.setdefault(backend or "", Chain())
        outcome = await run_script(parsed, spec, size=size, chain=chain, on_pane=on_pane)
        session = outcome.session
        return FlowResult(events=[json.loads(event_json(e)) for e in session.events] if session else [],
                          callback=json.loads(result_json(outcome.result)) if outcome.result else None,
                          ok=outcome.ok, reason=outcome.reason, panes=[str(p) for p in outcome.panes])

    def _script(self, script: str | os.PathLike[str]) -> Script:
        """A path (os.PathLike, or a string without a line break) is loaded; any other string is the script."""
        from .script import ScriptError, load, parse

        if isinstance(script, str) and "\n" in script:
            return parse(script, INLINE_PATH)
        path = Path(script)
        if not path.is_absolute():
            path = Path(self._request.path).parent / path
        try:
            return load(str(path))
        except ScriptError as exc:
            raise ScriptError(f"{path}: {exc}") from None


class TuilinkSnapshots(TuilinkFlow):
    """The `tuilink_snapshots` fixture: run a script like `tuilink_flow`, and snapshot-test every pane it answers.

    Each pane is pictured once it is on screen and still, before the script's answer is applied, at the run's
    terminal size; its snapshot is named by order and pane id (`test_x[01_CONSENT].svg`, `test_x[02_SELECT_
    INSTITUTION].svg`, …) in syrupy's `__snapshots__` directory next to the test file, the numbering going on
    across the flows of one test. The test fails when the flow did not go as scripted (nothing is compared then)
    or when any pane differs from its snapshot or has none; pytest-textual-snapshot's HTML report shows each
    difference. `pytest --snapshot-update` accepts them.
    """

    fixture_name = "tuilink_snapshots"

    def __init__(self, request: pytest.FixtureRequest, snapshot: Any) -> None:
        super().__init__(request)
        self._snapshot = snapshot
        self._pictured = 0  # panes pictured so far in this test

    async def _run(self, script: str | os.PathLike[str], *, size: tuple[int, int],
                   state: str | os.PathLike[str] | None, backend: str | None, link_token: str | None,
                   timeout: float, on_pane: Callable[[Driver, str], Awaitable[None]] | None = None) -> FlowResult:
        pictures: list[tuple[str, str]] = []

        async def picture(driver: Driver, pane_id: str) -> None:
            # settled as pytest-textual-snapshot settles an app before its picture (textual._doc)
            pilot = driver.pilot
            await driver.still()
            await pilot.pause()
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()
            await pilot.pause()
            await pilot.wait_for_scheduled_animations()
            svg = driver.app.export_screenshot(title=driver.app.title, simplify=True)
            self._pictured += 1
            pictures.append((f"{self._pictured:02d}_{pane_id}", svg))

        no_color = os.environ.pop("NO_COLOR", None)  # pictured in colour wherever the test runs
        try:
            flow = await super()._run(script, size=size, state=state, backend=backend, link_token=link_token,
                                      timeout=timeout, on_pane=picture)
        finally:
            if no_color is not None:
                os.environ["NO_COLOR"] = no_color
        if not flow.ok:
            pytest.fail(f"the flow did not go as scripted, so no pane was compared: {flow.reason}", pytrace=False)
        self._compare(pictures)
        return flow

    def _compare(self, pictures: list[tuple[str, str]]) -> None:
        """Each picture against its snapshot, as pytest-textual-snapshot's `snap_compare` compares one, with one
        entry per pane in its report."""
        import inspect
        import pickle

        # pytest-textual-snapshot is a single module with no type information (no py.typed, no stubs)
        from pytest_textual_snapshot import (
            PseudoApp,
            PseudoConsole,
            SVGImageExtension,
            node_to_report_path,
        )
        from rich.console import Console

        assertion = self._snapshot.use_extension(SVGImageExtension)
        node = self._request.node
        full_path, line_number, test_name = node.reportinfo()
        console = Console(legacy_windows=False, force_terminal=True)
        pseudo_app = PseudoApp(PseudoConsole(console.legacy_windows, console.size))
        report_path = node_to_report_path(node)
        differ: list[str] = []
        for name, svg in pictures:
            matched = assertion(name=name) == svg
            result = assertion.executions[assertion.num_executions - 1]
            exists = result.recalled_data is not None
            if not matched:
                differ.append(name if exists else f"{name} (no snapshot yet)")
            data = (matched, str(assertion), svg, pseudo_app, full_path, line_number, f"{test_name}[{name}]",
                    inspect.getdoc(node.function) or "", "", exists)
            report_path.with_name(f"{report_path.name}_{name}").write_bytes(pickle.dumps(data))
        if differ:
            pytest.fail(f"{len(differ)} of {len(pictures)} panes differ from their snapshots: {', '.join(differ)}. "
                        "Run pytest with --snapshot-update to accept them.", pytrace=False)


@pytest.fixture
def tuilink_flow(request: pytest.FixtureRequest) -> TuilinkFlow:
    """Run a scenario script (inline TOML or a .toml path) through the real Link UI: `tuilink_flow(script)` returns
    a FlowResult with `events`, `callback`, `public_token`, `ok`/`reason` (the script's `[expect]`) and `panes`."""
    return TuilinkFlow(request)


@pytest.fixture
def tuilink_snapshots(request: pytest.FixtureRequest) -> TuilinkSnapshots:
    """Like `tuilink_flow`, and snapshot-test every pane the flow visits (one SVG per pane; needs
    pytest-textual-snapshot: `pip install 'tuilink[pytest]'`)."""
    plugins = request.config.pluginmanager
    if not (plugins.has_plugin("textual-snapshot") and plugins.has_plugin("syrupy")):
        pytest.fail("tuilink_snapshots needs the pytest-textual-snapshot and syrupy plugins "
                    "(pip install 'tuilink[pytest]')", pytrace=False)
    return TuilinkSnapshots(request, request.getfixturevalue("snapshot"))
