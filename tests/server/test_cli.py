"""The command line around the server: `tuilink serve`, `tuilink --backend/--link-token`, the app-server
flags, and `tuilink run --backend`, as a user types them."""
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
import urllib.parse
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.conftest import ROOT
from tests.server.conftest import sdk_client
from tests.server.test_faults import asgi_server, free_port
from tuilink.server.run import ServerThread

TUILINK = [sys.executable, "-m", "tuilink"]
BODY = {"client_name": "CLI", "language": "en", "country_codes": ["US"], "user": {"client_user_id": "u"},
        "products": ["auth"]}
INSTANT_AUTH = os.path.join(ROOT, "assets", "scenarios", "instant_auth.toml")


def tuilink(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([*TUILINK, *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def one_line_failure(out: subprocess.CompletedProcess, *fragments: str) -> None:
    assert out.returncode == 2, out
    assert out.stdout == "" and len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert "Traceback" not in out.stderr
    for fragment in fragments:
        assert fragment in out.stderr, out.stderr


def test_serve_starts_answers_and_stops_on_ctrl_c(tmp_path):
    proc = subprocess.Popen([*TUILINK, "serve", "--port", "0", "--state", str(tmp_path / "s.db")],
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        banner = proc.stderr.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+", banner).group(0)
        assert "Plaid sandbox API" in banner and "s.db" in banner
        answer = httpx.post(url + "/link/token/create", json=BODY,
                            headers={"PLAID-CLIENT-ID": "a", "PLAID-SECRET": "b"})
        assert answer.json()["link_token"].startswith("link-sandbox-")
        assert proc.stderr.readline().startswith("POST /link/token/create 200 ")
    finally:
        proc.send_signal(signal.SIGINT)
        rest = proc.stderr.read()
        proc.wait(10)
    assert proc.returncode == 0 and "Traceback" not in rest


def test_serve_binds_loopback_unless_told_otherwise():
    one_line_failure(tuilink("serve", "--host", "0.0.0.0"), "--host 0.0.0.0", "--allow-remote")


def test_serve_on_a_busy_port_is_one_line():
    with ServerThread() as server:
        one_line_failure(tuilink("serve", "--port", str(server.port)), f"--port {server.port}")


def test_serve_allow_remote_warns():
    proc = subprocess.Popen([*TUILINK, "serve", "--host", "0.0.0.0", "--allow-remote", "--port", "0"],
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert "warning" in proc.stderr.readline()
        assert "http://0.0.0.0:" in proc.stderr.readline()
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(10)


def test_a_bad_link_token_on_the_server_is_one_line_before_the_terminal_is_taken():
    with ServerThread() as server:
        one_line_failure(tuilink("--backend", server.url, "--link-token", "link-sandbox-nope"), "INVALID_LINK_TOKEN")


def test_link_token_needs_a_backend():
    one_line_failure(tuilink("--link-token", "link-sandbox-x"), "--link-token needs --backend")


def test_a_server_that_is_down_is_one_line():
    url = f"http://127.0.0.1:{free_port()}"
    one_line_failure(tuilink("--backend", url), "INTERNAL_SERVER_ERROR", "could not reach")


def test_a_failing_link_token_url_is_one_line():
    async def broken(request: Request) -> JSONResponse:
        return JSONResponse({"error": "nope"}, status_code=500)

    with asgi_server(Starlette(routes=[Route("/api/create_link_token", broken, methods=["POST"])])) as app_url:
        one_line_failure(tuilink("--link-token-url", app_url + "/api/create_link_token", "--backend",
                                 f"http://127.0.0.1:{free_port()}"), "--link-token-url", "HTTP 500")


def test_run_scripts_against_the_server_with_a_given_token():
    with ServerThread() as server:
        out = tuilink("run", "--backend", server.url, INSTANT_AUTH)
        assert out.returncode == 0 and out.stdout == f"PASS {INSTANT_AUTH}\n", out.stderr
        token = httpx.post(server.url + "/link/token/create", json={**BODY, "client_name": "Given"},
                           headers={"PLAID-CLIENT-ID": "a", "PLAID-SECRET": "b"}).json()["link_token"]
        out = tuilink("run", "--backend", server.url, "--link-token", token, INSTANT_AUTH)
        assert out.returncode == 0, out.stdout + out.stderr
        sessions = server.sandbox.store.link_sessions(token)
        assert len(sessions) == 1 and sessions[0]["item_add_results"]


class QuickstartServer:
    """A developer's app server as in Plaid's quickstart, written with the official SDK against tuilink serve:
    /api/create_link_token and /api/set_access_token (form field public_token)."""

    def __init__(self, plaid_url: str) -> None:
        self.client = sdk_client(plaid_url, "quickstart-client", "quickstart-secret")
        self.access_tokens: list[str] = []
        self.json_bodies: list[dict[str, Any]] = []

    def create_link_token(self, request: Request) -> JSONResponse:
        from plaid.model.country_code import CountryCode
        from plaid.model.link_token_create_request import LinkTokenCreateRequest
        from plaid.model.link_token_create_request_user import LinkTokenCreateRequestUser
        from plaid.model.products import Products

        created = self.client.link_token_create(LinkTokenCreateRequest(
            client_name="Plaid Quickstart", language="en", country_codes=[CountryCode("US")],
            user=LinkTokenCreateRequestUser(client_user_id="user-id"), products=[Products("auth")]))
        return JSONResponse({"link_token": created.link_token, "expiration": created.expiration.isoformat()})

    async def set_access_token(self, request: Request) -> JSONResponse:
        from plaid.model.item_public_token_exchange_request import ItemPublicTokenExchangeRequest

        assert request.headers["content-type"] == "application/x-www-form-urlencoded"
        form = urllib.parse.parse_qs((await request.body()).decode())  # Flask's request.form in the quickstart
        exchanged = self.client.item_public_token_exchange(
            ItemPublicTokenExchangeRequest(public_token=form["public_token"][0]))
        self.access_tokens.append(exchanged.access_token)
        return JSONResponse({"error": None})

    async def set_access_token_json(self, request: Request) -> JSONResponse:
        self.json_bodies.append(await request.json())
        return JSONResponse({})

    def app(self) -> Starlette:
        return Starlette(routes=[
            Route("/api/create_link_token", self.create_link_token, methods=["POST"]),
            Route("/api/set_access_token", self.set_access_token, methods=["POST"]),
            Route("/api/json", self.set_access_token_json, methods=["POST"]),
        ])


def visible(screen: bytes) -> str:
    """The terminal output without its escape sequences."""
    return re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]|\x1b[()][0-9A-Za-z]", "", screen.decode(errors="replace"))


def drive_in_a_terminal(args: list[str], keys: list[tuple[str, str]], timeout: float = 60) -> tuple[int, str]:
    """Run tuilink in a pseudo-terminal (80x24), typing each key string once `wait_for` text has appeared on
    screen; returns the exit status and everything written to the terminal."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: tuilink on the terminal
        os.chdir(ROOT)
        env = {**os.environ, "TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none"}
        os.execvpe(sys.executable, [sys.executable, "-m", "tuilink", *args], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    screen = b""
    deadline = time.monotonic() + timeout

    def read_more() -> None:
        nonlocal screen
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                screen += os.read(fd, 65536)
            except OSError:  # the child closed the terminal
                time.sleep(0.1)

    try:
        for wait_for, typed in keys:
            while wait_for.encode() not in screen:
                if time.monotonic() > deadline:
                    raise AssertionError(f"never saw {wait_for!r} on screen: {visible(screen)[-1500:]!r}")
                read_more()
            screen = b""
            time.sleep(0.3)
            for ch in typed:
                os.write(fd, ch.encode())
                time.sleep(0.02)
        while time.monotonic() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return os.waitstatus_to_exitcode(status), screen.decode(errors="replace")
            read_more()
        raise AssertionError("tuilink did not exit")
    finally:
        with_child_gone(pid)
        os.close(fd)


def with_child_gone(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


KEYS = [("Continue", "\r"), ("Select your institution", "first platypus"), ("First Platypus", "\r"),
        ("Password", "user_good\r"), ("", "pass_good\r"), ("Plaid Checking", " \t\r"), ("Success", "\r"),
        ("as tuilink prints it", "q")]  # the result screen: q quits


def test_quickstart_app_server_flow_in_a_terminal(tmp_path):
    """Plaid.create's flow from a terminal: the app server makes the link token with the SDK, the user links in
    tuilink, the public token is posted back and the app server exchanges it with the SDK."""
    with ServerThread(state=str(tmp_path / "s.db")) as plaid_server:
        quickstart = QuickstartServer(plaid_server.url)
        with asgi_server(quickstart.app()) as app_url:
            result = tmp_path / "result.json"
            code, screen = drive_in_a_terminal(
                ["--backend", plaid_server.url, "--link-token-url", app_url + "/api/create_link_token",
                 "--on-success-url", app_url + "/api/set_access_token", "--no-returning-user",
                 "--result", str(result)], KEYS)
    assert code == 0, screen[-2000:]
    callback = json.loads(result.read_text())
    assert callback["callback"] == "onSuccess"
    assert len(quickstart.access_tokens) == 1 and quickstart.access_tokens[0].startswith("access-sandbox-")
    assert "public token sent to" in screen


def test_on_success_json_posts_the_accounts(tmp_path):
    with ServerThread() as plaid_server:
        quickstart = QuickstartServer(plaid_server.url)
        with asgi_server(quickstart.app()) as app_url:
            code, screen = drive_in_a_terminal(
                ["--backend", plaid_server.url, "--no-returning-user", "--on-success-url", app_url + "/api/json",
                 "--on-success-json"], KEYS)
    assert code == 0, screen[-2000:]
    [body] = quickstart.json_bodies
    assert body["public_token"].startswith("public-sandbox-")
    assert [a["mask"] for a in body["accounts"]] == ["0000"]
    assert body["institution"]["institution_id"] == "ins_109508"
