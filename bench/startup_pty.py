"""Start-up as a person sees it: spawn in a real pseudo-terminal (80x24) until the first pane's text is on the
terminal's screen, tuilink against a bare Textual app, alternating, medians.

The clock starts just before the spawn and stops when the terminal emulator (pyte, fed every byte the program
writes) shows the text: "uses Plaid to connect" (tuilink's CONSENT pane) or the bare app's one Static. This
includes everything a user waits for — interpreter start, imports, the terminal handshake, layout, the
first frame reaching the terminal — which `bench/startup.py` (a callback after the first refresh) does not.

    .venv/bin/python bench/startup_pty.py
"""
from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time
from pathlib import Path

import pyte

RUNS = 15
TIMEOUT = 60.0
SIZE = (80, 24)
HERE = Path(__file__).resolve().parent
BARE = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("Hello from a bare Textual app")

Bare().run()
"""
TARGETS = {"tuilink": "uses Plaid to connect", "bare": "Hello from a bare Textual app"}


def command(kind: str) -> list[str]:
    if kind == "bare":
        return [sys.executable, "-c", BARE]
    return [sys.executable, "-m", "tuilink", "--latency-ms", "0"]


def run_once(kind: str, env: dict[str, str], quit_after: bool = False) -> float:
    """Seconds from spawn until the kind's text is on the pty's screen. `quit_after`: then quit it with Ctrl+Q
    and wait for it to exit (a warm-up run: what a program keeps between runs, such as tuilink's parsed CSS, is
    written as a user's run would write it)."""
    screen = pyte.Screen(*SIZE)
    stream = pyte.ByteStream(screen)
    started = time.perf_counter()
    reaped = False
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal of SIZE, then the program
        os.environ.update(env)
        os.environ["COLUMNS"], os.environ["LINES"] = str(SIZE[0]), str(SIZE[1])
        os.execv(command(kind)[0], command(kind))
    try:
        import fcntl
        import struct
        import termios

        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        deadline = started + TIMEOUT
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if not ready:
                continue
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            stream.feed(data)
            if any(TARGETS[kind] in line for line in screen.display):
                seen = time.perf_counter() - started
                if quit_after:
                    reaped = _quit(pid, fd)
                return seen
        raise RuntimeError(f"{kind}: the text never appeared: {screen.display!r}")
    finally:
        if not reaped:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)


def _quit(pid: int, fd: int) -> bool:
    """Ctrl+Q, then wait (reading its output) until the program has exited; whether it did."""
    os.write(fd, b"\x11")
    deadline = time.perf_counter() + TIMEOUT
    while time.perf_counter() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            return True
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                os.read(fd, 65536)
            except OSError:
                pass
    return False


def measure(runs: int = RUNS) -> dict[str, float]:
    sys.path.insert(0, str(HERE))
    from common import child_env, median

    env = child_env()
    env["TERM"] = "xterm-256color"
    times: dict[str, list[float]] = {"tuilink": [], "bare": []}
    for kind in times:  # warm-up: the bytecode cache, the OS file cache, tuilink's parsed-CSS file
        run_once(kind, env, quit_after=True)
    for _ in range(runs):
        for kind in times:
            times[kind].append(run_once(kind, env))
    result: dict[str, float] = {"runs": runs}
    for kind, samples in times.items():
        result[f"{kind}_visible"] = median(samples)
    # each round's pair ran back to back, under the same load: the median of their ratios is steadier than the
    # ratio of the medians on a noisy machine
    result["ratio"] = median([t / b for t, b in zip(times["tuilink"], times["bare"], strict=True)])
    return result


if __name__ == "__main__":
    for key, value in measure().items():
        print(f"{key:16} {value:.3f}" if isinstance(value, float) else f"{key:16} {value}")
