"""The result screen: what Link handed back (onSuccess / onExit JSON), before the app closes.

Not a Link pane: Link itself is over. The JSON is the same text the CLI prints on stdout; it can be copied
(OSC 52 clipboard), another session can be linked, or the app closed.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from rich.json import JSON
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, ScrollableContainer, Vertical
from textual.screen import Screen
from textual.widgets import Button, Static

from ...copy import plural, text
from ...flow.events import result_json
from ..widgets.key_hints import KeyHints
from .base import Worded

if TYPE_CHECKING:
    from ...plaid.models import LinkResult


def summary(result: LinkResult, language: str = "en") -> str:
    """One line: what happened, in the integrator's terms (the callback's name and error code as they are)."""
    institution = result.metadata.institution.name if result.metadata.institution else None
    if result.callback == "onSuccess":  # narrows `result` to OnSuccess (and below, to OnExit)
        accounts = len(result.metadata.accounts)
        where = institution or text("result.account_numbers", language)
        return plural("result.success", language, accounts, institution=where)
    error = result.error
    status = result.metadata.status
    reason = error.get("error_code") if error else text("result.user_left", language)
    if status:
        return text("result.exit_status", language, reason=reason, status=status)
    return text("result.exit", language, reason=reason)


class ResultScreen(Worded, Screen[None]):
    pane_id = "RESULT"
    ready = False
    BINDINGS = [
        Binding("c", "copy", "Copy JSON", id="copy_result"),
        Binding("n", "link_another", "Link another", id="link_another"),
        Binding("q", "quit_result", "Quit", id="quit_result"),
    ]

    def __init__(self, result: LinkResult, *, can_link_another: bool) -> None:
        super().__init__(classes="pane pane-result")
        self.result = result
        self.text = result_json(result, indent=2)
        self.can_link_another = can_link_another

    def compose(self) -> ComposeResult:
        ok = self.result.callback == "onSuccess"
        with Vertical(id="result-card", classes="success" if ok else "exit"):
            yield Static(summary(self.result, self.language), id="result-title", markup=False)
            yield Static(self.t("result.text"), classes="text", markup=False)
            with ScrollableContainer(id="result-json"):  # long lines scroll: the JSON is shown whole
                yield Static(JSON(self.text), id="result-body")
            with Horizontal(id="result-buttons"):
                yield Button(self.t("result.copy"), id="copy", classes="result-button")
                if self.can_link_another:
                    yield Button(self.t("result.link_another"), id="another", classes="result-button")
                yield Button(self.t("result.quit"), variant="primary", id="quit", classes="result-button")
        yield KeyHints()

    def on_mount(self) -> None:
        self.ready = True
        self.query_one("#quit").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "link_another":
            return self.can_link_another
        return True

    @on(Button.Pressed, "#copy")
    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.text)
        self.notify(self.t("result.copied"), title=self.t("result.copied_title"), timeout=3)

    @on(Button.Pressed, "#another")
    async def action_link_another(self) -> None:
        if self.can_link_another:
            await self.app.link_another()  # type: ignore[attr-defined]

    @on(Button.Pressed, "#quit")
    def action_quit_result(self) -> None:
        self.app.exit(self.result)
