"""OAUTH ("you will sign in at <bank>") and OAUTH_BANK, a stand-in for the bank's own OAuth page."""
from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.widget import Widget
from textual.widgets import Button, Input

from .base import PaneScreen, labelled_input, primary, secondary, text, title


class OAuthScreen(PaneScreen):
    pane_id = "OAUTH"

    def compose_body(self) -> Iterable[Widget]:
        inst = self.pane.institution
        assert inst is not None
        yield title(f"You will be sent to {inst.name}")
        yield text(f"Log in at {inst.name} and approve access. You'll be brought back to "
                   f"{self.session.client_name} when you're done.")
        yield self.notice()
        yield primary("Continue")

    @on(Button.Pressed, "#continue")
    def _continue(self) -> None:
        self.act(self.session.continue_())


class OAuthBankScreen(PaneScreen):
    pane_id = "OAUTH_BANK"

    def header_title(self) -> str:
        inst = self.pane.institution
        return f"{inst.name if inst else 'Bank'} · sign in (sandbox OAuth page)"

    def compose_body(self) -> Iterable[Widget]:
        inst = self.pane.institution
        assert inst is not None
        yield title(f"Sign in to {inst.name}")
        yield text("Sandbox OAuth page: any credentials, even blank, are accepted.")
        yield labelled_input("Username", id="username")
        yield labelled_input("Password", id="password", password=True)
        yield self.notice()
        yield primary(f"Approve access for {self.session.client_name}", "approve")
        yield secondary("Deny access", "deny")

    @on(Input.Submitted)
    @on(Button.Pressed, "#approve")
    def _approve(self) -> None:
        self.act(self.session.approve_oauth())

    @on(Button.Pressed, "#deny")
    def _deny(self) -> None:
        self.act(self.session.deny_oauth())
