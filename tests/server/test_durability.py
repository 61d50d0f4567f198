"""Durability, with real processes and SIGKILL: `tuilink serve --state FILE` killed while four clients create
and exchange public tokens keeps every Item and access token it acknowledged, with no Item half written; a
`tuilink run --events FILE` killed mid-flow leaves a log that is whole up to its last event and holds every
event Link emitted before the kill."""
from __future__ import annotations

import contextlib
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
import pytest

from tests.conftest import ROOT
from tests.fuzzing import EXAMPLES, count
from tuilink.server.run import ServerThread

TUILINK = [sys.executable, "-m", "tuilink"]
KEYS = {"client_id": "durable-client", "secret": "durable-secret"}
CLIENTS = 4
CYCLES = max(3, EXAMPLES // 100)  # kill/restart cycles of the server (10 under `make reliability`)
RUN_KILLS = max(3, EXAMPLES // 100)  # killed `tuilink run --events` runs
PLATYPUS = "ins_109508"
T = TypeVar("T")


def wait_for(what: str, check: Callable[[], T], timeout: float = 60) -> T:
    """Poll `check` until it returns something true (generous: the CI machine is small and busy)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.005)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


# --- `tuilink serve --state FILE` as a process ---------------------------------------------------------------

class Serve:
    """`tuilink serve --port 0 --state FILE` as a user starts it; its console (stderr) collected."""

    def __init__(self, state: str) -> None:
        self.proc = subprocess.Popen([*TUILINK, "serve", "--port", "0", "--state", state], cwd=ROOT,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True)
        self.console: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        banner = wait_for("the server's banner", lambda: self._banner() or self.proc.poll() is not None)
        assert isinstance(banner, str), f"tuilink serve exited: {self.console}"
        self.url = banner

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.console.append(line)

    def _banner(self) -> str | None:
        for line in self.console[:3]:
            if found := re.search(r"http://127\.0\.0\.1:\d+", line):
                return found.group(0)
        return None

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.close()
        assert self.proc.returncode == -signal.SIGKILL

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        self.close()
        assert self.proc.returncode == 0, self.console

    def close(self) -> None:
        self.proc.wait(60)
        self._reader.join(60)
        assert self.proc.stderr is not None
        self.proc.stderr.close()
        assert not any("Traceback" in line for line in self.console), "".join(self.console)


@contextlib.contextmanager
def serving(state: str) -> Iterator[Serve]:
    server = Serve(state)
    try:
        yield server
    finally:
        if server.proc.poll() is None:
            server.proc.kill()
            server.close()


# --- four clients --------------------------------------------------------------------------------------------

@dataclass
class Acked:
    public_token: str
    item_id: str
    access_token: str


@dataclass
class Traffic:
    """Clients creating and exchanging public tokens until the server goes away."""

    url: str
    acked: list[Acked] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # anything but a 200 before the kill
    killed: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def client(self) -> None:
        with httpx.Client(base_url=self.url, timeout=30) as http:
            while True:
                try:
                    created = http.post("/sandbox/public_token/create", json={
                        **KEYS, "institution_id": PLATYPUS, "initial_products": ["auth"]})
                    if created.status_code != 200:
                        self.problems.append(f"create: {created.status_code} {created.text}")
                        return
                    public = created.json()["public_token"]
                    exchanged = http.post("/item/public_token/exchange", json={**KEYS, "public_token": public})
                    if exchanged.status_code != 200:
                        self.problems.append(f"exchange: {exchanged.status_code} {exchanged.text}")
                        return
                    answer = exchanged.json()
                    with self.lock:  # acknowledged: the client holds the access token
                        self.acked.append(Acked(public, answer["item_id"], answer["access_token"]))
                except httpx.TransportError as exc:  # the server was killed (anything else is a problem)
                    if not self.killed.is_set():
                        self.problems.append(f"{type(exc).__name__} before the kill: {exc}")
                    return

    def run_until_killed(self, server: Serve, at_least: int) -> list[Acked]:
        """The clients' traffic, the server SIGKILLed once `at_least` Items were acknowledged; what was."""
        threads = [threading.Thread(target=self.client, daemon=True) for _ in range(CLIENTS)]
        for t in threads:
            t.start()
        wait_for(f"{at_least} acknowledged Items", lambda: len(self.acked) >= at_least or self.problems)
        self.killed.set()
        server.kill()
        for t in threads:
            t.join(60)
        assert not any(t.is_alive() for t in threads)
        assert not self.problems, self.problems
        return list(self.acked)


# --- the state file after a crash ------------------------------------------------------------------------------

def check_state_file(state: str, acked: list[Acked]) -> None:
    """SQLite's own integrity check, and no half-written Item: every Item row has an access token, its
    institution and accounts; its public token is there (an Item is written with its token); every public
    token names an Item; every acknowledged exchange has spent its token."""
    with contextlib.closing(sqlite3.connect(state)) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        items = {item_id: (token, data) for item_id, token, data in
                 db.execute("SELECT item_id, access_token, data FROM items")}
        publics = {token: (item_id, used) for token, item_id, used in
                   db.execute("SELECT token, item_id, used FROM public_tokens")}
    for item_id, (token, raw) in items.items():
        assert item_id.strip() and token.startswith("access-sandbox-"), (item_id, token)
        data = json.loads(raw)
        assert data["institution_id"] == PLATYPUS and data["products"] == ["auth"], data
        assert data["accounts"] and all(a["account_id"] and a["mask"] for a in data["accounts"]), data
    assert all(item_id in items for item_id, _ in publics.values()), "a public token for an Item that is not there"
    with_token = {item_id for item_id, _ in publics.values()}
    assert not set(items) - with_token, f"Items written without their public token: {set(items) - with_token}"
    for a in acked:
        assert publics[a.public_token] == (a.item_id, 1), a
        assert items[a.item_id][0] == a.access_token, a


def check_acknowledged(url: str, acked: list[Acked]) -> None:
    """Every acknowledged access token answers /item/get and /accounts/get for its Item; its public token
    stays spent."""
    with httpx.Client(base_url=url, timeout=30) as http:
        for a in acked:
            item = http.post("/item/get", json={**KEYS, "access_token": a.access_token})
            assert item.status_code == 200 and item.json()["item"]["item_id"] == a.item_id, item.text
            accounts = http.post("/accounts/get", json={**KEYS, "access_token": a.access_token})
            assert accounts.status_code == 200, accounts.text
            assert accounts.json()["item"]["item_id"] == a.item_id and accounts.json()["accounts"]
            again = http.post("/item/public_token/exchange", json={**KEYS, "public_token": a.public_token})
            assert again.json().get("error_code") == "INVALID_PUBLIC_TOKEN", again.text


def test_serve_killed_under_four_clients_keeps_every_acknowledged_item(tmp_path):
    state = str(tmp_path / "state.db")
    rng = random.Random(2026)
    acked: list[Acked] = []
    for _ in range(CYCLES):
        with serving(state) as server:
            if acked:  # what the last crash left: every acknowledged Item, before new traffic
                check_acknowledged(server.url, acked)
            acked += Traffic(server.url).run_until_killed(server, at_least=rng.randint(20, 60))
        check_state_file(state, acked)
        count("faults", "SIGKILL of tuilink serve under 4 clients")
    with serving(state) as server:
        check_acknowledged(server.url, acked)
        server.stop()
    check_state_file(state, acked)
    assert len({a.item_id for a in acked}) == len(acked) >= 20 * CYCLES
    count("items checked after a crash", "tuilink serve --state, SIGKILL", len(acked))


# --- `tuilink run --events FILE` -----------------------------------------------------------------------------------

SCRIPTS = [os.path.join(ROOT, "assets", "scenarios", f"{name}.toml") for name in (
    "instant_auth", "mfa_questions", "oauth", "wrong_password_then_right", "instant_match", "mfa_device",
    "exit_from_credential", "recaptcha_good")]


def logged_events(path: str) -> list[dict[str, Any]]:
    """The log's events, after checking that it is whole: nothing torn, each line one JSON event."""
    with open(path, "rb") as f:
        data = f.read()
    assert not data or data.endswith(b"\n"), f"a torn last line: {data[-200:]!r}"
    events = [json.loads(line) for line in data.decode().splitlines()]
    assert all(isinstance(e, dict) and e["event_name"] and e["metadata"]["link_session_id"] for e in events)
    return events


def names(events: list[dict[str, Any]]) -> list[str]:
    return [f"{e['event_name']}:{e['metadata'].get('view_name')}" for e in events]


def run_command(events_path: str, backend: str) -> list[str]:
    return [*TUILINK, "run", "--backend", backend, "--timeout", "120", "--events", events_path, *SCRIPTS]


class ReportGate:
    """A `tuilink serve` (in this process) that holds Link's `block_at`-th session report unanswered: when it
    arrives, Link has emitted every event of that session (the report carries them) and waits."""

    def __init__(self, block_at: int = 0) -> None:
        self.thread = ServerThread()
        self.block_at = block_at
        self.reports: list[list[dict[str, Any]]] = []  # the events of each report, as Plaid's onEvent
        self.reached, self.release = threading.Event(), threading.Event()
        sandbox = self.thread.server.sandbox
        answer = sandbox.report

        def report(req: Any) -> Any:
            self.reports.append([e.model_dump(mode="json") for e in req.events])
            if len(self.reports) == self.block_at:
                self.reached.set()
                self.release.wait(120)
            return answer(req)

        sandbox.report = report  # type: ignore[method-assign]

    def __enter__(self) -> ReportGate:
        self.url = self.thread.__enter__().url
        return self

    def __exit__(self, *exc: Any) -> None:
        self.release.set()
        self.thread.__exit__(*exc)


@pytest.fixture(scope="module")
def full_run(tmp_path_factory) -> list[str]:
    """The events of the scripts run to the end (against a server, as the killed runs are)."""
    path = str(tmp_path_factory.mktemp("events") / "full.jsonl")
    with ReportGate() as server:
        out = subprocess.run(run_command(path, server.url), capture_output=True, text=True, timeout=300, cwd=ROOT,
                             stdin=subprocess.DEVNULL)
    assert out.returncode == 0, out.stdout + out.stderr
    events = logged_events(path)
    assert len(events) > 30 and events == [e for report in server.reports for e in report]
    return names(events)


def test_events_log_is_a_whole_prefix_after_a_kill_anywhere(tmp_path, full_run):
    """Killed at any moment (once some events are written): whole lines, the events of a full run so far."""
    rng = random.Random(7)
    kills = 0
    with ReportGate() as server:
        for n in range(RUN_KILLS):
            path = str(tmp_path / f"killed-{n}.jsonl")
            at_least = rng.randint(1, len(full_run) - 2)
            with subprocess.Popen(run_command(path, server.url), cwd=ROOT, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as proc:
                def written(path: str = path, at_least: int = at_least) -> bool:
                    if proc.poll() is not None:
                        return True
                    with contextlib.suppress(FileNotFoundError), open(path, "rb") as f:
                        return f.read().count(b"\n") >= at_least
                    return False

                wait_for(f"{at_least} events in the log", written, timeout=120)
                if proc.poll() is None:
                    proc.send_signal(signal.SIGKILL)
                proc.wait(60)
            logged = names(logged_events(path))
            assert logged == full_run[:len(logged)] and len(logged) >= at_least, (logged, full_run)
            if proc.returncode == -signal.SIGKILL:
                kills += 1
                count("faults", "SIGKILL of tuilink run --events")
    assert kills, "every run ended before it could be killed"


def test_events_log_holds_every_event_emitted_before_a_kill(tmp_path, full_run):
    """Killed while Link waits for the server to take a session's report: the log has every event of that
    session and of the ones before it, as Link reported them (nothing left in a buffer)."""
    rng = random.Random(11)
    for n in range(RUN_KILLS):
        path = str(tmp_path / f"killed-{n}.jsonl")
        with ReportGate(block_at=rng.randint(1, len(SCRIPTS))) as server, \
                subprocess.Popen(run_command(path, server.url), cwd=ROOT, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as proc:
            wait_for("the session report", lambda: server.reached.is_set() or proc.poll() is not None, timeout=120)
            assert proc.poll() is None, "the run ended without reporting"
            proc.send_signal(signal.SIGKILL)
            proc.wait(60)
            emitted = [e for report in server.reports for e in report]
        assert logged_events(path) == emitted
        assert names(emitted) == full_run[:len(emitted)]
        count("faults", "SIGKILL of tuilink run --events")
