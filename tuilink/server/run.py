"""Running the server: in the foreground for `tuilink serve`, or in a background thread (tests, benchmarks,
`tuilink --backend` demos) on a port of its own."""
from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Callable
from typing import Any

import uvicorn

from ..sandbox.catalogue import Catalogue
from ..sandbox.service import Sandbox
from ..sandbox.store import Store
from .app import Keys, create_app
from .browser import Autopilot, BrowserLink, toml_problem
from .webhooks import WebhookSender


def _log_to_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


class Server:
    """A configured server: the sandbox over `state`, its webhook sender and its uvicorn instance."""

    def __init__(self, *, host: str = "127.0.0.1", port: int = 7878, state: str | None = None,
                 keys: Keys | None = None, log: Callable[[str], None] = _log_to_stderr,
                 environment: str = "sandbox", webhook_options: dict[str, Any] | None = None,
                 catalogue: Catalogue | None = None, allow_remote: bool = False, autopilot: Autopilot | None = None,
                 script_problem: Callable[[str], str | None] = toml_problem) -> None:
        """`autopilot`: the scenario every browser session plays (`--autopilot`); `script_problem`: what is wrong
        with a script POSTed to /tuilink/autopilot (the CLI gives the script parser's full check; by default
        only its TOML is checked here, and the rest when a session plays it)."""
        self.webhooks = WebhookSender(log, **(webhook_options or {}))
        self.sandbox = Sandbox(Store(state), catalogue, notify=self.webhooks)
        self.browser = BrowserLink(self.sandbox, self_url=lambda: self.url, log=log, allow_remote=allow_remote,
                                   autopilot=autopilot, script_problem=script_problem)
        api = create_app(self.sandbox, keys=keys, log=log, environment=environment,
                         own={"/tuilink/autopilot": self.browser.set_autopilot})
        self.app = self.browser.wrap(api)
        config = uvicorn.Config(self.app, host=host, port=port, log_level="warning", access_log=False,
                                lifespan="off", ws="websockets-sansio")
        self.uvicorn = uvicorn.Server(config)
        self.host = host

    @property
    def port(self) -> int:
        port: int = self.uvicorn.servers[0].sockets[0].getsockname()[1]
        return port

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    async def serve(self, ready: Callable[[Server], None] | None = None) -> None:
        task = asyncio.create_task(self.uvicorn.serve())
        while not self.uvicorn.started and not task.done():
            await asyncio.sleep(0.01)
        if ready is not None and self.uvicorn.started:
            ready(self)
        try:
            await task
        finally:
            await self.webhooks.aclose()
            self.browser.close()
            self.sandbox.store.close()


class ServerThread:
    """`with ServerThread() as server:` a server on 127.0.0.1 and a free port, stopped on exit."""

    def __init__(self, **options: Any) -> None:
        options.setdefault("port", 0)
        options.setdefault("log", lambda line: None)
        self.server = Server(**options)
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.loop: asyncio.AbstractEventLoop | None = None

    def _run(self) -> None:
        self.loop = asyncio.new_event_loop()
        try:
            self.loop.run_until_complete(self.server.serve(lambda s: self._ready.set()))
        finally:
            self._ready.set()
            self.loop.close()  # an unclosed loop leaks its self-pipe sockets until garbage collection

    def __enter__(self) -> Server:
        self._thread.start()
        self._ready.wait(10)
        if not self.server.uvicorn.started:
            raise RuntimeError("the server did not start")
        return self.server

    def drain_webhooks(self, timeout: float = 10) -> None:
        assert self.loop is not None
        asyncio.run_coroutine_threadsafe(self.server.webhooks.drain(), self.loop).result(timeout)

    def __exit__(self, *exc: Any) -> None:
        self.server.uvicorn.should_exit = True
        self._thread.join(10)
