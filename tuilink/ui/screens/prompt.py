"""A one-question dialog for the command palette's commands (restart Link with other products, switch backend)."""
from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from .base import TextField, Worded


class PromptScreen(Worded, ModalScreen[str | None]):
    """Asks for one value; dismissed with the text (Enter / OK) or None (Esc / Cancel). The question and its
    explanation come in the session's language."""

    pane_id = "PROMPT"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt_cancel")]

    def __init__(self, question: str, explanation: str, value: str = "", placeholder: str = "") -> None:
        super().__init__(classes="pane pane-prompt")
        self.question = question
        self.explanation = explanation
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.question, classes="title", markup=False)
            yield Static(self.explanation, classes="text", markup=False)
            yield TextField(self.value, placeholder=self.placeholder, id="prompt-value", max_length=1024)
            with Horizontal(id="dialog-buttons"):
                yield Button(self.t("prompt.cancel"), id="cancel")
                yield Button(self.t("prompt.ok"), variant="primary", id="ok")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.dismiss(self.query_one(Input).value.strip())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
