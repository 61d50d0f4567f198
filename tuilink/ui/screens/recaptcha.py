"""RECAPTCHA: a terminal challenge, a word to type back."""
from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.widget import Widget
from textual.widgets import Button, Input

from ...flow.panes import RecaptchaPane
from ...flow.state import PaneId
from .base import PaneScreen, Step, labelled_input, primary, text, title


class RecaptchaScreen(PaneScreen[RecaptchaPane]):
    pane_id = PaneId.RECAPTCHA
    FIELDS = {"answer": "answer"}
    FILL_ACTIONS = ("solve",)

    def step_text(self, step: Step, *, every: bool = False) -> list[tuple[str, str]]:
        """`answer` is typed as given; `action = "solve"` without one types the word on screen."""
        if "answer" not in step and step.get("action") == "solve":
            return [("answer", self.pane.challenge)]
        return super().step_text(step, every=every)

    def compose_body(self) -> Iterable[Widget]:
        yield title(self.t("recaptcha.title"))
        yield text(self.t("recaptcha.text"))
        yield text(self._challenge(), "challenge")
        yield labelled_input(self.t("recaptcha.word"), id="answer")
        yield self.notice()
        yield primary(self.t("common.verify"))

    def _challenge(self) -> str:
        return " ".join(self.pane.challenge)

    @on(Input.Submitted)
    @on(Button.Pressed, "#continue")
    def _submit(self) -> None:
        self.act(self.live.submit_recaptcha(self.query_one("#answer", Input).value))

    def update_pane(self, pane: RecaptchaPane) -> None:
        super().update_pane(pane)
        self.query_one(".challenge").update(self._challenge())  # type: ignore[attr-defined]
        self.query_one("#answer", Input).value = ""
