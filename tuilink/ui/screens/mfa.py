"""MFA: code, device (choose where to send the code), questions (rounds of questions), selections."""
from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.widget import Widget
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

from .base import PaneScreen, TextField, labelled_input, primary, text, title


class MfaScreen(PaneScreen):
    pane_id = "MFA"

    def compose_body(self) -> Iterable[Widget]:
        mfa = self.pane.mfa
        assert mfa is not None
        yield title(mfa.prompt or self.t(f"mfa.title.{mfa.type}"))  # the prompt comes in the session's language
        if mfa.rounds > 1:
            yield text(self.t("mfa.step", round=mfa.round, rounds=mfa.rounds))
        if mfa.type == "code":
            yield TextField(placeholder=self.t("common.code"), id="code", max_length=1024, classes="code")
        elif mfa.type == "device":
            with RadioSet(id="devices"):
                for i, device in enumerate(mfa.devices):
                    yield RadioButton(device, value=i == 0, id=f"device-{i}")
        elif mfa.type == "questions":
            for j, question in enumerate(mfa.questions):
                yield labelled_input(question.text, id=f"answer-{j}", placeholder=self.t("mfa.answer"))
        else:
            for j, question in enumerate(mfa.questions):
                yield Label(question.text, classes="field-label")
                with RadioSet(id=f"selection-{j}"):
                    for k, option in enumerate(question.options):
                        yield RadioButton(option, id=f"selection-{j}-{k}")
        yield self.notice()
        yield primary(self.t("common.submit"))

    def answers(self) -> list[str]:
        mfa = self.pane.mfa
        assert mfa is not None
        if mfa.type == "code":
            return [self.query_one("#code", Input).value]
        if mfa.type == "device":
            pressed = self.query_one("#devices", RadioSet).pressed_index
            return [mfa.devices[pressed]] if pressed >= 0 else []
        if mfa.type == "questions":
            return [self.query_one(f"#answer-{j}", Input).value for j in range(len(mfa.questions))]
        chosen = []
        for j, question in enumerate(mfa.questions):
            index = self.query_one(f"#selection-{j}", RadioSet).pressed_index
            chosen.append(question.options[index] if index >= 0 else "")
        return chosen

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        self.next_field_or(event.input, self._submit)

    @on(Button.Pressed, "#continue")
    def _submit(self) -> None:
        self.act(self.live.submit_mfa(self.answers()))
