"""The Textual app: renders the Link session's pane, sends the user's actions to it.

Start-up is progressive: given a `start` callable instead of a session, the app paints the consent pane
from the raw /link/token/create body first, then creates the session (which loads the sandbox and the wire
models) and opens it. The consent pane becomes interactive once the session has opened.
"""
from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import App
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from ..flow.state import FlowError, Pane
from ..sandbox.rules import display_client_name
from .screens import ExitScreen, PaneScreen, screen_for
from .theme import TUILINK_THEME

if TYPE_CHECKING:
    from ..flow.session import LinkSession


async def _ready(action: Awaitable[Any]) -> Any:
    return await action


class PaneChanged(Message):
    """The session put a (new or updated) pane on screen."""


class LinkApp(App["LinkResult | None"]):
    CSS_PATH = "app.tcss"
    TITLE = "tuilink"
    BINDINGS = [
        Binding("escape", "exit_link", "Exit", id="exit_link"),
        Binding("ctrl+q", "quit_link", "Quit", id="quit", priority=True),
        Binding("ctrl+s", "screenshot", "Screenshot", show=False, id="screenshot"),
    ]

    def __init__(self, session: LinkSession | None = None, *, start: Callable[[], LinkSession] | None = None,
                 preview: dict[str, Any] | None = None, test_mode: bool = False) -> None:
        """Run `session`, or the one `start()` creates after the consent pane (from `preview`, a
        /link/token/create body) has been painted."""
        super().__init__()
        if (session is None) == (start is None):
            raise ValueError("give LinkApp a session or a start function")
        self.register_theme(TUILINK_THEME)
        if test_mode or not os.environ.get("TEXTUAL_THEME"):
            self.theme = TUILINK_THEME.name
        self.session: LinkSession = session  # type: ignore[assignment]
        self.test_mode = test_mode
        self.start_error: BaseException | None = None  # what `start()` raised (a bad body, a bad --state file)
        self.action_error: BaseException | None = None  # an unexpected failure of a session action
        self.first_paint: Callable[[], None] | None = None  # called once the first pane has been painted
        self.continue_when_open = False  # Continue was pressed on consent before the session had opened
        self._start = start
        self._preview = preview or {}
        self._shown_seq = -1
        if session is not None:
            self._attach(session)

    def _attach(self, session: LinkSession) -> None:
        self.session = session
        session.pane_listeners.append(lambda pane: self.post_message(PaneChanged()))
        session.result_listeners.append(lambda result: self.call_later(self.exit, result))

    async def on_unmount(self) -> None:
        """Closing: let the backend hear how the session ended (bounded by the session's flush timeout)."""
        if self.session is not None:
            await self.session.flush()

    @property
    def client_name(self) -> str:
        if self.session is not None and self.session.config is not None:
            return self.session.client_name
        return display_client_name(str(self._preview.get("client_name", "")))

    @property
    def products(self) -> list[str]:
        if self.session is not None and self.session.config is not None:
            return self.session.config.products
        return [str(p) for p in self._preview.get("products") or []]

    def on_mount(self) -> None:
        if self.test_mode:
            self.animation_level = "none"
        if self.session is not None:
            self.act(self.session.open())
            return
        if self._preview:  # paint consent now; the session starts once it is on screen (see pane_mounted)
            self.push_screen(screen_for(None, Pane("CONSENT")))
        else:
            self.call_after_refresh(self._start_session)

    def _start_session(self) -> None:
        assert self._start is not None
        if self._exit:  # closed before the session started
            return
        try:
            session = self._start()
        except Exception as exc:  # reported by the caller (the CLI prints one line and exits 2)
            self.start_error = exc
            self.exit(None)
            return
        self._attach(session)
        self.act(session.open())

    def pane_mounted(self, screen: PaneScreen) -> None:
        if self.test_mode:
            for field in screen.query(Input):
                field.cursor_blink = False
        if self.first_paint is not None:
            hook, self.first_paint = self.first_paint, None
            screen.call_after_refresh(hook)
        if self.session is None and screen.session is None:
            screen.call_after_refresh(self._start_session)

    # --- running the session's actions ----------------------------------------------------------------

    def act(self, action: Awaitable[Any] | Callable[[], Awaitable[Any]] | None, group: str = "flow") -> None:
        """Run one of the session's (async) actions in a worker; the pane listener renders its outcome.
        A new search supersedes the one still running (pass a callable there: a superseded search that never
        started then leaves no coroutine behind)."""
        if action is not None:
            start = action if callable(action) else partial(_ready, action)
            self.run_worker(partial(self._guarded, start), group=group, exclusive=group == "search",
                            exit_on_error=False)

    async def _guarded(self, start: Callable[[], Awaitable[Any]]) -> None:
        try:
            await start()
        except FlowError as exc:
            self.notify(str(exc), severity="warning")
        except Exception as exc:  # a bug: keep the app alive, say so, and let scripted runs see it
            self.action_error = exc
            self.log.error(f"session action failed: {exc!r}")
            self.notify(f"Internal error: {exc!r}", severity="error", timeout=10)

    # --- rendering ---------------------------------------------------------------------------------------

    @on(PaneChanged)
    async def _render_pane(self) -> None:
        pane = self.session.pane
        if pane.seq <= self._shown_seq or self.session.finished or not self.screen_stack:
            return
        self._shown_seq = pane.seq
        if pane.id == "EXIT":
            await self.push_screen(ExitScreen(self.session, pane))
            return
        if isinstance(self.screen, ExitScreen):
            self.pop_screen()
        current = self.screen
        if isinstance(current, PaneScreen) and current.session is self.session and current.pane.id == pane.id \
                and current.pane.visit == pane.visit:
            current.update_pane(pane)
            return
        screen = screen_for(self.session, pane)
        if isinstance(current, PaneScreen):
            await self.switch_screen(screen)
        else:
            await self.push_screen(screen)
        if self.continue_when_open and pane.id == "CONSENT":
            self.continue_when_open = False
            self.act(self.session.continue_())

    # --- app-wide actions -------------------------------------------------------------------------------

    def action_exit_link(self) -> None:
        if self.session is not None:
            self.session.exit()

    def action_quit_link(self) -> None:
        """Ctrl+Q: leave at once, reporting onExit with the status of the pane on screen."""
        if self.session is None or self.session.finished:
            self.exit(self.session.result if self.session else None)
            return
        self.session.exit()
        if self.session.pane.id == "EXIT":
            self.session.confirm_exit()
        else:
            self.exit(self.session.result)
