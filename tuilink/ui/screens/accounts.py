"""SELECT_ACCOUNT and SELECT_SAVED_ACCOUNT: name, mask, type, balance; single, multiple or all."""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.widget import Widget
from textual.widgets import Button, RadioSet, SelectionList

from ...flow.panes import AccountsPane
from ...flow.state import PaneId
from ..widgets.choices import Checklist, Radio
from .base import PaneScreen, Step, StepDriver, StepError, money, primary, text, title

if TYPE_CHECKING:
    from ...plaid.models import Account


NAME_WIDTH = 30  # the longest account name shown whole; longer ones end in "…"


def account_label(account: Account, new: str | None, width: int = 20) -> Text:
    """Name, mask, balance (and `new`, the word for an account a returning user has not shared before). `width`:
    the name column's, so the masks and balances of a list line up."""
    label = Text(no_wrap=True)
    name = account.name if len(account.name) <= width else account.name[: width - 1] + "…"
    label.append(f"{name:<{width}}")
    label.append(f" ••••{account.mask or '':<4}", style="dim")
    label.append(f" {money(account.balances.current):>11}")
    if new:
        label.append(f" {new}", style="bold")
    return label


class SelectAccountScreen(PaneScreen[AccountsPane]):
    pane_id = PaneId.SELECT_ACCOUNT
    heading = "accounts.title"  # + .single / .multiple

    def compose_body(self) -> Iterable[Widget]:
        single = self.pane.account_select == "single"
        yield title(self.t(f"{self.heading}.{'single' if single else 'multiple'}"))
        yield text(self.t("accounts.text", client=self.live.client_name))
        accounts = self.pane.accounts
        new = self.t("accounts.new")
        width = min(max((len(a.name) for a in accounts), default=0), NAME_WIDTH)
        if single:
            with RadioSet(id="accounts"):
                for i, a in enumerate(accounts):
                    yield Radio(account_label(a, new if a.account_id in self.pane.new_accounts else None, width),
                                value=i == 0, id=f"account-{i}")
        else:
            yield Checklist(*[(account_label(a, new if a.account_id in self.pane.new_accounts else None, width),
                               a.account_id, self.preselected(a)) for a in accounts], id="accounts")
        yield self.notice()
        yield primary(self.t("common.continue"))

    def preselected(self, account: Account) -> bool:
        return self.pane.account_select == "all"

    def chosen(self) -> list[str]:
        if self.pane.account_select == "single":
            index = self.query_one("#accounts", RadioSet).pressed_index
            return [self.pane.accounts[index].account_id] if index >= 0 else []
        return list(self.query_one("#accounts", SelectionList).selected)

    def step_choices(self, step: Step) -> list[tuple[str, str, list[str]]]:
        """`accounts`: the masks of the accounts to share (single: the first is chosen)."""
        if "accounts" not in step or self.pane.account_select != "single":
            return []
        masks = self._masks(step)
        return [("accounts", masks[0], [a.mask or "" for a in self.pane.accounts])] if masks else []

    def _masks(self, step: Step) -> list[str]:
        masks = [str(m) for m in step.get("accounts", [])]
        shown = {a.mask for a in self.pane.accounts}
        missing = [m for m in masks if m not in shown]
        if missing:
            raise StepError(f"no account with mask {', '.join(missing)} on {self.pane_id} "
                            f"(shown: {', '.join(a.mask or '?' for a in self.pane.accounts)})")
        return masks

    def fill(self, step: Step) -> None:
        super().fill(step)
        if "accounts" in step and self.pane.account_select != "single":
            by_mask = {a.mask: a.account_id for a in self.pane.accounts}
            selection = self.query_one("#accounts", SelectionList)
            selection.deselect_all()
            for mask in self._masks(step):
                selection.select(by_mask[mask])

    async def apply_step(self, driver: StepDriver, step: Step) -> None:
        if "accounts" in step and self.pane.account_select != "single":
            self.fill(step)  # ticking boxes: the selection list takes them as a user's clicks would leave it
        await super().apply_step(driver, step)

    def initial_focus(self) -> Widget:
        accounts = self.query_one("#accounts")
        if isinstance(accounts, SelectionList) and accounts.option_count:
            accounts.highlighted = 0
        return accounts

    @on(Button.Pressed, "#continue")
    def _continue(self) -> None:
        self.act(self.live.select_accounts(self.chosen()))


class SelectSavedAccountScreen(SelectAccountScreen):
    pane_id = PaneId.SELECT_SAVED_ACCOUNT
    heading = "accounts.saved_title"

    def preselected(self, account: Account) -> bool:
        """Accounts the returning user shared before start selected; new ones are theirs to add."""
        return super().preselected(account) or account.account_id not in self.pane.new_accounts
