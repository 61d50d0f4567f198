"""Same-Day Micro-deposits: account type, authorising the deposit, "deposit on its way", the code pane."""
from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.widget import Widget
from textual.widgets import Button, Input

from .base import ChoiceScreen, ConfirmationScreen, PaneScreen, labelled_input, primary, text, title


class AccountTypeScreen(ChoiceScreen):
    pane_id = "ACCOUNT_TYPE"
    choice_id = "account_type"

    def heading(self) -> str:
        return "What type of account is it?"

    def choices(self) -> list[tuple[str, str]]:
        return [("checking", "Checking"), ("savings", "Savings")]

    def choose(self, value: str) -> None:
        self.act(self.session.submit_account_type(value))


class AuthorizeDepositScreen(PaneScreen):
    pane_id = "AUTHORIZE_DEPOSIT"

    def compose_body(self) -> Iterable[Widget]:
        config = self.session.config
        descriptor = config.deposit_descriptor if config else ""
        yield title("Authorize a $0.01 deposit")
        yield text(f"Plaid will deposit $0.01 in your account ending in {self.pane.values.get('mask', '')}. "
                   f"Its description, {descriptor}, starts with a 3-letter code you'll enter to verify the "
                   "account.")
        yield text("By continuing you authorize this deposit. It will not be reversed.", "legal")
        yield primary("Authorize")

    @on(Button.Pressed, "#continue")
    def _continue(self) -> None:
        self.act(self.session.authorize_deposit())


class DepositAuthorizedScreen(ConfirmationScreen):
    pane_id = "SAME_DAY_MICRODEPOSIT_AUTHORIZED"

    def heading(self) -> str:
        return "Deposit on its way"

    def message(self) -> str:
        return (f"Look for a $0.01 deposit in your account ending in {self.pane.values.get('mask', '')} in 1–2 "
                f"business days, then come back to {self.session.client_name} to enter the code.")


class InstantDepositAuthorizedScreen(ConfirmationScreen):
    pane_id = "INSTANT_MICRODEPOSIT_AUTHORIZED"
    button_label = "Enter the code"

    def heading(self) -> str:
        return "Deposit sent"

    def message(self) -> str:
        return (f"A $0.01 deposit is arriving in your account ending in {self.pane.values.get('mask', '')} within "
                "a few seconds. Open your bank's app to find its description.")


class DepositCodeScreen(PaneScreen):
    pane_id = "SAME_DAY_MICRODEPOSIT_VERIFICATION"

    def compose_body(self) -> Iterable[Widget]:
        config = self.session.config
        account = self.pane.deposit_account
        descriptor = config.deposit_descriptor if config else "#XXX ACCTVERIFY"
        yield title("Enter the code from your deposit")
        ending = f" ending in {account.mask}" if account and account.mask else ""
        yield text(f"Find the $0.01 deposit in your account{ending}. Its description looks like "
                   f"{descriptor}: enter the 3 letters in place of XXX.")
        yield labelled_input("Code", id="code", placeholder="ABC")
        yield self.notice()
        yield primary("Verify")

    @on(Input.Submitted)
    @on(Button.Pressed, "#continue")
    def _submit(self) -> None:
        self.act(self.session.submit_deposit_code(self.query_one("#code", Input).value))

    def update_pane(self, pane) -> None:  # type: ignore[no-untyped-def]
        super().update_pane(pane)
        self.query_one("#code", Input).value = ""


class InstantDepositCodeScreen(DepositCodeScreen):
    pane_id = "INSTANT_MICRODEPOSIT_VERIFICATION"
