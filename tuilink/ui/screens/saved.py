"""SELECT_SAVED_INSTITUTION: a recognised returning user's saved institutions (⚡)."""
from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.widget import Widget
from textual.widgets import Button, OptionList
from textual.widgets.option_list import Option

from ...flow.panes import SavedInstitutionsPane
from ...flow.state import PaneId
from .base import PaneScreen, Step, StepDriver, StepError, secondary, text, title


class SelectSavedInstitutionScreen(PaneScreen[SavedInstitutionsPane]):
    pane_id = PaneId.SELECT_SAVED_INSTITUTION
    ACTIONS = {"connect_new": "connect-new"}
    SUBMIT = None

    async def apply_step(self, driver: StepDriver, step: Step) -> None:
        if "select" in step and "action" not in step:
            await driver.choose_option("#saved", str(step["select"]))
            return
        if "action" not in step:
            raise StepError('a SELECT_SAVED_INSTITUTION step needs `select` or `action = "connect_new"`')
        await super().apply_step(driver, step)

    def compose_body(self) -> Iterable[Widget]:
        yield title(self.t("common.welcome_back"))
        yield text(self.t("saved.text"))
        yield OptionList(*[Option(f"⚡ {s.institution.name}", id=s.institution.institution_id)
                           for s in self.pane.saved], id="saved")
        yield self.notice()
        yield secondary(self.t("saved.connect_new"), "connect-new")

    def initial_focus(self) -> Widget:
        saved = self.query_one("#saved", OptionList)
        saved.highlighted = 0
        return saved

    @on(OptionList.OptionSelected, "#saved")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.act(self.live.select_saved_institution(event.option.id))

    @on(Button.Pressed, "#connect-new")
    def _new(self) -> None:
        self.act(self.live.connect_new_institution())
