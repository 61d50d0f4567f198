"""OAUTH ("you will sign in at <bank>") and OAUTH_BANK, a stand-in for the bank's own OAuth page."""
from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.widget import Widget
from textual.widgets import Button, Input

from ...flow.panes import LoginPane
from ...flow.state import PaneId
from .base import PaneScreen, labelled_input, primary, secondary, text, title


class OAuthScreen(PaneScreen[LoginPane]):
    pane_id = PaneId.OAUTH

    def compose_body(self) -> Iterable[Widget]:
        inst = self.pane.institution
        assert inst is not None
        yield title(self.t("oauth.title", institution=inst.name))
        yield text(self.t("oauth.text", institution=inst.name, client=self.live.client_name))
        yield self.notice()
        yield primary(self.t("common.continue"))

    @on(Button.Pressed, "#continue")
    def _continue(self) -> None:
        self.act(self.live.continue_())


class OAuthBankScreen(PaneScreen[LoginPane]):
    pane_id = PaneId.OAUTH_BANK
    FIELDS = {"username": "username", "password": "password"}
    TYPE_ALL = False
    ACTIONS = {"deny": "deny"}
    FILL_ACTIONS = ("approve",)
    SUBMIT = "approve"

    def header_title(self) -> str:
        inst = self.pane.institution
        return self.t("oauth_bank.header", institution=inst.name if inst else self.t("oauth_bank.bank"))

    def compose_body(self) -> Iterable[Widget]:
        inst = self.pane.institution
        assert inst is not None
        yield title(self.t("oauth_bank.title", institution=inst.name))
        yield text(self.t("oauth_bank.text"))
        yield labelled_input(self.t("common.username"), id="username")
        yield labelled_input(self.t("common.password"), id="password", password=True)
        yield self.notice()
        yield primary(self.t("oauth_bank.approve", client=self.live.client_name), "approve")
        yield secondary(self.t("oauth_bank.deny"), "deny")

    @on(Input.Submitted)
    @on(Button.Pressed, "#approve")
    def _approve(self) -> None:
        self.act(self.live.approve_oauth())

    @on(Button.Pressed, "#deny")
    def _deny(self) -> None:
        self.act(self.live.deny_oauth())
