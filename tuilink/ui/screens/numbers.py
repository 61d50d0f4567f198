"""NUMBERS (routing and account number on one pane) and LEGAL_NAME (micro-deposits: the holder's name)."""
from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList
from textual.widgets.option_list import Option

from ...link.formats import ACCOUNT_DIGITS
from .base import PaneScreen, labelled_input, primary, secondary, text, title


class NumbersScreen(PaneScreen):
    pane_id = "NUMBERS"

    def compose_body(self) -> Iterable[Widget]:
        yield title(self.t("numbers.title"))
        account = self.pane.accounts[0] if self.pane.accounts else None
        if account is not None:
            yield text(self.t("numbers.text", account=account.name, mask=account.mask))
        yield labelled_input(self.t("numbers.routing"), id="routing_number",
                             placeholder=self.t("numbers.routing_placeholder"))
        yield text(self.t("numbers.routing_digits"), "hint")
        low, high = ACCOUNT_DIGITS
        yield labelled_input(self.t("numbers.account"), id="account_number",
                             placeholder=self.t("numbers.account_placeholder", low=low, high=high))
        yield self.notice()
        yield primary(self.t("common.continue"))

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        self.next_field_or(event.input, self._submit)

    @on(Button.Pressed, "#continue")
    def _submit(self) -> None:
        self.act(self.live.submit_numbers(self.query_one("#routing_number", Input).value,
                                             self.query_one("#account_number", Input).value))


class LegalNameScreen(PaneScreen):
    pane_id = "LEGAL_NAME"

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


class NumbersSelectInstitutionScreen(PaneScreen):
    """Reroute to Credentials: the typed routing number belongs to banks the user can log in to."""

    pane_id = "NUMBERS_SELECT_INSTITUTION"

    def compose_body(self) -> Iterable[Widget]:
        banks = self.pane.results
        name = banks[0].name if len(banks) == 1 else self.t("reroute.your_bank")
        yield title(self.t("reroute.title", institution=name))
        yield text(self.t(f"reroute.text.{'one' if len(banks) == 1 else 'other'}",
                          routing=self.pane.values.get("routing", "")))
        yield OptionList(*[Option(i.name, id=i.institution_id) for i in banks], id="results")
        yield self.notice()
        if not self.pane.values.get("forced"):
            yield secondary(self.t("reroute.manual"), "manual-entry")

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
