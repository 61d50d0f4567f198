"""`tuilink web` in a real browser: Debian's Chromium, headless, driven by Playwright, opens the page and links
First Platypus Bank by typing into the terminal in it (the flow of continue_as_guest.toml). The callback must
land in --result and the events in --events exactly as the scenario expects them.

xterm.js draws the terminal on a canvas, so the page has no text to read. The test replays the bytes the page
receives into pyte, a terminal emulator, and reads the screen from it: what the panes say, where the caret
is, how a button looks. Each key is pressed once the screen shows that it will land where it is meant to:
Textual moves focus a message after the key that asks for it, so keys typed ahead of a focus change can reach
the widget that had the focus (a person waits for the caret to move; so does this test).
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlparse

import pyte

from tests.conftest import ROOT
from tests.web.conftest import read_json_lines, tuilink_web, wait_for

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCENARIO = os.path.join(ROOT, "assets", "scenarios", "continue_as_guest.toml")
STEP = 30  # seconds any one step may take (two shared cores, a parallel test run)
T = TypeVar("T")


@contextlib.contextmanager
def chromium_page(tmp_path: Path) -> Iterator[Any]:
    """A page of headless Chromium on a fresh profile. Only 127.0.0.1 is reachable (the page's web font is not
    fetched): the test never depends on the network. No Chromium is a failure, never a skip."""
    assert os.access(CHROMIUM, os.X_OK), (
        f"{CHROMIUM} not found: this test drives Debian's chromium. `make test` installs it "
        "(apt-get install --no-install-recommends chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 800})
        try:
            context.set_default_timeout(STEP * 1000)
            context.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/])"), lambda route: route.abort())
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


class Terminal:
    """The page's terminal as the user sees it, rebuilt by pyte from the websocket frames the page receives."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.screen: pyte.Screen | None = None
        page.on("websocket", self._connected)

    def _connected(self, ws: Any) -> None:
        size = parse_qs(urlparse(ws.url).query)  # the page opens the socket with its size in cells
        self.screen = pyte.Screen(int(size["width"][0]), int(size["height"][0]))
        stream = pyte.ByteStream(self.screen)
        ws.on("framereceived", lambda payload: stream.feed(payload) if isinstance(payload, bytes) else None)
        ws.on("framesent", self._sent)

    def _sent(self, payload: str | bytes) -> None:
        if isinstance(payload, str) and payload.startswith('["resize"'):
            size = json.loads(payload)[1]
            assert self.screen is not None
            self.screen.resize(size["height"], size["width"])

    def lines(self) -> list[str]:
        return list(self.screen.display) if self.screen else []

    def row(self, text: str) -> int | None:
        return next((y for y, line in enumerate(self.lines()) if text in line), None)

    def caret_row(self) -> int | None:
        return self.screen.cursor.y if self.screen else None

    def caret_on(self, text: str, below: int = 0) -> bool:
        """Is the caret on the row `below` rows under the one showing `text`? (Textual puts the terminal's
        cursor at the caret of the focused field once it has been laid out: after a Tab, after typing.)"""
        row = self.row(text)
        return row is not None and self.caret_row() == row + below

    def below(self, label: str, text: str) -> bool:
        """Does the row under the one showing `label` (a field's caption) show `text`?"""
        row = self.row(label)
        return row is not None and row + 1 < len(self.lines()) and text in self.lines()[row + 1]

    def look(self, label: str) -> tuple[Any, ...] | None:
        """The style of a button's label (the first cell of the line that reads exactly `label`)."""
        assert self.screen is not None
        for y, line in enumerate(self.lines()):
            inner = line.strip().strip("│").strip()
            if inner == label:
                cell = self.screen.buffer[y][line.index(label)]
                return cell.fg, cell.bg, cell.bold, cell.underscore, cell.reverse
        return None

    def wait(self, what: str, check: Callable[[], T]) -> T:
        """Poll `check` against the screen; on a timeout, the message shows the screen."""
        try:
            return wait_for(what, check, STEP, pause=lambda s: self.page.wait_for_timeout(s * 1000))
        except AssertionError as exc:
            screen = "\n".join(line.rstrip() for line in self.lines())
            raise AssertionError(f"{exc}; the screen (caret on row {self.caret_row()}):\n{screen}") from None


class Events:
    """The --events file the browser's session appends to, read as Link's onEvent calls arrive."""

    def __init__(self, path: Path, page: Any) -> None:
        self.path = path
        self.page = page
        self.seen = 0

    def all(self) -> list[dict[str, Any]]:
        return read_json_lines(self.path)

    def next(self, name: str, view: str | None = None, **metadata: str) -> dict[str, Any]:
        """Wait for the next event called `name` (on `view`, with `metadata`) after those already waited for."""
        want = {**metadata, **({"view_name": view} if view else {})}

        def found() -> dict[str, Any] | None:
            for i, event in enumerate(self.all()[self.seen:], start=self.seen):
                if event["event_name"] == name and all(event["metadata"].get(k) == v for k, v in want.items()):
                    self.seen = i + 1
                    return event
            return None

        return wait_for(f"{name} {want} in {self.path.name} (so far: {labels(self.all())})", found, STEP,
                        pause=lambda s: self.page.wait_for_timeout(s * 1000))


def labels(events: list[dict[str, Any]]) -> list[str]:
    """Events as scenario scripts write them: OPEN:CONSENT, TRANSITION_VIEW:CREDENTIAL, SEARCH_INSTITUTION."""
    return [e["event_name"] + (f":{e['metadata']['view_name']}" if e["event_name"] in ("OPEN", "TRANSITION_VIEW")
                               else "") for e in events]


def link_by_keyboard(page: Any, term: Terminal, events: Any) -> None:
    """Link First Platypus Bank as a person does, in the terminal on `page` (its first iframe's, if it has one):
    Continue, Continue as guest, a search, user_good / pass_good, the first account, Continue. `events.next`
    waits for each onEvent in turn."""
    keys = page.keyboard
    events.next("OPEN", "CONSENT")
    term.wait("the consent pane", lambda: term.row("uses Plaid to connect your account"))
    frame = page.frames[1] if len(page.frames) > 1 else page.main_frame
    frame.locator(".xterm-helper-textarea").focus()  # xterm.js reads the keyboard through this textarea
    keys.press("Enter")  # Continue has the focus

    events.next("TRANSITION_VIEW", "SUBMIT_PHONE")
    term.wait("the phone pane", lambda: term.row("Enter your phone number"))
    for button in ("Continue", "Continue as guest"):  # Tab, Tab: the focus goes to "Continue as guest"
        unfocused = term.look(button)
        keys.press("Tab")
        term.wait(f"{button!r} focused",
                  lambda button=button, unfocused=unfocused: term.look(button) not in (None, unfocused))
    keys.press("Enter")

    events.next("TRANSITION_VIEW", "SELECT_INSTITUTION")
    term.wait("the search pane", lambda: term.row("Select your institution"))
    keys.type("First Platypus")
    events.next("SEARCH_INSTITUTION", institution_search_query="First Platypus")  # the query settled
    term.wait("First Platypus Bank in the results", lambda: term.row("First Platypus Bank"))
    keys.press("Enter")  # the first result

    events.next("TRANSITION_VIEW", "CREDENTIAL")
    term.wait("the credential pane", lambda: term.row("Log in at First Platypus Bank"))
    keys.type("user_good")  # the User ID field has the focus
    term.wait("user_good in the User ID field", lambda: term.below("User ID", "user_good"))
    keys.press("Tab")
    term.wait("the caret in the Password field", lambda: term.caret_on("Password", below=1))
    keys.type("pass_good")
    term.wait("the password, masked", lambda: term.below("Password", "•" * 9))
    keys.press("Enter")

    events.next("TRANSITION_VIEW", "SELECT_ACCOUNT")
    term.wait("the account list", lambda: term.row("Select accounts"))
    unfocused = term.look("Continue")
    keys.press(" ")  # select the first account
    keys.press("Tab")
    term.wait("Continue focused", lambda: term.look("Continue") not in (None, unfocused))
    keys.press("Enter")

    events.next("TRANSITION_VIEW", "CONNECTED")
    term.wait("the connected pane", lambda: term.row("Success"))
    keys.press("Enter")  # Continue: onSuccess


def test_instant_auth_in_headless_chromium(tmp_path: Path) -> None:
    result_path, events_path = tmp_path / "result.json", tmp_path / "events.jsonl"
    with chromium_page(tmp_path) as page, \
            tuilink_web(tmp_path, "--result", str(result_path), "--events", str(events_path)) as web:
        term = Terminal(page)
        events = Events(events_path, page)
        page.goto(web.url)
        link_by_keyboard(page, term, events)

        result = wait_for("the callback in --result", lambda: read_json_lines(result_path), STEP,
                          pause=lambda s: page.wait_for_timeout(s * 1000))[0]
        term.wait("the result screen", lambda: term.row("onSuccess: First Platypus Bank, 1 account"))
        page.keyboard.press("q")  # quit from the result screen
        page.wait_for_function("document.body.classList.contains('-closed')")  # the page says "Session ended."
        assert "Traceback" not in web.stdout + web.stderr

    assert result["callback"] == "onSuccess"
    assert re.fullmatch(r"public-sandbox-[0-9a-f-]{36}", result["public_token"])
    assert result["metadata"]["institution"] == {"name": "First Platypus Bank", "institution_id": "ins_109508"}
    assert [a["mask"] for a in result["metadata"]["accounts"]] == ["0000"]
    with open(SCENARIO, "rb") as f:
        expected = tomllib.load(f)["expect"]["events"]
    assert labels(events.all()) == expected
    assert {e["metadata"]["link_session_id"] for e in events.all()} == {result["metadata"]["link_session_id"]}
