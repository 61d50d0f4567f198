"""EXIT: "Are you sure you want to exit?" as a small dialog over the pane."""
from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...flow.state import PaneId
from ..widgets.key_hints import KeyHints
from .base import Steps, Worded

if TYPE_CHECKING:
    from ...flow.panes import Pane
    from ...flow.session import LinkSession


class ExitScreen(Worded, Steps, ModalScreen[None]):
    pane_id = PaneId.EXIT
    ACTIONS = {"exit": "exit", "back": "back", "link_with_account_numbers": "manual-entry"}
    SUBMIT = None
    ready = False
    BINDINGS = [Binding("escape", "back", "Back", id="exit_back")]

    def __init__(self, session: LinkSession, pane: Pane) -> None:
        super().__init__(classes="pane pane-exit")
        self.session = session
        self.pane = pane

    @property
    def language(self) -> str:
        return self.session.language

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.t("exit.title"), classes="title", markup=False)
            yield Static(self.t("exit.text"), classes="text", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button(self.t("common.exit"), variant="error", id="exit")
                yield Button(self.t("common.back"), variant="primary", id="back")
            config = self.session.config
            leaving = self.session.pane_before_exit
            if config is not None and config.manual_entry and leaving == PaneId.SELECT_INSTITUTION:
                yield Button(self.t("exit.manual_entry"), id="manual-entry", classes="secondary", flat=True)
        yield KeyHints()

    def on_mount(self) -> None:
        self.ready = True
        self.query_one("#back").focus()

    @on(Button.Pressed, "#exit")
    def _exit(self) -> None:
        self.session.confirm_exit()

    @on(Button.Pressed, "#manual-entry")
    def _manual(self) -> None:
        self.session.link_with_account_numbers()

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.app.act(self.session.back())  # type: ignore[attr-defined]
