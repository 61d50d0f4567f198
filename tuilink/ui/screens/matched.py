"""The legacy returning-user panes: MATCHED_CREDENTIAL (password only), the verify-method choice (ours),
MATCHED_MFA (a code sent to the phone instead of credentials)."""
from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.widget import Widget
from textual.widgets import Button, Input

from .base import ChoiceScreen, PaneScreen, labelled_input, primary, text, title


class MatchedCredentialScreen(PaneScreen):
    pane_id = "MATCHED_CREDENTIAL"

    def compose_body(self) -> Iterable[Widget]:
        inst = self.pane.institution
        yield title("Welcome back")
        yield text(f"We found your {inst.name if inst else 'bank'} account through your phone number ending in "
                   f"{self.pane.phone_last4}. Enter your password to continue.")
        yield labelled_input("Password", id="password", password=True)
        yield self.notice()
        yield primary("Submit")

    @on(Input.Submitted)
    @on(Button.Pressed, "#continue")
    def _submit(self) -> None:
        self.act(self.session.submit_credentials("", self.query_one("#password", Input).value))


class MatchedVerifyMethodScreen(ChoiceScreen):
    pane_id = "MATCHED_VERIFY_METHOD"
    choice_id = "verify_method"

    def heading(self) -> str:
        return "Welcome back"

    def intro(self) -> str:
        inst = self.pane.institution
        return f"How would you like to verify your {inst.name if inst else 'bank'} account?"

    def choices(self) -> list[tuple[str, str]]:
        return [("phoneotp", f"Text a code to the phone ending in {self.pane.phone_last4}"),
                ("password", "Enter my password")]

    def choose(self, value: str) -> None:
        self.session.choose_verify_method(value)


class MatchedMfaScreen(PaneScreen):
    pane_id = "MATCHED_MFA"

    def compose_body(self) -> Iterable[Widget]:
        yield title("Enter your code")
        yield text(f"Enter the 6-digit code sent to your phone ending in {self.pane.phone_last4}.")
        yield labelled_input("Code", id="otp", placeholder="••••••")
        yield self.notice()
        yield primary("Continue")

    @on(Input.Submitted)
    @on(Button.Pressed, "#continue")
    def _submit(self) -> None:
        self.act(self.session.submit_matched_otp(self.query_one("#otp", Input).value))
