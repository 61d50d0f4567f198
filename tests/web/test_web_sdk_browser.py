"""A web app's Plaid flow, unmodified, in Debian's Chromium on `tuilink serve`: the page loads Plaid's CDN script,
which the test answers with tuilink's (as an end-to-end suite would, with Playwright's page.route), and links an
Item through Link's overlay, on autopilot and by hand; then its public token exchanges, as the app's server does.
The same for a page built with react-plaid-link (its UMD build, on React 18's)."""
from __future__ import annotations

import contextlib
import http.server
import json
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from tests.conftest import ROOT
from tests.web.conftest import wait_for
from tests.web.sdk import CDN, autopilot, exchange, labels, link_token, scenario, tuilink_serve
from tests.web.test_browser import STEP, Terminal, chromium_page, link_by_keyboard

NODE_MODULES = Path(ROOT) / "tests" / "node" / "node_modules"
SPY = """
window.seen = {events: [], loaded: false, callback: null, opened: null};
const callbacks = {
  onLoad: () => { seen.loaded = true; },
  onEvent: (name, metadata) => { seen.events.push([name, metadata]); },
  onSuccess: (public_token, metadata) => { seen.callback = ["onSuccess", public_token, metadata, performance.now()]; },
  onExit: (error, metadata) => { seen.callback = ["onExit", error, metadata, performance.now()]; },
};
const token = new URLSearchParams(location.search).get("token");
"""
PLAIN_PAGE = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Acme</title>
<script src="{CDN}"></script></head>
<body><button id="link">Link your bank</button>
<script>{SPY}
const handler = Plaid.create({{token, ...callbacks}});
document.getElementById("link").addEventListener("click", () => {{ seen.opened = performance.now(); handler.open(); }});
</script></body></html>"""
OAUTH_PAGE = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Acme</title>
<script src="{CDN}"></script></head>
<body><button id="link">Link your bank</button>
<script>{SPY.replace('const token = new URLSearchParams(location.search).get("token");', '')}
// Plaid's OAuth guide: keep the token for the redirect page, and there re-create Link with receivedRedirectUri
const params = new URLSearchParams(location.search);
let token = params.get("token");
if (token) sessionStorage.setItem("link_token", token); else token = sessionStorage.getItem("link_token");
const returning = params.has("oauth_state_id");
const handler = Plaid.create({{token, ...callbacks, ...(returning ? {{receivedRedirectUri: location.href}} : {{}})}});
if (returning) {{ seen.opened = performance.now(); handler.open(); }}
document.getElementById("link").addEventListener("click", () => {{ seen.opened = performance.now(); handler.open(); }});
</script></body></html>"""
REACT_PAGE = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Acme (React)</title>
<script src="/vendor/react.js"></script><script src="/vendor/react-dom.js"></script>
<script src="/vendor/react-plaid-link.js"></script></head>
<body><div id="root"></div>
<script>{SPY}
function App() {{
  const {{open, ready}} = PlaidLink.usePlaidLink({{token, ...callbacks}});
  return React.createElement("button", {{id: "link", disabled: !ready,
    onClick: () => {{ seen.opened = performance.now(); open(); }}}}, "Link your bank");
}}
ReactDOM.createRoot(document.getElementById("root")).render(React.createElement(App));
</script></body></html>"""
VENDOR = {"react.js": "react/umd/react.production.min.js", "react-dom.js": "react-dom/umd/react-dom.production.min.js",
          "react-plaid-link.js": "react-plaid-link/dist/index.umd.js"}


@contextlib.contextmanager
def app_server(html: str) -> Iterator[str]:
    """The app's own web server on loopback (as its dev server is): its page, and React's and react-plaid-link's
    UMD builds under /vendor/. Another origin than tuilink serve's: a port of its own."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            name = self.path.split("?")[0].removeprefix("/vendor/")
            if name in VENDOR:
                body, kind = (NODE_MODULES / VENDOR[name]).read_bytes(), "application/javascript"
            else:
                body, kind = html.encode(), "text/html; charset=utf-8"
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def route_cdn(page: Any, server: str) -> None:
    """Plaid's CDN answered with tuilink's script, fetched once from the server (as an end-to-end suite does)."""
    sdk = httpx.get(server + "/link/v2/stable/link-initialize.js").text
    page.route(CDN, lambda route: route.fulfill(status=200, content_type="application/javascript", body=sdk))


class PageEvents:
    """The page's onEvent calls, waited for one after another (the `events.next` of `link_by_keyboard`)."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.seen = 0

    def all(self) -> list[tuple[str, dict[str, Any]]]:
        return [(name, meta) for name, meta in self.page.evaluate("seen.events")]

    def next(self, name: str, view: str | None = None, **metadata: str) -> None:
        want = {**metadata, **({"view_name": view} if view else {})}

        def found() -> bool:
            for i, (event, meta) in enumerate(self.all()[self.seen:], start=self.seen):
                if event == name and all(meta.get(k) == v for k, v in want.items()):
                    self.seen = i + 1
                    return True
            return False

        wait_for(f"onEvent {name} {want} (so far: {labels(self.all())})", found, STEP,
                 pause=lambda s: self.page.wait_for_timeout(s * 1000))


def open_link(page: Any, app: str, token: str) -> None:
    page.goto(f"{app}/?token={token}")
    page.wait_for_function("seen.loaded")  # onLoad: the token checked
    page.click("#link")
    page.wait_for_selector("iframe[title='Plaid Link']")


def callback(page: Any, timeout: float = 120) -> list[Any]:
    page.wait_for_function("seen.callback !== null", timeout=timeout * 1000)
    called: list[Any] = page.evaluate("seen.callback")
    assert page.locator("#tuilink-link-overlay").count() == 0  # Link closed itself
    return called


def assert_linked(server: str, page: Any, called: list[Any], name: str = "instant_auth") -> None:
    kind, public_token, metadata = called[:3]
    assert kind == "onSuccess", called
    assert metadata["institution"] == {"name": "First Platypus Bank", "institution_id": "ins_109508"}
    events = PageEvents(page).all()
    if name:
        assert labels(events) == scenario(name)["expect"]["events"]
    assert {meta["link_session_id"] for _, meta in events} == {metadata["link_session_id"]}
    assert exchange(server, public_token)["access_token"].startswith("access-sandbox-")


def record(tmp_path: Path, name: str, figures: dict[str, float]) -> None:
    """The figures of this run (for the closing note and docs/PERFORMANCE.md), beside the test's files."""
    (tmp_path / f"{name}.json").write_text(json.dumps(figures))


def test_a_plain_page_links_on_autopilot_and_its_token_exchanges(tmp_path):
    started = time.monotonic()
    with tuilink_serve(tmp_path) as serve, app_server(PLAIN_PAGE) as app, chromium_page(tmp_path) as page:
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text))
        route_cdn(page, serve.url)
        assert autopilot(serve.url, scenario="instant_auth").status_code == 200
        open_link(page, app, link_token(serve.url, scenario("instant_auth")["link_token"]))
        called = callback(page)
        assert_linked(serve.url, page, called)
        record(tmp_path, "autopilot", {"open_to_on_success_ms": called[3] - page.evaluate("seen.opened"),
                                       "wall_s": time.monotonic() - started})
        assert "(autopilot instant_auth): onSuccess" in serve.stderr
        assert "Traceback" not in serve.stdout + serve.stderr, serve.stdout + serve.stderr
        assert not [line for line in console if "Content-Security-Policy" in line or "CORS" in line], console


def test_a_plain_page_links_by_hand_in_the_overlay(tmp_path):
    with tuilink_serve(tmp_path) as serve, app_server(PLAIN_PAGE) as app, chromium_page(tmp_path) as page:
        term = Terminal(page)
        route_cdn(page, serve.url)
        open_link(page, app, link_token(serve.url, scenario("instant_auth")["link_token"]))
        link_by_keyboard(page, term, PageEvents(page))
        called = callback(page)
        assert_linked(serve.url, page, called, name="")
        assert labels(PageEvents(page).all())[:2] == ["OPEN:CONSENT", "TRANSITION_VIEW:SUBMIT_PHONE"]
        assert "Traceback" not in serve.stdout + serve.stderr, serve.stdout + serve.stderr


def test_an_oauth_bank_sends_the_page_to_the_redirect_uri_and_link_carries_on_there(tmp_path):
    with tuilink_serve(tmp_path) as serve, app_server(OAUTH_PAGE) as app, chromium_page(tmp_path) as page:
        route_cdn(page, serve.url)
        assert autopilot(serve.url, scenario="oauth").status_code == 200
        body = {**scenario("oauth")["link_token"], "redirect_uri": f"{app}/oauth-return"}
        open_link(page, app, link_token(serve.url, body))
        page.wait_for_url(re.compile(r"/oauth-return\?oauth_state_id=[0-9a-f-]{36}$"), timeout=STEP * 1000)
        kind, public_token, metadata = callback(page)[:3]  # on the redirect page, from the Link opened there
        assert kind == "onSuccess"
        assert metadata["institution"] == {"name": "Platypus OAuth Bank", "institution_id": "ins_127287"}
        assert labels(PageEvents(page).all())[:2] == ["SELECT_INSTITUTION", "OPEN"]
        assert exchange(serve.url, public_token)["access_token"].startswith("access-sandbox-")
        assert "left for the bank" in serve.stderr


def test_exit_closes_link_with_onexit(tmp_path):
    """handler.exit({force: true}) while Link is open: onExit with the status of the pane on screen."""
    with tuilink_serve(tmp_path) as serve, app_server(PLAIN_PAGE) as app, chromium_page(tmp_path) as page:
        route_cdn(page, serve.url)
        open_link(page, app, link_token(serve.url, scenario("instant_auth")["link_token"]))
        PageEvents(page).next("OPEN", "CONSENT")
        page.evaluate("handler.exit({force: true})")
        kind, error, metadata = callback(page)[:3]
        assert (kind, error) == ("onExit", None)
        assert metadata["status"] is not None and metadata["link_session_id"]
        assert labels(PageEvents(page).all())[-1] == "EXIT"


def test_submit_exit_and_destroy_reach_link(tmp_path):
    """handler.submit({phone_number}) answers the phone pane; handler.exit() asks (Link's EXIT pane); destroy()
    takes the overlay away, and the server ends the session's process."""
    with tuilink_serve(tmp_path) as serve, app_server(PLAIN_PAGE) as app, chromium_page(tmp_path) as page:
        route_cdn(page, serve.url)
        open_link(page, app, link_token(serve.url, scenario("instant_auth")["link_token"]))
        events = PageEvents(page)
        events.next("OPEN", "CONSENT")
        page.frames[1].locator(".xterm-helper-textarea").focus()
        page.keyboard.press("Enter")  # Continue
        events.next("TRANSITION_VIEW", "SUBMIT_PHONE")
        page.evaluate("handler.submit({phone_number: '+14155550011'})")
        events.next("SUBMIT_PHONE")
        events.next("TRANSITION_VIEW", "VERIFY_PHONE")
        page.evaluate("handler.exit()")
        events.next("TRANSITION_VIEW", "EXIT")
        assert page.evaluate("seen.callback") is None  # the person decides
        page.evaluate("handler.destroy()")
        assert page.locator("#tuilink-link-overlay").count() == 0
        wait_for("the session's process ended", lambda: re.search(r"^link \S+: closed$", serve.stderr, re.M), STEP,
                 pause=lambda s: page.wait_for_timeout(s * 1000))


def test_an_unknown_token_exits_with_invalid_link_token(tmp_path):
    with tuilink_serve(tmp_path) as serve, app_server(PLAIN_PAGE) as app, chromium_page(tmp_path) as page:
        route_cdn(page, serve.url)
        page.goto(f"{app}/?token=link-sandbox-00000000-0000-0000-0000-000000000000")
        page.wait_for_function("seen.loaded")
        page.click("#link")
        kind, error, metadata = callback(page)[:3]
        assert (kind, error["error_code"]) == ("onExit", "INVALID_LINK_TOKEN")


def test_a_react_plaid_link_page_links_on_autopilot(tmp_path):
    with tuilink_serve(tmp_path, "--autopilot", "instant_auth") as serve, app_server(REACT_PAGE) as app, \
            chromium_page(tmp_path) as page:
        route_cdn(page, serve.url)
        page.goto(f"{app}/?token={link_token(serve.url, scenario('instant_auth')['link_token'])}")
        page.wait_for_selector("#link:not([disabled])")  # usePlaidLink's ready
        page.click("#link")
        assert_linked(serve.url, page, callback(page))
