"""`tuilink web` as a user starts it: a subprocess on a free port, stopped (with every session it started)
at the end of the test."""
from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from tests.conftest import ROOT
from tests.server.test_faults import free_port

TUILINK = [sys.executable, "-m", "tuilink"]
T = TypeVar("T")


def wait_for(what: str, check: Callable[[], T], timeout: float, proc: subprocess.Popen | None = None,
             pause: Callable[[float], Any] = time.sleep) -> T:
    """Poll `check` until it returns something truthy; fail after `timeout` seconds, or as soon as `proc` dies.
    `pause` waits between polls (a browser test passes Playwright's, which lets page events arrive meanwhile)."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"tuilink web exited ({proc.returncode}) while waiting for {what}")
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} after {timeout:.0f} s")
        pause(0.03)


class Running:
    """A running `tuilink web`: its URL and what it has written on stdout/stderr so far."""

    def __init__(self, proc: subprocess.Popen, out: Path, err: Path) -> None:
        self.proc, self._out, self._err = proc, out, err
        self.url = ""

    @property
    def stdout(self) -> str:
        return self._out.read_text(errors="replace")

    @property
    def stderr(self) -> str:
        return self._err.read_text(errors="replace")


@contextlib.contextmanager
def tuilink_web(tmp_path: Path, *args: str, port: int | None = None, timeout: float = 60) -> Iterator[Running]:
    """Start `tuilink web --port PORT ARGS...`, wait for the URL it prints, and stop it (and the sessions it
    started: they share its process group) when done."""
    with tuilink_server(tmp_path, "web", r"open (http://\S+) in a browser", "--port", str(port or free_port()),
                        *args, timeout=timeout) as running:
        yield running


@contextlib.contextmanager
def tuilink_server(tmp_path: Path, command: str, url: str, *args: str, timeout: float = 60) -> Iterator[Running]:
    """Start `tuilink COMMAND ARGS...` in a process group of its own, wait for the address it prints (the first
    group of the `url` pattern), and stop it and the processes it started when done."""
    out, err = tmp_path / f"{command}.stdout", tmp_path / f"{command}.stderr"
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        proc = subprocess.Popen([*TUILINK, command, *args], stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL,
                                cwd=ROOT, start_new_session=True)
    running = Running(proc, out, err)
    try:
        running.url = wait_for(f"the address tuilink {command} prints",
                               lambda: (m := re.search(url, running.stderr)) and m[1], timeout, proc)
        yield running
    finally:
        _stop(proc)


def _stop(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        pass
    with contextlib.suppress(ProcessLookupError):  # anything of the group still there (a stuck session)
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(15)


def read_json_lines(path: Path) -> list[dict[str, Any]]:
    """The complete lines of a JSON-lines file being written by another process (a partial last line is left
    for the next read)."""
    if not path.exists():
        return []
    import json

    return [json.loads(line) for line in path.read_text().splitlines(keepends=True) if line.endswith("\n")]
