"""SELECT_AUTH_TYPE: link instantly (log in at the bank) or manually (account and routing numbers)."""
from __future__ import annotations

from .base import ChoiceScreen


class SelectAuthTypeScreen(ChoiceScreen):
    pane_id = "SELECT_AUTH_TYPE"
    choice_id = "auth_type"

    def heading(self) -> str:
        return "How would you like to connect your account?"

    def choices(self) -> list[tuple[str, str]]:
        return [("instant", "Instantly (recommended): log in to your bank"),
                ("manual", "Manually: enter account and routing numbers (1–2 days)")]

    def footnote(self) -> str:
        return f"{self.session.client_name} uses Plaid to verify your account either way."

    def choose(self, value: str) -> None:
        self.act(self.session.select_auth_type(value))
