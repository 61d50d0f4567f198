"""SELECT_AUTH_TYPE: link instantly (log in at the bank) or manually (account and routing numbers)."""
from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.widget import Widget
from textual.widgets import Button, RadioButton, RadioSet

from .base import PaneScreen, primary, text, title


class SelectAuthTypeScreen(PaneScreen):
    pane_id = "SELECT_AUTH_TYPE"

    def compose_body(self) -> Iterable[Widget]:
        yield title("How would you like to connect your account?")
        with RadioSet(id="auth_type"):
            yield RadioButton("Instantly (recommended): log in to your bank", value=True, id="auth-instant")
            yield RadioButton("Manually: enter account and routing numbers (1–2 days)", id="auth-manual")
        yield text(f"{self.session.client_name} uses Plaid to verify your account either way.")
        yield self.notice()
        yield primary("Continue")

    def initial_focus(self) -> Widget:
        return self.query_one("#auth_type")

    @on(Button.Pressed, "#continue")
    def _continue(self) -> None:
        index = self.query_one("#auth_type", RadioSet).pressed_index
        self.act(self.session.select_auth_type("manual" if index == 1 else "instant"))
