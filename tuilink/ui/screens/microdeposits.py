"""Same-Day Micro-deposits: account type, authorising the deposit, "deposit on its way", the code pane."""
from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.widget import Widget
from textual.widgets import Button, Input

from ...flow.panes import DepositCodePane, DepositPane
from ...flow.state import PaneId, PlainPane
from .base import ChoiceScreen, ConfirmationScreen, PaneScreen, labelled_input, primary, text, title


class AccountTypeScreen(ChoiceScreen[PlainPane]):
    pane_id = PaneId.ACCOUNT_TYPE
    STEP_KEY = "account_type"
    choice_id = "account_type"

    def heading(self) -> str:
        return self.t("account_type.title")

    def choices(self) -> list[tuple[str, str]]:
        return [(kind, self.t(f"account_type.{kind}")) for kind in ("checking", "savings")]

    def choose(self, value: str) -> None:
        self.act(self.live.submit_account_type(value))


class AuthorizeDepositScreen(PaneScreen[DepositPane]):
    pane_id = PaneId.AUTHORIZE_DEPOSIT

    def compose_body(self) -> Iterable[Widget]:
        config = self.live.config
        descriptor = config.deposit_descriptor if config else ""
        yield title(self.t("deposit.authorize_title"))
        yield text(self.t("deposit.authorize_text", mask=self.pane.mask, descriptor=descriptor))
        yield text(self.t("deposit.authorize_legal"), "legal")
        yield primary(self.t("deposit.authorize"))

    @on(Button.Pressed, "#continue")
    def _continue(self) -> None:
        self.act(self.live.authorize_deposit())


class DepositAuthorizedScreen(ConfirmationScreen[DepositPane]):
    pane_id = PaneId.SAME_DAY_MICRODEPOSIT_AUTHORIZED

    def heading(self) -> str:
        return self.t("deposit.on_its_way")

    def message(self) -> str:
        return self.t("deposit.on_its_way_text", mask=self.pane.mask,
                      client=self.live.client_name)


class InstantDepositAuthorizedScreen(ConfirmationScreen[DepositPane]):
    pane_id = PaneId.INSTANT_MICRODEPOSIT_AUTHORIZED
    button_key = "deposit.enter_code"

    def heading(self) -> str:
        return self.t("deposit.sent")

    def message(self) -> str:
        return self.t("deposit.sent_text", mask=self.pane.mask)


class DepositCodeScreen(PaneScreen[DepositCodePane]):
    pane_id = PaneId.SAME_DAY_MICRODEPOSIT_VERIFICATION
    FIELDS = {"code": "code"}

    def compose_body(self) -> Iterable[Widget]:
        config = self.live.config
        account = self.pane.deposit_account
        descriptor = config.deposit_descriptor if config else "#XXX ACCTVERIFY"
        yield title(self.t("deposit.code_title"))
        if account and account.mask:
            yield text(self.t("deposit.code_text", mask=account.mask, descriptor=descriptor))
        else:
            yield text(self.t("deposit.code_text_no_mask", descriptor=descriptor))
        yield labelled_input(self.t("common.code"), id="code", placeholder=self.t("deposit.code_placeholder"))
        yield self.notice()
        yield primary(self.t("common.verify"))

    @on(Input.Submitted)
    @on(Button.Pressed, "#continue")
    def _submit(self) -> None:
        self.act(self.live.submit_deposit_code(self.query_one("#code", Input).value))

    def update_pane(self, pane: DepositCodePane) -> None:
        super().update_pane(pane)
        self.query_one("#code", Input).value = ""


class InstantDepositCodeScreen(DepositCodeScreen):
    pane_id = PaneId.INSTANT_MICRODEPOSIT_VERIFICATION
