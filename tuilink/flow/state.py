"""The session state a UI renders: the pane on screen and the session options. No Plaid I/O, cheap to import."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ..plaid import link_api as L
    from ..plaid.models import Account, LinkAccount, PlaidError

AccountSelect = Literal["single", "multiple", "all"]


class FlowError(Exception):
    """An action that the pane on screen does not offer (a script or UI bug, not a user error)."""


@dataclass(frozen=True)
class Options:
    """tuilink session options (not Plaid API fields)."""

    returning_user: bool = True
    account_select: AccountSelect = "multiple"


@dataclass
class Pane:
    """What one pane shows. Only the fields its kind uses are set."""

    id: str
    institution: L.InstitutionSummary | None = None
    results: list[L.InstitutionSummary] = field(default_factory=list)
    query: str = ""
    notice: str | None = None  # inline error message, in Plaid's words
    warning: str | None = None  # inline warning (a degraded institution)
    mfa: L.MfaChallenge | None = None
    accounts: list[Account] = field(default_factory=list)
    new_accounts: set[str] = field(default_factory=set)  # account_ids a returning user has not shared yet
    account_select: AccountSelect = "multiple"
    saved: list[L.SavedInstitution] = field(default_factory=list)
    phone_last4: str | None = None
    error: PlaidError | None = None  # ERROR pane
    error_title: str = ""
    error_body: str = ""
    next_action: str = ""  # ERROR pane: retry_credentials | retry_mfa | select_institution | exit | reopen
    deposit_account: LinkAccount | None = None  # the account a micro-deposit code verifies
    values: dict[str, str] = field(default_factory=dict)  # what the user typed before, to show again (never secrets)
    seq: int = 0  # bumps on every change
    visit: int = 0  # bumps when a pane is entered (not when the pane on screen is updated)
