"""Link for web apps: Plaid's web SDK script, Link's overlay page, and the socket that runs tuilink's UI for it.

    GET  /link/v2/stable/link-initialize.js   window.Plaid (assets/web/link-initialize.js), this server's address in it
    GET  /link/web/check?token=T             Plaid.create's check of the token (CORS), before onLoad
    GET  /link/web/?token=T&origin=O         the overlay page open() frames (assets/web/link.html)
    GET  /link/web/static/…                  textual-serve's terminal (xterm.js) for that page
    WS   /link/web/ws/KEY                    one Link session: `tuilink` on Textual's web driver, as `tuilink web`
                                             runs it, on this server (--backend) and the page's link token
    POST /tuilink/autopilot                  the next session plays a scenario instead (`serve --autopilot`: all)

The UI process is textual-serve's AppService (the same one `tuilink web` uses), started as
`tuilink --backend SELF --link-token T --no-result-screen`, or `tuilink demo SCRIPT --autopilot …` on autopilot.
Link's onEvent and callback come back from it as meta packets of type "tuilink" (tuilink/ui/web_sdk.py), are
sent down the socket as `["tuilink", {...}]` text frames, and the page posts them to the app's window.

Origins: the page that frames Link and calls the check must be on a loopback address unless the server was
started with --allow-remote (CORS headers and the overlay page's frame-ancestors say so); the socket must come
from the overlay page itself, on this server's own origin.
"""
from __future__ import annotations

import asyncio
import json
import math
import secrets
import shlex
import sys
import tempfile
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket, WebSocketDisconnect

from ..link import tokens
from ..link.data import assets_dir, scenario_file, scenario_names
from ..link.errors import make_error
from ..plaid.errors import PlaidApiError
from ..plaid.models import ExitMetadata, OnExit
from ..sandbox.service import Sandbox
from .app import error_body
from .origins import is_loopback

SDK_PATH = "/link/v2/stable/link-initialize.js"
PAGE_PATH = "/link/web/"
CHECK_PATH = "/link/web/check"
STATIC_PREFIX = "/link/web/static"
SOCKET_PREFIX = "/link/web/ws/"
AUTOPILOT_PATH = "/tuilink/autopilot"
AUTOPILOT_SPEED = 4.0  # replay speed of autopilot sessions: quick, and still a flow a recorded video can follow
SPEEDS = (0.1, 20.0)
_PENDING_PAGES = 64  # overlay pages served whose socket has not connected yet (older ones are forgotten)
_STOP_SECONDS = 10.0


@dataclass(frozen=True)
class Autopilot:
    """A scenario script a browser session plays: its file, the name the log calls it by, and its speed."""

    script: str
    name: str
    speed: float = AUTOPILOT_SPEED


def toml_problem(text: str) -> str | None:
    """Only the script's TOML syntax; the runner checks the rest when the session plays it."""
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return f"not valid TOML: {exc}"
    return None


class BrowserLink:
    """The browser end of Link on one server: the SDK script, overlay pages, Link sessions and the autopilot."""

    def __init__(self, sandbox: Sandbox, *, self_url: Callable[[], str], log: Callable[[str], None],
                 allow_remote: bool = False, autopilot: Autopilot | None = None,
                 script_problem: Callable[[str], str | None] = toml_problem) -> None:
        self.sandbox = sandbox
        self.self_url = self_url  # how the UI process reaches this server
        self.log = log
        self.allow_remote = allow_remote
        self.autopilot = autopilot  # every session (`serve --autopilot`)
        self.script_problem = script_problem
        self._next: Autopilot | None = None  # the next session only (POST /tuilink/autopilot)
        # socket key -> (link token, autopilot, receivedRedirectUri)
        self._pages: dict[str, tuple[str, Autopilot | None, str | None]] = {}
        self._left: dict[str, Autopilot | None] = {}  # oauth_state_id -> the autopilot of the session that left
        self._scripts: tempfile.TemporaryDirectory[str] | None = None
        self._static = StaticFiles(directory=str(_textual_serve_static()))
        self._sdk = (assets_dir() / "web" / "link-initialize.js").read_text(encoding="utf-8")
        self._page = (assets_dir() / "web" / "link.html").read_text(encoding="utf-8")

    # --- routing --------------------------------------------------------------------------------------

    @staticmethod
    def handles(scope: Scope) -> bool:
        path: str = scope["path"]
        return path == SDK_PATH or path.startswith("/link/web/") or scope["type"] == "websocket"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await self.session(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith(STATIC_PREFIX + "/"):
            await self._static({**scope, "path": path[len(STATIC_PREFIX):], "root_path": ""}, receive, send)
            return
        request = Request(scope, receive)
        if request.method == "OPTIONS":
            response: Response = self._preflight(request)
        elif request.method not in ("GET", "HEAD"):
            response = _error_response("NOT_FOUND", f"{request.method} is not supported here: GET this path")
        elif path == SDK_PATH:
            response = self.sdk(request)
        elif path == CHECK_PATH:
            response = self.check(request)
        elif path == PAGE_PATH:
            response = self.page(request)
        else:
            response = _error_response("NOT_FOUND")
        await response(scope, receive, send)

    def wrap(self, api: ASGIApp) -> ASGIApp:
        """`api` (Plaid's API) with the browser end of Link beside it. /tuilink/autopilot is one of the API's
        endpoints (its keys, its errors) that a loopback page may also call (CORS)."""
        handles = self.handles

        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] == "lifespan":
                await api(scope, receive, send)
            elif handles(scope):
                await self(scope, receive, send)
            elif scope["path"] == AUTOPILOT_PATH:
                await self.autopilot_call(api, scope, receive, send)
            else:
                await api(scope, receive, send)

        return app

    async def autopilot_call(self, api: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        if request.method == "OPTIONS":
            await self._preflight(request)(scope, receive, send)
            return
        extra = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in self.cors(request).items()]

        async def send_with_cors(message: Any) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await api(scope, receive, send_with_cors)

    # --- origins --------------------------------------------------------------------------------------

    def origin_allowed(self, origin: str | None) -> bool:
        if not origin:
            return False
        host = urlsplit(origin).hostname
        return self.allow_remote or (host is not None and is_loopback(host))

    def cors(self, request: Request) -> dict[str, str]:
        origin = request.headers.get("origin")
        if not self.origin_allowed(origin):
            return {"Vary": "Origin"}
        assert origin is not None
        return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}

    def _preflight(self, request: Request) -> Response:
        headers = self.cors(request)
        if "Access-Control-Allow-Origin" in headers:
            headers.update({"Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                            "Access-Control-Allow-Headers": "Content-Type, Plaid-Client-Id, Plaid-Secret, "
                                                            "Plaid-Version",
                            "Access-Control-Max-Age": "600"})
        return Response(status_code=204, headers=headers)

    def _frame_ancestors(self) -> str:
        if self.allow_remote:
            return "frame-ancestors *"
        # (CSP has no way to name an IPv6 address: a page on [::1] needs --allow-remote)
        return "frame-ancestors 'self' http://localhost:* http://127.0.0.1:* https://localhost:* https://127.0.0.1:*"

    # --- the script, the check, the page ----------------------------------------------------------------

    def sdk(self, request: Request) -> Response:
        base = f"{request.url.scheme}://{request.headers.get('host') or urlsplit(self.self_url()).netloc}"
        body = self._sdk.replace("__TUILINK_SERVER__", json.dumps(base))
        return Response(body, media_type="application/javascript",
                        headers={**self.cors(request), "Cache-Control": "no-store"})

    def token_exit(self, token: str) -> dict[str, Any] | None:
        """onExit's arguments for a token Link cannot open (unknown or expired), else None."""
        try:
            self.sandbox.check_link_token(token)
        except PlaidApiError as exc:
            metadata = ExitMetadata(institution=None, status=None, link_session_id=tokens.link_session_id(),
                                    request_id=tokens.request_id())
            called = OnExit(error=exc.error.link_error(), metadata=metadata)
            return called.model_dump(mode="json", include={"error", "metadata"})
        return None

    def check(self, request: Request) -> Response:
        token = request.query_params.get("token", "")
        found = self.token_exit(token)
        return JSONResponse({"exit": found} if found else {"ok": True}, headers=self.cors(request))

    def page(self, request: Request) -> Response:
        token = request.query_params.get("token", "")
        origin = request.query_params.get("origin", "")
        if not self.origin_allowed(origin):
            return Response(f"tuilink serve: Link cannot be framed by {origin or 'a page without an origin'}: only "
                            "loopback origins are allowed, unless the server is started with --allow-remote\n",
                            status_code=403, media_type="text/plain")
        if self.token_exit(token) is not None:
            return Response("tuilink serve: INVALID_LINK_TOKEN: this link token is unknown or expired\n",
                            status_code=400, media_type="text/plain")
        received = request.query_params.get("received_redirect_uri") or None
        state = tokens.oauth_state_id_of(received)
        if state is not None and state in self._left:  # back from the bank: the session it left, as it was
            autopilot = self._left.pop(state)
        else:
            autopilot = self._next or self.autopilot
            self._next = None
        key = secrets.token_urlsafe(16)
        self._pages[key] = (token, autopilot, received)
        while len(self._pages) > _PENDING_PAGES:
            self._pages.pop(next(iter(self._pages)))
        host = request.headers.get("host") or urlsplit(self.self_url()).netloc
        scheme = "wss" if request.url.scheme == "https" else "ws"
        html = (self._page.replace("__STATIC__", STATIC_PREFIX + "/")
                .replace("__PARENT_ORIGIN__", json.dumps(origin).replace("<", "\\u003c"))
                .replace("__WEBSOCKET__", f"{scheme}://{host}{SOCKET_PREFIX}{key}"))
        return Response(html, media_type="text/html", headers={
            "Content-Security-Policy": self._frame_ancestors(), "Cache-Control": "no-store"})

    # --- the autopilot --------------------------------------------------------------------------------

    def set_autopilot(self, body: dict[str, Any]) -> dict[str, Any]:
        """POST /tuilink/autopilot: {"scenario": NAME} or {"scenario_toml": TEXT}, optional "speed"."""
        unknown = sorted(set(body) - {"scenario", "scenario_toml", "speed", "client_id", "secret"})
        if unknown:
            raise make_error("UNKNOWN_FIELDS", "the following fields are not recognized by this endpoint: "
                                               + ", ".join(unknown))
        speed = body.get("speed", AUTOPILOT_SPEED)
        if isinstance(speed, bool) or not isinstance(speed, int | float) or not math.isfinite(speed) \
                or not SPEEDS[0] <= speed <= SPEEDS[1]:
            raise make_error("INVALID_FIELD", f"speed: expected a number from {SPEEDS[0]} to {SPEEDS[1]}")
        name, text = body.get("scenario"), body.get("scenario_toml")
        if (name is None) == (text is None):
            raise make_error("MISSING_FIELDS" if name is None else "INVALID_FIELD",
                             "give one of scenario (a shipped scenario's name) or scenario_toml (a script)")
        if name is not None:
            path = scenario_file(name) if isinstance(name, str) else None
            if path is None:
                import difflib

                close = difflib.get_close_matches(str(name), scenario_names(), n=1)
                hint = f" (did you mean {close[0]}?)" if close else " (`tuilink demo --list` shows them)"
                raise make_error("INVALID_FIELD", f"scenario: no shipped scenario named {name!r}{hint}")
            self._next = Autopilot(str(path), name, float(speed))
        else:
            if not isinstance(text, str):
                raise make_error("INVALID_FIELD", "scenario_toml: expected the text of a scenario script")
            problem = self.script_problem(text)
            if problem:
                raise make_error("INVALID_FIELD", f"scenario_toml: {problem}")
            self._next = Autopilot(self._write_script(text), "scenario_toml", float(speed))
        self.log(f"autopilot: the next Link session plays {self._next.name} (speed {self._next.speed:g})")
        return {"autopilot": self._next.name, "speed": self._next.speed}

    def _write_script(self, text: str) -> str:
        if self._scripts is None:
            self._scripts = tempfile.TemporaryDirectory(prefix="tuilink-autopilot-")
        path = Path(self._scripts.name) / f"{secrets.token_hex(8)}.toml"
        path.write_text(text, encoding="utf-8")
        return str(path)

    def _went_to_bank(self, url: str, autopilot: Autopilot | None) -> None:
        """The session left for the bank: the page that comes back with this oauth_state_id carries it on."""
        state = tokens.oauth_state_id_of(url)
        if state is not None:
            self._left[state] = autopilot
            while len(self._left) > _PENDING_PAGES:
                self._left.pop(next(iter(self._left)))

    def pages(self) -> list[tuple[str, Autopilot | None, str | None]]:
        """The overlay pages served whose socket has not connected yet: (link token, autopilot, its
        receivedRedirectUri)."""
        return list(self._pages.values())

    def close(self) -> None:
        if self._scripts is not None:
            self._scripts.cleanup()
            self._scripts = None

    # --- a Link session -------------------------------------------------------------------------------

    def command(self, token: str, autopilot: Autopilot | None, received: str | None = None) -> str:
        base = [sys.executable, "-m", "tuilink"]
        link = ["--backend", self.self_url(), "--link-token", token, "--no-result-screen"]
        if received:
            link += ["--received-redirect-uri", received]
        if autopilot is None:
            argv = base + link
        else:
            argv = base + ["demo", autopilot.script, *link, "--autopilot", "--speed", f"{autopilot.speed:g}"]
        return "TUILINK_WEB_SDK=1 " + shlex.join(argv)

    async def session(self, scope: Scope, receive: Receive, send: Send) -> None:
        socket = WebSocket(scope, receive, send)
        path: str = scope["path"]
        page = self._pages.pop(path[len(SOCKET_PREFIX):], None) if path.startswith(SOCKET_PREFIX) else None
        origin = socket.headers.get("origin")
        if page is None or origin is None or urlsplit(origin).netloc != socket.headers.get("host"):
            await socket.close(code=1008)  # policy violation: not from an overlay page this server served
            return
        token, autopilot, received = page
        await socket.accept()
        label = f"link {token[-8:]}" + (f" (autopilot {autopilot.name})" if autopilot else "")
        self.log(f"{label}: opened")
        width = _cells(socket.query_params.get("width"), 80)
        height = _cells(socket.query_params.get("height"), 24)
        process = _LinkProcess(self.command(token, autopilot, received), socket, self.log, label,
                               left=lambda url: self._went_to_bank(url, autopilot))
        await process.start(width, height)
        try:
            while True:
                message = await socket.receive()
                if message["type"] == "websocket.disconnect":
                    break
                text = message.get("text")
                if text is not None:
                    await process.from_page(text)
        except (WebSocketDisconnect, RuntimeError):
            pass
        finally:
            await process.finish()


def _cells(value: str | None, default: int) -> int:
    try:
        return max(10, min(500, int(value or default)))
    except ValueError:
        return default


def _error_response(code: str, message: str | None = None) -> JSONResponse:
    error = make_error(code, message) if message else make_error(code)
    return JSONResponse(error_body(error), status_code=error.http_status)


def _textual_serve_static() -> Path:
    import textual_serve

    return Path(textual_serve.__file__).resolve().parent / "static"


class _LinkProcess:
    """One UI process (textual-serve's AppService) and the socket of the page it draws in."""

    def __init__(self, command: str, socket: Any, log: Callable[[str], None], label: str,
                 left: Callable[[str], None]) -> None:
        from textual_serve.app_service import AppService
        from textual_serve.download_manager import DownloadManager

        outer = self

        class Service(AppService):
            async def on_meta(self, data: bytes) -> None:
                meta = json.loads(data)
                if meta.get("type") == "tuilink":
                    await outer.to_page({k: v for k, v in meta.items() if k != "type"})
                else:
                    await super().on_meta(data)

        self.socket = socket
        self.log = log
        self.label = label
        self.left = left
        self.closed = False
        self.service = Service(command, write_bytes=self._send_bytes, write_str=self._send_text, close=self._close,
                               download_manager=DownloadManager())

    async def start(self, width: int, height: int) -> None:
        await self.service.start(width, height)

    async def to_page(self, payload: dict[str, Any]) -> None:
        kind = payload.get("kind")
        if kind == "log":
            self.log(f"{self.label}: {payload.get('line', '')}")
            return
        if kind == "callback":
            self.log(f"{self.label}: {payload.get('callback')}"
                     + (f" {payload['error']['error_code']}" if payload.get("error") else ""))
        if kind == "redirect":
            self.log(f"{self.label}: left for the bank (OAuth); back at the app's redirect_uri")
            self.left(str(payload.get("url", "")))
        await self._send_text(json.dumps(["tuilink", payload]))

    async def from_page(self, text: str) -> None:
        """A frame from the page: keys, size, focus (as textual-serve's server takes them) or the SDK's exit and
        submit. Anything else is dropped."""
        try:
            envelope = json.loads(text)
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
        except (ValueError, TypeError, IndexError, KeyError):
            return
        service = self.service
        if kind == "stdin" and isinstance(data, str):
            await service.send_bytes(data.encode("utf-8"))
        elif kind == "resize" and isinstance(data, dict):
            await service.set_terminal_size(_cells(str(data.get("width")), 80), _cells(str(data.get("height")), 24))
        elif kind == "ping":
            await self._send_text(json.dumps(["pong", data]))
        elif kind in ("blur", "focus"):
            await (service.blur() if kind == "blur" else service.focus())
        elif kind == "tuilink_exit" and isinstance(data, dict):
            await service.send_meta({"type": "tuilink_exit", "force": bool(data.get("force"))})
        elif kind == "tuilink_submit" and isinstance(data, dict):
            phone = data.get("phone_number")
            await service.send_meta({"type": "tuilink_submit", "phone_number": phone if isinstance(phone, str)
                                     else None})

    async def finish(self) -> None:
        """The page is gone (or Link closed): the process is asked to quit, and killed if it does not."""
        process = self.service._process  # textual-serve keeps its subprocess there
        try:
            await asyncio.wait_for(self.service.stop(), _STOP_SECONDS)
            if process is not None:
                await asyncio.wait_for(process.wait(), _STOP_SECONDS)
        except TimeoutError:
            if process is not None and process.returncode is None:
                process.kill()
                await process.wait()
        self.log(f"{self.label}: closed")

    async def _send_bytes(self, data: bytes) -> None:
        if not self.closed:
            try:
                await self.socket.send_bytes(data)
            except (RuntimeError, WebSocketDisconnect):  # the page went away
                self.closed = True

    async def _send_text(self, text: str) -> None:
        if not self.closed:
            try:
                await self.socket.send_text(text)
            except (RuntimeError, WebSocketDisconnect):
                self.closed = True

    async def _close(self) -> None:
        if not self.closed:
            self.closed = True
            try:
                await self.socket.close()
            except (RuntimeError, WebSocketDisconnect):
                pass
