"""The legacy returning-user panes: MATCHED_CREDENTIAL (password only), the verify-method choice (ours),
MATCHED_MFA (a code sent to the phone instead of credentials)."""
from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.widget import Widget
from textual.widgets import Button, Input

from ...flow.panes import PhonePane
from ...flow.state import PaneId
from .base import ChoiceScreen, PaneScreen, labelled_input, primary, text, title


class MatchedCredentialScreen(PaneScreen[PhonePane]):
    pane_id = PaneId.MATCHED_CREDENTIAL
    FIELDS = {"password": "password"}

    def compose_body(self) -> Iterable[Widget]:
        yield title(self.t("common.welcome_back"))
        yield text(self.t("matched.credential_text", institution=self.institution_name(),
                          last4=self.pane.phone_last4))
        yield labelled_input(self.t("common.password"), id="password", password=True)
        yield self.notice()
        yield primary(self.t("common.submit"))

    @on(Input.Submitted)
    @on(Button.Pressed, "#continue")
    def _submit(self) -> None:
        self.act(self.live.submit_credentials("", self.query_one("#password", Input).value))


class MatchedVerifyMethodScreen(ChoiceScreen[PhonePane]):
    pane_id = PaneId.MATCHED_VERIFY_METHOD
    STEP_KEY = "select"
    choice_id = "verify_method"

    def heading(self) -> str:
        return self.t("common.welcome_back")

    def intro(self) -> str:
        return self.t("matched.verify_intro", institution=self.institution_name())

    def choices(self) -> list[tuple[str, str]]:
        return [("phoneotp", self.t("matched.text_code", last4=self.pane.phone_last4)),
                ("password", self.t("matched.use_password"))]

    def choose(self, value: str) -> None:
        self.live.choose_verify_method(value)


class MatchedMfaScreen(PaneScreen[PhonePane]):
    pane_id = PaneId.MATCHED_MFA
    FIELDS = {"otp": "otp"}

    def compose_body(self) -> Iterable[Widget]:
        yield title(self.t("common.enter_code"))
        yield text(self.t("common.code_sent", last4=self.pane.phone_last4))
        yield labelled_input(self.t("common.code"), id="otp", placeholder=self.t("otp.placeholder"))
        yield self.notice()
        yield primary(self.t("common.continue"))

    @on(Input.Submitted)
    @on(Button.Pressed, "#continue")
    def _submit(self) -> None:
        self.act(self.live.submit_matched_otp(self.query_one("#otp", Input).value))
