"""NUMBERS (routing and account number on one pane) and LEGAL_NAME (micro-deposits: the holder's name)."""
from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList
from textual.widgets.option_list import Option

from ...flow.panes import LegalNamePane, NumbersPane, ReroutePane
from ...flow.state import PaneId
from ...link.formats import ACCOUNT_DIGITS
from .base import PaneScreen, Step, StepDriver, StepError, labelled_input, primary, secondary, text, title


class NumbersScreen(PaneScreen[NumbersPane]):
    pane_id = PaneId.NUMBERS
    FIELDS = {"routing_number": "routing_number", "account_number": "account_number"}

    def compose_body(self) -> Iterable[Widget]:
        yield title(self.t("numbers.title"))
        account = self.pane.account
        if account is not None:
            yield text(self.t("numbers.text", account=account.name, mask=account.mask))
        yield labelled_input(self.t("numbers.routing"), id="routing_number",
                             placeholder=self.t("numbers.routing_placeholder"))
        hint = text(self.t("numbers.routing_digits"), "hint _field-hint")
        hint.id = "hint-routing_number"
        yield hint
        yield self.notice("routing_number")
        low, high = ACCOUNT_DIGITS
        yield labelled_input(self.t("numbers.account"), id="account_number",
                             placeholder=self.t("numbers.account_placeholder", low=low, high=high))
        yield self.notice("account_number")
        yield self.notice()
        yield primary(self.t("common.continue"))

    def typed_before(self) -> Step:
        return {"routing_number": self.pane.routing_number} if self.pane.routing_number else {}

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        self.next_field_or(event.input, self._submit)

    @on(Button.Pressed, "#continue")
    def _submit(self) -> None:
        self.act(self.live.submit_numbers(self.query_one("#routing_number", Input).value,
                                             self.query_one("#account_number", Input).value))


class LegalNameScreen(PaneScreen[LegalNamePane]):
    pane_id = PaneId.LEGAL_NAME
    FIELDS = {"legal_name": "legal_name"}

    def compose_body(self) -> Iterable[Widget]:
        yield title(self.t("legal_name.title"))
        yield text(self.t("legal_name.text", institution=self.institution_name()))
        yield labelled_input(self.t("legal_name.label"), id="legal_name")
        yield self.notice()
        yield primary(self.t("common.continue"))

    @on(Input.Submitted)
    @on(Button.Pressed, "#continue")
    def _submit(self) -> None:
        self.act(self.live.submit_legal_name(self.query_one("#legal_name", Input).value))


class NumbersSelectInstitutionScreen(PaneScreen[ReroutePane]):
    """Reroute to Credentials: the typed routing number belongs to banks the user can log in to."""

    pane_id = PaneId.NUMBERS_SELECT_INSTITUTION
    ACTIONS = {"link_with_account_numbers": "manual-entry"}
    SUBMIT = None

    def compose_body(self) -> Iterable[Widget]:
        banks = self.pane.results
        name = banks[0].name if len(banks) == 1 else self.t("reroute.your_bank")
        yield title(self.t("reroute.title", institution=name))
        yield text(self.t(f"reroute.text.{'one' if len(banks) == 1 else 'other'}",
                          routing=self.pane.routing_number))
        yield OptionList(*[Option(i.name, id=i.institution_id) for i in banks], id="results")
        yield self.notice()
        if not self.pane.forced:
            yield secondary(self.t("reroute.manual"), "manual-entry")

    async def apply_step(self, driver: StepDriver, step: Step) -> None:
        if "select" in step and "action" not in step:
            await driver.choose_option("#results", str(step["select"]))
            return
        if "action" not in step:
            raise StepError("a NUMBERS_SELECT_INSTITUTION step needs `select` or "
                            '`action = "link_with_account_numbers"`')
        await super().apply_step(driver, step)

    def initial_focus(self) -> Widget:
        results = self.query_one("#results", OptionList)
        results.highlighted = 0
        return results

    @on(OptionList.OptionSelected, "#results")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.act(self.live.select_institution(event.option.id))

    @on(Button.Pressed, "#manual-entry")
    def _manual(self) -> None:
        self.live.link_with_account_numbers()
