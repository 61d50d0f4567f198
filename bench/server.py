"""Requests per second of `tuilink serve` against a bare Starlette endpoint on the same uvicorn, same run.

One uvicorn process (started as a child, like `tuilink serve`, state in memory) serves both apps:
  /bare/…   a bare Starlette app: one route whose endpoint reads the JSON body and answers a constant object
  /…        tuilink's server app, exactly what `tuilink serve` runs (`run.Server`'s app: Plaid's API and the
            browser end of Link beside it), without its request log
(a plain ASGI function picks the app by path, so neither pays for the other).
The load comes from this process: CONCURRENCY keep-alive connections posting back to back for SECONDS
per round; rounds alternate bare / tuilink, ROUNDS each, and the figure is the median. Public tokens
for the exchange rounds are made beforehand with /sandbox/public_token/create (not timed).

    .venv/bin/python bench/server.py
"""
from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import time
from typing import Any

import httpx
from common import PYTHON, ROOT, child_env, median

CONCURRENCY = 16
SECONDS = 1.0
ROUNDS = 11
KEYS = {"PLAID-CLIENT-ID": "bench", "PLAID-SECRET": "bench-secret"}
LINK_TOKEN_BODY = {"client_name": "Bench", "language": "en", "country_codes": ["US"],
                   "user": {"client_user_id": "bench"}, "products": ["auth"]}

SERVER = """
import sys
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from tuilink.server.run import Server

async def endpoint(request: Request) -> JSONResponse:
    await request.json()
    return JSONResponse({"request_id": "bare"})

bare = Starlette(routes=[Route("/bare/{path:path}", endpoint, methods=["POST"])])
tuilink = Server(port=0, log=lambda line: None).app

async def app(scope, receive, send):  # one uvicorn, two apps side by side
    await (bare if scope.get("path", "").startswith("/bare/") else tuilink)(scope, receive, send)

uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False, lifespan="off")
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _load(url: str, path: str, bodies: Any, seconds: float = SECONDS,
                answers: list[bytes] | None = None) -> float:
    """Requests per second posting `bodies()` to `path` from CONCURRENCY keep-alive connections for SECONDS.

    The load is written as raw HTTP/1.1 on asyncio streams: an HTTP client library costs more CPU per request
    than the bare endpoint does, so it would measure itself (httpx here tops out near 500 requests/s)."""
    host, port = url.removeprefix("http://").split(":")
    headers = "".join(f"{k}: {v}\r\n" for k, v in KEYS.items())
    done = 0
    stop = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal done
        reader, writer = await asyncio.open_connection(host, int(port))
        while time.perf_counter() < stop:
            try:
                body = json.dumps(bodies()).encode()
            except StopIteration:  # out of prepared bodies: the round ends early
                break
            writer.write(f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n{headers}"
                         f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(re.search(rb"content-length: (\d+)", head, re.IGNORECASE).group(1))
            answer = await reader.readexactly(length)
            assert head.startswith(b"HTTP/1.1 200"), answer
            if answers is not None:
                answers.append(answer)
            done += 1
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*[worker() for _ in range(CONCURRENCY)])
    return done / (time.perf_counter() - started)


async def _measure(url: str) -> dict[str, Any]:
    made: list[bytes] = []  # public tokens for the exchange rounds (a round ends early if it runs out)
    await _load(url, "/sandbox/public_token/create",
                lambda: {"institution_id": "ins_109508", "initial_products": ["auth"]}, SECONDS * ROUNDS * 1.5, made)
    spare = iter([json.loads(a)["public_token"] for a in made])
    results: dict[str, list[float]] = {"bare": [], "create": [], "exchange": [], "create_ratio": [],
                                       "exchange_ratio": []}
    await _load(url, "/bare/warm", lambda: LINK_TOKEN_BODY)  # warm-up
    for _ in range(ROUNDS):  # each round: bare, create, bare, exchange; each ratio against its neighbour
        for name, path, bodies in (("create", "/link/token/create", lambda: LINK_TOKEN_BODY),
                                   ("exchange", "/item/public_token/exchange",
                                    lambda: {"public_token": next(spare)})):
            bare = await _load(url, "/bare/link/token/create", lambda: LINK_TOKEN_BODY)
            rate = await _load(url, path, bodies)
            results["bare"].append(bare)
            results[name].append(rate)
            results[f"{name}_ratio"].append(rate / bare)
    figures: dict[str, Any] = {name: median(values) for name, values in results.items()}
    return {**figures, "rounds": ROUNDS, "seconds": SECONDS, "concurrency": CONCURRENCY}


def measure() -> dict[str, Any]:
    port = _free_port()
    proc = subprocess.Popen([PYTHON, "-c", SERVER, str(port)], cwd=ROOT, env=child_env())
    pinned = hasattr(os, "sched_setaffinity") and len(os.sched_getaffinity(0)) >= 2
    if pinned:  # server and load on a core each: less scheduler noise between the rounds
        before = os.sched_getaffinity(0)
        first, second = sorted(before)[:2]
        os.sched_setaffinity(proc.pid, {second})
        os.sched_setaffinity(0, {first})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.post(url + "/bare/up", json={})
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        return asyncio.run(_measure(url))
    finally:
        proc.terminate()
        proc.wait(10)
        if pinned:
            os.sched_setaffinity(0, before)


if __name__ == "__main__":
    r = measure()
    print(f"bare {r['bare']:.0f}/s  create {r['create']:.0f}/s ({r['create_ratio']:.2f}x)  "
          f"exchange {r['exchange']:.0f}/s ({r['exchange_ratio']:.2f}x)", file=sys.stderr)
    os._exit(0)
