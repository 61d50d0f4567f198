"""NUMBERS (routing and account number on one pane) and LEGAL_NAME (micro-deposits: the holder's name)."""
from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList
from textual.widgets.option_list import Option

from .base import PaneScreen, labelled_input, primary, secondary, text, title


class NumbersScreen(PaneScreen):
    pane_id = "NUMBERS"

    def compose_body(self) -> Iterable[Widget]:
        yield title("Enter your account details")
        account = self.pane.accounts[0] if self.pane.accounts else None
        if account is not None:
            yield text(f"Enter the routing and account numbers of {account.name} ••••{account.mask}.")
        yield labelled_input("Routing number", id="routing_number", placeholder="9 digits")
        yield text("Routing numbers are 9 digits", "hint")
        yield labelled_input("Account number", id="account_number", placeholder="4 to 17 digits")
        yield self.notice()
        yield primary("Continue")

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        self.next_field_or(event.input, self._submit)

    @on(Button.Pressed, "#continue")
    def _submit(self) -> None:
        self.act(self.session.submit_numbers(self.query_one("#routing_number", Input).value,
                                             self.query_one("#account_number", Input).value))


class LegalNameScreen(PaneScreen):
    pane_id = "LEGAL_NAME"

    def compose_body(self) -> Iterable[Widget]:
        inst = self.pane.institution
        yield title("What's your full name?")
        yield text(f"Enter your legal name as it appears on your {inst.name if inst else 'bank'} account.")
        yield labelled_input("Full name", id="legal_name")
        yield self.notice()
        yield primary("Continue")

    @on(Input.Submitted)
    @on(Button.Pressed, "#continue")
    def _submit(self) -> None:
        self.act(self.session.submit_legal_name(self.query_one("#legal_name", Input).value))


class NumbersSelectInstitutionScreen(PaneScreen):
    """Reroute to Credentials: the typed routing number belongs to banks the user can log in to."""

    pane_id = "NUMBERS_SELECT_INSTITUTION"

    def compose_body(self) -> Iterable[Widget]:
        banks = self.pane.results
        name = banks[0].name if len(banks) == 1 else "your bank"
        yield title(f"Sign in to {name} instead?")
        yield text(f"Routing number {self.pane.values.get('routing', '')} belongs to "
                   f"{'this institution' if len(banks) == 1 else 'these institutions'}. Signing in connects "
                   "your account instantly, without a deposit.")
        yield OptionList(*[Option(i.name, id=i.institution_id) for i in banks], id="results")
        yield self.notice()
        if not self.pane.values.get("forced"):
            yield secondary("Enter account number instead", "manual-entry")

    def initial_focus(self) -> Widget:
        results = self.query_one("#results", OptionList)
        results.highlighted = 0
        return results

    @on(OptionList.OptionSelected, "#results")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.act(self.session.select_institution(event.option.id))

    @on(Button.Pressed, "#manual-entry")
    def _manual(self) -> None:
        self.session.link_with_account_numbers()
