"""Terminal faults: whatever the terminal does to Link, it survives and says how the session ended.

- Resize: every pane of the catalogue (tuilink/scripts/panes.py), and the LOADING and result screens, resized
  from 40×12 to 300×100 and back. At every size the app is alive, the same pane is on screen with the same
  focus, and it renders; back at 80×24 it looks exactly as it did before, and where the catalogue has a next
  step for the pane, that step still works.
- Ctrl+C (the key, and SIGINT) and Ctrl+Q mid-flow, on a real pseudo-terminal: `tuilink` leaves at once with
  onExit (the status of the pane left), written to --result and printed on stdout once the terminal has been
  given back, exit status 1 (README: an onExit exits 1).
- A closed stdout: no traceback, a sensible exit status (1, click's answer to a broken pipe; 0 when there is
  no stdout at all, where Python drops what is printed), and nothing else lost (--result is still written).

Found and fixed this way: Ctrl+C did nothing and said nothing (Textual's hint names its own quit action, which
Link replaces); it now leaves as Ctrl+Q does. `tuilink run --result FILE` with a closed stdout wrote no FILE.
"""
from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pyte
import pytest
from textual.drivers.headless_driver import HeadlessDriver
from textual.events import Resize
from textual.geometry import Size

from tests.conftest import ROOT
from tests.fuzzing import count
from tests.helpers import make_app, to_loading
from tuilink.scripts import panes
from tuilink.scripts.runner import Driver, _apply, walk
from tuilink.ui.screens.result import ResultScreen
from tuilink.ui.textual_internals import app_failure, laid_out_size

# From the smallest terminal Link is worth opening in to a very large one, and back.
SIZES = [(40, 12), (60, 20), (80, 24), (120, 40), (200, 60), (300, 100), (40, 12), (80, 24)]
DRAWN_IN_FULL = {0, SIZES.index(max(SIZES))}  # the smallest and the largest: a screenshot there too
RESIZE = "terminal resize 40x12..300x100"


def _next_steps() -> dict[str, dict]:
    """Catalogue entry → the step that another entry (same settings) takes from its pane: the pane's normal
    action, tried after the round trip."""
    found: dict[str, dict] = {}
    for name, (settings, steps) in panes.PANES.items():
        for other_settings, other_steps in panes.PANES.values():
            if other_settings == settings and other_steps[:-1] == steps and len(other_steps) == len(steps) + 1:
                found.setdefault(name, other_steps[-1])
    return found


NEXT_STEPS = _next_steps()


async def _resize(app, driver: Driver, width: int, height: int) -> None:
    """What `pilot.resize_terminal` does (the headless driver's size, then a Resize event), waiting until the
    screen has been laid out at the new size instead of for an idle CPU: that pause costs 20 to 50 ms, which over
    8 sizes of 57 screens would be much of this file's time. The screen lays out and draws every widget at the
    new size in one step (Screen._refresh_layout), so once its compositor has the new size, it has been drawn
    at it. (The last resize of each round trip goes through `pilot.resize_terminal` itself.)"""
    size = Size(width, height)
    assert isinstance(app._driver, HeadlessDriver)
    app._driver._size = size
    app.post_message(Resize(size, size))
    await driver.wait_until(lambda: laid_out_size(app.screen) == tuple(size),
                            f"the screen laid out at {width}x{height}")


async def _round_trip(app, pilot, tmp_path: Path, *, same_picture: bool = True) -> None:
    """Resize through SIZES; after each size the app is alive (it has drawn the screen at that size: see
    `_resize`) and the same screen, pane and focus are on it. Back at 80×24 it looks as it did before (unless
    `same_picture` is False: a screen that moves by itself)."""
    driver = Driver(app, pilot)
    session = app.session
    screen, focused = app.screen, app.focused
    pane = (session.pane.id, session.pane.seq)
    before = app.export_screenshot()
    for i, (width, height) in enumerate(SIZES):
        if i == len(SIZES) - 1:
            await pilot.resize_terminal(width, height)  # Textual's own, with its pause
            # its pause waits for an idle CPU, not for the layout: on a busy machine the screen could still be at
            # the old size, so wait for the layout itself before comparing pictures
            size = Size(width, height)
            await driver.wait_until(lambda size=size: laid_out_size(app.screen) == tuple(size),
                                    f"the screen laid out at {width}x{height}")
        else:
            await _resize(app, driver, width, height)
        where = f"at {width}x{height}"
        assert app_failure(app) is None and app.action_error is None, where
        assert app.is_running and app.return_code is None, f"the app closed {where}"
        assert app.screen is screen, f"{type(app.screen).__name__} replaced {type(screen).__name__} {where}"
        assert (session.pane.id, session.pane.seq) == pane, f"the session moved {where}"
        assert app.focused is focused, f"focus moved from {focused!r} to {app.focused!r} {where}"
        assert focused is None or focused.screen is screen, where
        if i in DRAWN_IN_FULL:
            app.export_screenshot()
    count("faults", RESIZE, len(SIZES))
    assert app.size == (80, 24) and screen.size == (80, 24)
    if same_picture:
        after = app.export_screenshot()
        if after != before:
            (tmp_path / "before.svg").write_text(before)
            (tmp_path / "after.svg").write_text(after)
            pytest.fail(f"{session.pane.id} looks different after the round trip: {tmp_path}/before.svg, after.svg")


def test_every_pane_of_the_catalogue_is_resized():
    marks = {m.name: m for m in test_a_pane_survives_resizing.pytestmark}
    assert list(marks["parametrize"].args[1]) == list(panes.PANES)
    assert set(NEXT_STEPS) <= set(panes.PANES) and len(NEXT_STEPS) >= 10


@pytest.mark.parametrize("name", list(panes.PANES))
async def test_a_pane_survives_resizing(name, tmp_path):
    settings, steps = panes.PANES[name]
    app = panes.make_app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        driver = await walk(app, pilot, steps)
        assert not app.session.finished
        await _round_trip(app, pilot, tmp_path)
        if name in NEXT_STEPS:  # the pane still does what it is for
            await _apply(driver, NEXT_STEPS[name])
            await driver.settled()
        assert app_failure(app) is None and app.action_error is None


async def test_the_loading_pane_survives_resizing(tmp_path):
    app = make_app(latency_ms=60_000)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_loading(app, pilot)
        await _round_trip(app, pilot, tmp_path, same_picture=False)  # its spinner turns


async def test_the_result_screen_survives_resizing(tmp_path):
    app = make_app(show_result=True)
    async with app.run_test(size=(80, 24)) as pilot:
        driver = await walk(app, pilot, panes.LOGIN + [{"accounts": ["0000"]}, {"action": "continue"}])
        await driver.wait_until(lambda: isinstance(app.screen, ResultScreen) and app.screen.ready, "the result screen")
        await pilot.pause()
        await _round_trip(app, pilot, tmp_path)
        await pilot.press("q")  # it still quits
        await pilot.pause()
    assert app.return_value is app.session.result and app.return_value.callback == "onSuccess"


async def test_ctrl_c_copies_a_selection_and_otherwise_leaves():
    """In the app: Ctrl+C with text selected copies it (Textual's Input) and Link stays; with nothing selected,
    it leaves as Ctrl+Q does, with onExit."""
    settings, steps = panes.PANES["credential"]
    app = panes.make_app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        driver = await walk(app, pilot, steps)
        await driver.type("#username", "user_good")
        field = app.screen.query_one("#username")
        field.selection = type(field.selection)(0, 4)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.clipboard == "user" and app.is_running and not app.session.finished
        field.selection = type(field.selection).cursor(9)
        await pilot.press("ctrl+c")
        await driver.wait_until(lambda: not app.is_running, "the app to close")
    assert app.return_value is app.session.result
    assert app.return_value.callback == "onExit" and app.return_value.metadata.status == "requires_credentials"


# --- Ctrl+C and Ctrl+Q on a real terminal ------------------------------------------------------------------------

ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")
LEAVE_ALTERNATE_SCREEN = b"\x1b[?1049l"
TROUBLE = ("Traceback", "BrokenPipeError", "Exception ignored")


def _visible(raw: bytes) -> str:
    return ESCAPES.sub("", raw.decode(errors="replace"))


class Terminal:
    """`tuilink ARGS` on a pseudo-terminal of 80×24 (or `size`, given only by the terminal itself, not by
    COLUMNS and LINES); what it writes is kept in `output`. With `stdout` = "closed pipe", its stdout is a pipe
    whose reader has already gone; with a Path, stdout is redirected to that file."""

    def __init__(self, args: list[str], *, stdout: str | Path = "terminal",
                 size: tuple[int, int] | None = None, ignore_hangup: bool = False) -> None:
        self.output = b""
        self.status: int | None = None
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: tuilink on the terminal
            try:
                if stdout == "closed pipe":
                    read, write = os.pipe()
                    os.close(read)
                    os.dup2(write, 1)
                    os.close(write)
                elif isinstance(stdout, Path):
                    file = os.open(stdout, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
                    os.dup2(file, 1)
                    os.close(file)
                if ignore_hangup:  # as under `make run`: SIGHUP does not end it when the terminal goes
                    signal.signal(signal.SIGHUP, signal.SIG_IGN)
                os.chdir(ROOT)
                env = {**os.environ, "TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none"}
                if size is None:
                    env.update(COLUMNS="80", LINES="24")
                else:  # the terminal's own size, set before tuilink starts
                    env.pop("COLUMNS", None)
                    env.pop("LINES", None)
                    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
                os.execvpe(sys.executable, [sys.executable, "-m", "tuilink", *args], env)
            finally:
                os._exit(127)
        if size is None:
            fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self._mark = 0

    def _read(self, wait: float = 0.05) -> bool:
        """Read what is there (False once the terminal is closed: the child has gone)."""
        ready, _, _ = select.select([self.fd], [], [], wait)
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: the child closed its side
            return False
        self.output += chunk
        return bool(chunk)

    def wait_for(self, text: str, timeout: float = 60) -> None:
        """Wait until `text` has appeared on screen since the last key typed."""
        deadline = time.monotonic() + timeout
        while text not in _visible(self.output[self._mark:]):
            if time.monotonic() > deadline:
                raise AssertionError(f"never saw {text!r}: {_visible(self.output[self._mark:])[-1500:]!r}")
            if not self._read() and self.exited():
                raise AssertionError(f"tuilink ended before {text!r} (status {self.status}): "
                                     f"{_visible(self.output)[-1500:]!r}")
        time.sleep(0.15)  # painted; let the pane become interactive
        self._read(0)

    def type(self, keys: str) -> None:
        self._mark = len(self.output)
        for key in keys:
            os.write(self.fd, key.encode())
            time.sleep(0.02)

    def exited(self) -> bool:
        if self.status is None:
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.status = os.waitstatus_to_exitcode(status)
        return self.status is not None

    def wait_exit(self, timeout: float = 30) -> int:
        deadline = time.monotonic() + timeout
        while not self.exited():
            if time.monotonic() > deadline:
                raise AssertionError(f"tuilink did not exit: {_visible(self.output)[-1500:]!r}")
            self._read()
        while True:  # what the child wrote last, until its side of the terminal is closed (or quiet)
            ready, _, _ = select.select([self.fd], [], [], 0.5)
            try:
                chunk = os.read(self.fd, 65536) if ready else b""
            except OSError:
                chunk = b""
            if not chunk:
                break
            self.output += chunk
        assert self.status is not None
        return self.status

    def close(self) -> None:
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        os.close(self.fd)


def _mid_flow(term: Terminal, where: str) -> None:
    """Consent → search (→ credentials, with half a username typed)."""
    term.wait_for("Continue")
    term.type("\r")
    term.wait_for("Select your institution")
    term.type("first platyp")
    term.wait_for("First Platypus Bank")
    if where == "CREDENTIAL":
        term.type("\r")
        term.wait_for("Password")
        term.type("user_go")
        term.wait_for("user_go")


# how the user leaves → (the pane left, the status onExit reports for it: README's table)
LEAVING = {
    "Ctrl+C": ("CREDENTIAL", "requires_credentials"),
    "Ctrl+Q": ("SELECT_INSTITUTION", "institution_not_found"),
    "SIGINT": ("CREDENTIAL", "requires_credentials"),
}


@pytest.mark.parametrize("how", list(LEAVING))
def test_leaving_mid_flow_reports_on_exit(how, tmp_path):
    """Ctrl+C as a key (the terminal is in raw mode: no signal), as SIGINT (a terminal not in raw mode, or `kill
    -INT`), and Ctrl+Q, each mid-flow: Link leaves at once, with no dialog, and reports onExit."""
    where, status = LEAVING[how]
    result, events = tmp_path / "result.json", tmp_path / "events.jsonl"
    term = Terminal(["--no-returning-user", "--latency-ms", "0", "--result", str(result), "--events", str(events)])
    try:
        _mid_flow(term, where)
        if how == "SIGINT":
            os.kill(term.pid, signal.SIGINT)
        else:
            term.type({"Ctrl+C": "\x03", "Ctrl+Q": "\x11"}[how])
        code = term.wait_exit()
    finally:
        term.close()
    count("faults", f"{how} mid-flow on a pty")
    shown = _visible(term.output)
    assert not any(t in shown for t in TROUBLE), shown[-2000:]
    assert code == 1, f"exit status {code}: {shown[-1500:]!r}"
    written = result.read_text(encoding="utf-8").splitlines()
    assert len(written) == 1, written
    callback = json.loads(written[0])
    assert callback["callback"] == "onExit" and callback["error"] is None, callback
    assert callback["metadata"]["status"] == status, callback
    institution = callback["metadata"]["institution"]
    assert (institution or {}).get("institution_id") == ("ins_109508" if where == "CREDENTIAL" else None), callback
    assert callback["metadata"]["link_session_id"]
    assert json.loads(events.read_text(encoding="utf-8").splitlines()[-1])["event_name"] == "EXIT"
    # stdout: the same JSON, once Link has given the terminal back (left the alternate screen)
    assert LEAVE_ALTERNATE_SCREEN in term.output, "the terminal was not given back"
    after = _visible(term.output.rsplit(LEAVE_ALTERNATE_SCREEN, 1)[1])
    printed = [line.strip() for line in after.splitlines() if line.strip().startswith("{")]
    assert [json.loads(line) for line in printed] == [callback], after


def test_a_closed_stdout_under_link(tmp_path):
    """`tuilink --result FILE | consumer` where the consumer has gone: Link runs (it draws on stderr), Ctrl+Q
    leaves, the callback cannot be printed, and that is all: no traceback, --result written, onExit's status."""
    result = tmp_path / "result.json"
    term = Terminal(["--no-returning-user", "--latency-ms", "0", "--result", str(result)], stdout="closed pipe")
    try:
        _mid_flow(term, "CREDENTIAL")
        term.type("\x11")
        code = term.wait_exit()
    finally:
        term.close()
    count("faults", "closed stdout")
    shown = _visible(term.output)
    assert not any(t in shown for t in TROUBLE), shown[-2000:]
    assert code == 1
    assert json.loads(result.read_text(encoding="utf-8"))["callback"] == "onExit"
    assert '"callback"' not in shown  # it had nowhere to go


# --- a closed stdout ---------------------------------------------------------------------------------------------

INSTANT_AUTH = os.path.join(ROOT, "assets", "scenarios", "instant_auth.toml")
COMMANDS = {
    "help": ["--help"],  # click's own output
    "institutions": ["institutions"],
    "demo list": ["demo", "--list"],
    "run": ["run", INSTANT_AUTH, "--result", "{result}"],
}


def _command(name: str, tmp_path: Path) -> list[str]:
    return [sys.executable, "-m", "tuilink", *(a.format(result=tmp_path / "result.json") for a in COMMANDS[name])]


def _no_traceback(stderr: str) -> None:
    assert not any(t in stderr for t in TROUBLE), stderr


def test_with_stdout_redirected_link_draws_at_the_terminals_size(tmp_path):
    """`tuilink > result.json` in a 120×40 window: Link draws on the terminal at 120×40 (Textual alone would read
    the size from stdout and draw at 80×24), and the callback JSON goes to the file."""
    result = tmp_path / "result.json"
    term = Terminal(["--no-returning-user"], stdout=result, size=(120, 40))
    try:
        term.wait_for("uses Plaid to connect")
        term.wait_for("Palette")  # the key hints' last
        screen = pyte.Screen(120, 40)
        pyte.ByteStream(screen).feed(term.output)
        rows = [row for row, line in enumerate(screen.display) if "uses Plaid to connect" in line]
        hints = [row for row, line in enumerate(screen.display) if "Quit" in line]
        assert rows and hints and hints[-1] == 39, "\n".join(screen.display)  # key hints on the 40th row
        assert screen.display[rows[0]].index("uses Plaid") > 30  # the card centred in 120 columns
        term.type("\r")  # Continue (the consent pane paints before the session exists: a pane after it does not)
        term.wait_for("Select your institution")
        term.type("\x11")  # Ctrl+Q
        assert term.wait_exit() == 1  # onExit
    finally:
        term.close()
    callback = json.loads(result.read_text())
    assert callback["callback"] == "onExit" and b"onExit" not in term.output


def test_the_demo_with_stdout_redirected_draws_at_the_terminals_size(tmp_path):
    """`tuilink demo > result.json` in a 120×40 window: the result screen's card is its full 100 columns, and the
    callback goes to the file."""
    result = tmp_path / "result.json"
    term = Terminal(["demo", "--speed", "20"], stdout=result, size=(120, 40))
    try:
        term.wait_for("onSuccess:")
        term.wait_for("Palette")
        screen = pyte.Screen(120, 40)
        pyte.ByteStream(screen).feed(term.output)
        title = next(line for line in screen.display if "onSuccess:" in line)
        assert title.rstrip().endswith("│") and len(title.rstrip()) >= 105, "\n".join(screen.display)
        term.type("q")
        assert term.wait_exit() == 0
    finally:
        term.close()
    assert json.loads(result.read_text())["callback"] == "onSuccess"


def test_a_terminal_that_goes_away_ends_link_with_on_exit(tmp_path):
    """A closed window or a killed tmux session hangs the terminal up. Even when SIGHUP does not end tuilink (it
    did not under `make run`), Link leaves with onExit instead of spinning a core with nobody to see it."""
    result = tmp_path / "result.json"
    term = Terminal(["--no-returning-user", "--result", str(result)], ignore_hangup=True)
    try:
        term.wait_for("Continue")
        term.type("\r")
        term.wait_for("Select your institution")
        os.close(term.fd)  # the terminal goes away
        deadline = time.monotonic() + 60
        while not term.exited():
            assert time.monotonic() < deadline, "tuilink did not leave after its terminal went away"
            time.sleep(0.1)
    finally:
        if not term.exited():
            os.kill(term.pid, signal.SIGKILL)
            os.waitpid(term.pid, 0)
    callback = json.loads(result.read_text())
    assert callback["callback"] == "onExit" and callback["metadata"]["status"] == "institution_not_found"


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_stdout_whose_reader_has_gone(name, tmp_path):
    """Every write to stdout fails (EPIPE): one exit status 1, no traceback, --result still written."""
    read, write = os.pipe()
    os.close(read)
    try:
        out = subprocess.run(_command(name, tmp_path), stdout=write, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                             timeout=120)
    finally:
        os.close(write)
    count("faults", "closed stdout")
    _no_traceback(out.stderr)
    assert out.returncode == 1, out
    if name == "run":
        assert json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))["callback"] == "onSuccess"


@pytest.mark.parametrize("name", ["institutions", "run"])
def test_no_stdout_at_all(name, tmp_path):
    """`tuilink ... >&-`: Python has no sys.stdout, what is printed is dropped; the run is otherwise whole."""
    out = subprocess.run(["sh", "-c", 'exec "$@" >&-', "sh", *_command(name, tmp_path)], stderr=subprocess.PIPE,
                         text=True, cwd=ROOT, timeout=120)
    count("faults", "closed stdout")
    _no_traceback(out.stderr)
    assert out.returncode == 0, out
    if name == "run":
        assert json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))["callback"] == "onSuccess"


def test_a_reader_that_stops_early():
    """`tuilink institutions | head -c 10`: the reader takes ten bytes and closes; the rest cannot be written."""
    proc = subprocess.Popen(_command("institutions", Path(".")), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=ROOT)
    assert proc.stdout is not None and proc.stderr is not None
    try:
        assert len(proc.stdout.read(10)) == 10
        proc.stdout.close()
        stderr = proc.stderr.read().decode()
        code = proc.wait(120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()
    count("faults", "closed stdout")
    _no_traceback(stderr)
    assert code in (0, 1)  # 0 if it had written everything before the reader went
