"""The Starlette app of `tuilink serve`: Plaid's public API (tuilink.sandbox.api) and Link's own calls
(tuilink.plaid.link_api.CALLS) over one Sandbox.

Every answer is JSON. A Plaid error is Plaid's error object with its HTTP status and a request_id; a bug is
INTERNAL_SERVER_ERROR (500), never a traceback. One log line per request: method, path, status, ms, error code
(never a body or a header value, so secrets stay out of the log).
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from ..link import tokens
from ..link.errors import make_error
from ..plaid.errors import PlaidApiError
from ..plaid.link_api import CALLS
from ..sandbox import validation
from ..sandbox.api import ENDPOINTS, PlaidApi, rules
from ..sandbox.service import Sandbox

LINK_PATHS = {path: (name, model) for name, (path, model) in CALLS.items()}


class Keys:
    """The API keys the server accepts: the configured pair, or (none configured) any non-empty pair."""

    def __init__(self, client_id: str | None = None, secret: str | None = None) -> None:
        self.client_id = client_id
        self.secret = secret

    def check(self, client_id: Any, secret: Any) -> None:
        missing = [name for name, value in (("client_id", client_id), ("secret", secret)) if not value]
        if missing:
            raise make_error("MISSING_FIELDS", f"the following required fields are missing: {', '.join(missing)}")
        if not isinstance(client_id, str) or not isinstance(secret, str):
            raise make_error("INVALID_API_KEYS")
        if self.client_id is not None and client_id != self.client_id:
            raise make_error("INVALID_API_KEYS")
        if self.secret is not None and secret != self.secret:
            raise make_error("INVALID_API_KEYS")


def create_app(sandbox: Sandbox, *, keys: Keys | None = None, log: Callable[[str], None] = lambda line: None,
               environment: str = "sandbox",
               own: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] | None = None) -> ASGIApp:
    """`own`: tuilink's endpoints served beside Plaid's (path -> the body's answer), with the same keys and errors."""
    api = PlaidApi(sandbox)
    own = own or {}
    keys = keys or Keys()
    versions = rules()["plaid_versions"]

    def answer(request: Request, raw: bytes) -> dict[str, Any]:
        if request.method != "POST":
            raise make_error("NOT_FOUND", f"{request.method} is not supported: Plaid's API takes POST requests")
        version = request.headers.get("plaid-version")
        if version is not None and version not in versions:
            raise make_error("INVALID_HEADERS", f"the following headers are invalid: Plaid-Version "
                                                f"(supported: {', '.join(versions)})")
        try:
            body = _parse_json(raw) if raw.strip() else {}
        except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nested too deeply to parse
            raise make_error("INVALID_BODY") from None
        if not isinstance(body, dict):
            raise make_error("INVALID_BODY", "body must be a JSON object")
        path = request.scope["path"]
        link_call = LINK_PATHS.get(path)
        if link_call is not None:  # Link's own calls: authorised by the link token / session id
            name, model = link_call
            response: BaseModel = getattr(sandbox, name)(validation.parse(model, body))
            return response.model_dump(mode="json")
        endpoint = ENDPOINTS.get(path)
        ours = own.get(path) if endpoint is None else None
        if endpoint is None and ours is None:
            raise make_error("NOT_FOUND")
        keys.check(body.get("client_id") or request.headers.get("plaid-client-id"),
                   body.get("secret") or request.headers.get("plaid-secret"))
        if ours is not None:
            answer = ours(body)
            answer["request_id"] = tokens.request_id()
            return answer
        assert endpoint is not None
        if endpoint.sandbox_only and environment != "sandbox":
            raise make_error("SANDBOX_ONLY", f"access to {path} is only available in the sandbox environment "
                                             "at https://sandbox.plaid.com/")
        return api.call(path, body, raw)

    async def handle(request: Request) -> JSONResponse | None:
        """The answer to `request`; None when the client went away before its body arrived (a search superseded by
        the next keystroke, a closed page): there is no one to answer."""
        started = time.perf_counter()
        try:
            raw = await request.body()
        except ClientDisconnect:
            log(f"{request.method} {request.scope['path']} - closed by the client")
            return None
        code = ""
        try:
            content, status = answer(request, raw), 200
        except PlaidApiError as exc:
            content, status, code = error_body(exc), exc.http_status, exc.error.error_code
        except Exception as exc:  # a bug: Plaid's 500, with the cause in the log only
            failure = make_error("INTERNAL_SERVER_ERROR")
            content, status, code = error_body(failure), 500, f"INTERNAL_SERVER_ERROR ({type(exc).__name__})"
        log(f"{request.method} {request.scope['path']} {status} {(time.perf_counter() - started) * 1000:.1f}ms {code}"
            .rstrip())
        return JSONResponse(content, status_code=status)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        """Every path is answered by `handle`: one catch-all endpoint needs no router or middleware stack (it
        catches every failure itself)."""
        if scope["type"] == "http":
            response = await handle(Request(scope, receive))
            if response is not None:
                await response(scope, receive, send)
        elif scope["type"] == "lifespan":  # nothing to set up or tear down: acknowledge startup and shutdown
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return

    return app


def _parse_json(raw: bytes) -> Any:
    """`raw` as json.loads reads it (UTF-8, -16 or -32), but only if it is Unicode text: a lone surrogate (as
    bytes, which json.loads lets through, or as a `\\ud800` escape) would fail later, in SQLite or the answer."""
    text = raw.decode(json.detect_encoding(raw))
    body = json.loads(text)
    if "\\u" in text:  # an escape: check that the strings encode
        json.dumps(body, ensure_ascii=False).encode()
    return body


def error_body(exc: PlaidApiError) -> dict[str, Any]:
    """Plaid's error object as an HTTP answer carries it: with a request_id, without the webhook's status."""
    body = exc.error.model_dump(mode="json")
    body["request_id"] = body.get("request_id") or tokens.request_id()
    body.pop("status", None)  # only in webhooks
    return body
