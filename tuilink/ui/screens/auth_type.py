"""SELECT_AUTH_TYPE: link instantly (log in at the bank) or manually (account and routing numbers)."""
from __future__ import annotations

from ...flow.state import PaneId, PlainPane
from .base import ChoiceScreen


class SelectAuthTypeScreen(ChoiceScreen[PlainPane]):
    pane_id = PaneId.SELECT_AUTH_TYPE
    STEP_KEY = "action"  # action = "instant" or "manual"
    STEP_REQUIRED = True
    FILL_ACTIONS = ("instant", "manual")
    choice_id = "auth_type"

    def heading(self) -> str:
        return self.t("auth_type.title")

    def choices(self) -> list[tuple[str, str]]:
        return [("instant", self.t("auth_type.instant")), ("manual", self.t("auth_type.manual"))]

    def footnote(self) -> str:
        return self.t("auth_type.footnote", client=self.live.client_name)

    def choose(self, value: str) -> None:
        self.act(self.live.select_auth_type(value))
