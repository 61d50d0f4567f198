"""`tuilink serve` as a web app's tests start it (a subprocess on a free port, stopped with every Link session it
started), and a client of its browser end that speaks to the overlay's socket as the page does."""
from __future__ import annotations

import contextlib
import json
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from tests.conftest import ROOT
from tests.server.test_faults import free_port
from tests.web.conftest import Running, tuilink_server

CDN = "https://cdn.plaid.com/link/v2/stable/link-initialize.js"
SCENARIOS = Path(ROOT) / "assets" / "scenarios"
KEYS = {"client_id": "app", "secret": "app-secret"}


@contextlib.contextmanager
def tuilink_serve(tmp_path: Path, *args: str) -> Iterator[Running]:
    with tuilink_server(tmp_path, "serve", r"API on (http://\S+) ", "--port", str(free_port()), *args) as running:
        yield running


def scenario(name: str) -> dict[str, Any]:
    with open(SCENARIOS / f"{name}.toml", "rb") as f:
        return tomllib.load(f)


def link_token(url: str, body: dict[str, Any]) -> str:
    """A link token, made as the app's server makes it (POST /link/token/create with its keys)."""
    answer = httpx.post(url + "/link/token/create", json={**KEYS, **body}, timeout=30)
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["link_token"]
    return token


def exchange(url: str, public_token: str) -> dict[str, Any]:
    answer = httpx.post(url + "/item/public_token/exchange", json={**KEYS, "public_token": public_token}, timeout=30)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def autopilot(url: str, **body: Any) -> httpx.Response:
    return httpx.post(url + "/tuilink/autopilot", json={**KEYS, **body}, timeout=30)


def labels(events: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """onEvent calls as scenario scripts write them: OPEN:CONSENT, TRANSITION_VIEW:CREDENTIAL, HANDOFF."""
    return [name + (f":{meta['view_name']}" if name in ("OPEN", "TRANSITION_VIEW") and meta["view_name"] else "")
            for name, meta in events]


class Overlay:
    """Link's overlay as the page runs it, without a browser: the overlay page (for its socket), then the socket,
    reading Link's `["tuilink", …]` frames until the callback and answering nothing (autopilot plays)."""

    def __init__(self, url: str, token: str, origin: str = "http://localhost:3000",
                 received_redirect_uri: str | None = None) -> None:
        params = {"token": token, "origin": origin}
        if received_redirect_uri:
            params["received_redirect_uri"] = received_redirect_uri
        page = httpx.get(url + "/link/web/", params=params, timeout=30)
        assert page.status_code == 200, page.text
        found = re.search(r'data-session-websocket-url="([^"]+)"', page.text)
        assert found, page.text
        self.socket_url = found[1]
        self.server = url

    async def play(self, timeout: float = 120) -> tuple[list[tuple[str, dict[str, Any]]], dict[str, Any]]:
        """The session's onEvent calls and its callback (or, leaving for an OAuth bank, its redirect)."""
        import asyncio

        import websockets

        events: list[tuple[str, dict[str, Any]]] = []
        origin = "http://" + urlsplit(self.server).netloc
        async with websockets.connect(self.socket_url + "?width=100&height=32", origin=origin,  # type: ignore[arg-type]
                                      max_size=None) as socket:
            async def read() -> dict[str, Any]:
                async for frame in socket:
                    if isinstance(frame, str):
                        kind, payload = json.loads(frame)
                        if kind == "tuilink" and payload["kind"] == "event":
                            events.append((payload["event_name"], payload["metadata"]))
                        elif kind == "tuilink" and payload["kind"] in ("callback", "redirect"):
                            return dict(payload)
                raise AssertionError(f"the socket closed without a callback; events: {labels(events)}")

            callback = await asyncio.wait_for(read(), timeout)
        return events, callback
