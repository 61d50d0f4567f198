"""MFA: code, device (choose where to send the code), questions (rounds of questions), selections."""
from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.widget import Widget
from textual.widgets import Button, Input, Label, RadioSet

from ...flow.panes import MfaPane
from ...flow.state import PaneId
from ..widgets.choices import Radio
from .base import PaneScreen, Step, TextField, labelled_input, primary, text, title


class MfaScreen(PaneScreen[MfaPane]):
    pane_id = PaneId.MFA

    def step_text(self, step: Step, *, every: bool = False) -> list[tuple[str, str]]:
        """`code` (code), `answers` (questions: one per question, in order)."""
        mfa = self.pane.mfa
        if mfa.type == "code":
            return [("code", str(step.get("code", "")))] if every or "code" in step else []
        if mfa.type == "questions" and (every or "answers" in step):
            answers = list(step.get("answers", []))
            return [(f"answer-{j}", str(answers[j]) if j < len(answers) else "") for j in range(len(mfa.questions))]
        return []

    def step_choices(self, step: Step) -> list[tuple[str, str, list[str]]]:
        """`device` (a device's name or index; default the first), `selections` (one option per question)."""
        mfa = self.pane.mfa
        if mfa.type == "device":
            device = step.get("device", mfa.devices[0] if mfa.devices else "")
            if isinstance(device, int):
                device = mfa.devices[device] if 0 <= device < len(mfa.devices) else str(device)
            return [("devices", str(device), list(mfa.devices))]
        if mfa.type == "selections":
            chosen = list(step.get("selections", []))
            return [(f"selection-{j}", str(chosen[j]), list(q.options))
                    for j, q in enumerate(mfa.questions) if j < len(chosen)]
        return []

    def compose_body(self) -> Iterable[Widget]:
        mfa = self.pane.mfa
        yield title(mfa.prompt or self.t(f"mfa.title.{mfa.type}"))  # the prompt comes in the session's language
        if mfa.rounds > 1:
            yield text(self.t("mfa.step", round=mfa.round, rounds=mfa.rounds))
        if mfa.type == "code":
            yield TextField(placeholder=self.t("common.code"), id="code", max_length=1024, classes="code")
        elif mfa.type == "device":
            with RadioSet(id="devices"):
                for i, device in enumerate(mfa.devices):
                    yield Radio(device, value=i == 0, id=f"device-{i}")
        elif mfa.type == "questions":
            for j, question in enumerate(mfa.questions):
                yield labelled_input(question.text, id=f"answer-{j}", placeholder=self.t("mfa.answer"))
        else:
            for j, question in enumerate(mfa.questions):
                yield Label(question.text, classes="field-label")
                with RadioSet(id=f"selection-{j}"):
                    for k, option in enumerate(question.options):
                        yield Radio(option, id=f"selection-{j}-{k}")
        yield self.notice()
        yield primary(self.t("common.submit"))

    def answers(self) -> list[str]:
        mfa = self.pane.mfa
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
