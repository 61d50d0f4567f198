"""The Textual app: renders the Link session's pane, sends the user's actions to it."""
from __future__ import annotations

import os
from collections.abc import Awaitable
from typing import Any

from textual import on
from textual.app import App
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from ..flow import FlowError, LinkSession
from ..plaid.models import LinkResult
from .screens import ExitScreen, PaneScreen, screen_for
from .theme import TUILINK_THEME


class PaneChanged(Message):
    """The session put a (new or updated) pane on screen."""


class LinkApp(App[LinkResult | None]):
    CSS_PATH = "app.tcss"
    TITLE = "tuilink"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("escape", "exit_link", "Exit", id="exit_link"),
        Binding("ctrl+q", "quit_link", "Quit", id="quit", priority=True),
        Binding("ctrl+s", "screenshot", "Screenshot", show=False, id="screenshot"),
    ]

    def __init__(self, session: LinkSession, *, test_mode: bool = False) -> None:
        super().__init__()
        self.session = session
        self.test_mode = test_mode
        self._shown_seq = -1
        self.action_error: BaseException | None = None  # an unexpected failure of a session action
        session.pane_listeners.append(lambda pane: self.post_message(PaneChanged()))
        session.result_listeners.append(lambda result: self.call_later(self.exit, result))

    def on_mount(self) -> None:
        self.register_theme(TUILINK_THEME)
        if self.test_mode or not os.environ.get("TEXTUAL_THEME"):
            self.theme = TUILINK_THEME.name
        if self.test_mode:
            self.animation_level = "none"
        self.act(self.session.open())

    # --- running the session's actions ----------------------------------------------------------------

    def act(self, action: Awaitable[Any] | None, group: str = "flow") -> None:
        """Run one of the session's (async) actions in a worker; the pane listener renders its outcome.
        A new search supersedes the one still running."""
        if action is not None:
            self.run_worker(self._guarded(action), group=group, exclusive=group == "search", exit_on_error=False)

    async def _guarded(self, action: Awaitable[Any]) -> None:
        try:
            await action
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
        if isinstance(current, PaneScreen) and current.pane.id == pane.id and current.pane.visit == pane.visit:
            current.update_pane(pane)
            return
        screen = screen_for(self.session, pane)
        if isinstance(current, PaneScreen):
            await self.switch_screen(screen)
        else:
            await self.push_screen(screen)

    def pane_screen(self) -> PaneScreen | None:
        return self.screen if isinstance(self.screen, PaneScreen) else None

    def prepare_inputs(self, screen: PaneScreen) -> None:
        if self.test_mode:
            for field in screen.query(Input):
                field.cursor_blink = False

    # --- app-wide actions -------------------------------------------------------------------------------

    def action_exit_link(self) -> None:
        self.session.exit()

    def action_quit_link(self) -> None:
        """Ctrl+Q: leave at once, reporting onExit with the status of the pane on screen."""
        if self.session.finished:
            self.exit(self.session.result)
            return
        self.session.exit()
        if self.session.pane.id == "EXIT":
            self.session.confirm_exit()
        else:
            self.exit(self.session.result)

