"""Link for web apps on autopilot: the time from a page's `handler.open()` to its `onSuccess`, in Chromium.

One `tuilink serve` (a child process, state in memory) and one headless Chromium (Debian's, driven by Playwright).
The app's page is served from loopback by this process (as tests/web serves it) and loads Plaid's CDN script,
answered with tuilink's. Each round sets the autopilot to assets/scenarios/instant_auth.toml, makes a link token
as the app's server would, opens the page, clicks its button and reads `performance.now()` at `open()` and at
`onSuccess` in the page.
Rounds at the autopilot's default speed (4, what `serve --autopilot` plays) and at its fastest (20).

The baseline, in the same run: the same script through `tuilink run --backend` against the same server (a
process of its own, headless, no browser and no pauses), from spawn to exit.

    .venv/bin/python bench/web_sdk.py
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterator
from typing import Any

import httpx
from common import PYTHON, ROOT, child_env, median

sys.path.insert(0, str(ROOT))
from tests.web.test_web_sdk_browser import app_server  # the app's loopback server, as the tests serve it

ROUNDS = 5
SCRIPT = ROOT / "assets" / "scenarios" / "instant_auth.toml"
CDN = "https://cdn.plaid.com/link/v2/stable/link-initialize.js"
KEYS = {"client_id": "bench", "secret": "bench-secret"}
CHROMIUM = "/usr/bin/chromium"
PAGE = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><script src="{CDN}"></script></head>
<body><button id="link">Link</button><script>
window.seen = {{loaded: false, opened: null, done: null, callback: null}};
const handler = Plaid.create({{token: new URLSearchParams(location.search).get("token"),
  onLoad: () => {{ seen.loaded = true; }},
  onSuccess: () => {{ seen.callback = "onSuccess"; seen.done = performance.now(); }},
  onExit: () => {{ seen.callback = "onExit"; seen.done = performance.now(); }}}});
document.getElementById("link").onclick = () => {{ seen.opened = performance.now(); handler.open(); }};
</script></body></html>"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def _serve() -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen([PYTHON, "-m", "tuilink", "serve", "--port", str(port)], cwd=ROOT, env=child_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(url + "/link/v2/stable/link-initialize.js")
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield url
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(15)


def _token(url: str, body: dict[str, Any]) -> str:
    return str(httpx.post(url + "/link/token/create", json={**KEYS, **body}).json()["link_token"])


def _round(page: Any, url: str, app: str, body: dict[str, Any], speed: float) -> float:
    httpx.post(url + "/tuilink/autopilot", json={**KEYS, "scenario": "instant_auth", "speed": speed}).raise_for_status()
    page.goto(f"{app}/?token={_token(url, body)}")
    page.wait_for_function("seen.loaded")
    page.click("#link")
    page.wait_for_function("seen.done !== null", timeout=120_000)
    seen = page.evaluate("seen")
    if seen["callback"] != "onSuccess":
        raise RuntimeError(f"the autopilot ended in {seen['callback']}")
    return float(seen["done"] - seen["opened"]) / 1000


def _headless(url: str, token: str) -> float:
    started = time.perf_counter()
    subprocess.run([PYTHON, "-m", "tuilink", "run", "--backend", url, "--link-token", token, str(SCRIPT)], cwd=ROOT,
                   env=child_env(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def measure() -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with open(SCRIPT, "rb") as f:
        body = tomllib.load(f)["link_token"]
    with _serve() as url, app_server(PAGE) as app, sync_playwright() as playwright, \
            tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = context.new_page()
            sdk = httpx.get(url + "/link/v2/stable/link-initialize.js").text
            page.route(CDN, lambda route: route.fulfill(status=200, content_type="application/javascript", body=sdk))
            _round(page, url, app, body, 20)  # warm-up
            _headless(url, _token(url, body))
            default, fastest, headless = [], [], []
            for _ in range(ROUNDS):
                default.append(_round(page, url, app, body, 4))
                fastest.append(_round(page, url, app, body, 20))
                headless.append(_headless(url, _token(url, body)))
        finally:
            context.close()
    figures = {"open_to_success": median(default), "open_to_success_fastest": median(fastest),
               "headless_run": median(headless), "rounds": ROUNDS}
    figures["ratio"] = figures["open_to_success"] / figures["headless_run"]
    figures["fastest_ratio"] = figures["open_to_success_fastest"] / figures["headless_run"]
    return figures


if __name__ == "__main__":
    r = measure()
    print(f"open() → onSuccess: {r['open_to_success']:.2f} s at speed 4 ({r['ratio']:.1f}x), "
          f"{r['open_to_success_fastest']:.2f} s at speed 20 ({r['fastest_ratio']:.1f}x); "
          f"tuilink run --backend: {r['headless_run']:.2f} s", file=sys.stderr)
