"""CONSENT: "<client> uses Plaid to connect your account"."""
from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.widget import Widget
from textual.widgets import Button, Collapsible

from .base import PaneScreen, primary, text, title

DATA_TYPES = {
    "auth": "Account and routing number",
    "identity": "Contact info",
    "transactions": "Transactions",
    "balance": "Account and balance info",
    "investments": "Investments",
    "liabilities": "Credit and loans",
    "assets": "Account and balance info",
    "statements": "Bank Statements",
    "signal": "Risk info",
}


class ConsentScreen(PaneScreen):
    pane_id = "CONSENT"

    def compose_body(self) -> Iterable[Widget]:
        client = self.session.client_name
        products = self.session.config.products if self.session.config else []
        scopes = ["Account and balance info"] + [DATA_TYPES[p] for p in products if p in DATA_TYPES]
        yield title(f"{client} uses Plaid to connect your account")
        yield text("✓ Connect effortlessly", "bullet")
        yield text("Plaid lets you securely connect your financial accounts in seconds", "bullet-text")
        yield text("✓ Your data belongs to you", "bullet")
        yield text("Plaid doesn't sell personal info, and will only use it with your permission", "bullet-text")
        with Collapsible(title=f"Data {client} will access", id="data-types", collapsed_symbol="▸",
                         expanded_symbol="▾"):
            for scope in dict.fromkeys(scopes):
                yield text(f"• {scope}", "scope")
        yield text('By selecting "Continue" you agree to the Plaid End User Privacy Policy', "legal")
        yield primary("Continue")

    @on(Collapsible.Expanded)
    def _data_types(self) -> None:
        self.session.view_data_types()

    @on(Button.Pressed, "#continue")
    def _continue(self) -> None:
        self.act(self.session.continue_())
