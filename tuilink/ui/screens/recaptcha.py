"""RECAPTCHA: a terminal challenge, a word to type back."""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual import on
from textual.widget import Widget
from textual.widgets import Button, Input

from .base import PaneScreen, labelled_input, primary, text, title

if TYPE_CHECKING:
    from ...flow.state import Pane


class RecaptchaScreen(PaneScreen):
    pane_id = "RECAPTCHA"

    def compose_body(self) -> Iterable[Widget]:
        yield title(self.t("recaptcha.title"))
        yield text(self.t("recaptcha.text"))
        yield text(self._challenge(), "challenge")
        yield labelled_input(self.t("recaptcha.word"), id="answer")
        yield self.notice()
        yield primary(self.t("common.verify"))

    def _challenge(self) -> str:
        return " ".join(self.pane.values.get("challenge", ""))

    @on(Input.Submitted)
    @on(Button.Pressed, "#continue")
    def _submit(self) -> None:
        self.act(self.live.submit_recaptcha(self.query_one("#answer", Input).value))

    def update_pane(self, pane: Pane) -> None:
        super().update_pane(pane)
        self.query_one(".challenge").update(self._challenge())  # type: ignore[attr-defined]
        self.query_one("#answer", Input).value = ""
