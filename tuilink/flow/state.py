"""The session state a UI renders, the part the first frame needs: the pane ids, the base of every pane model,
the plain pane (consent), the session options. No Plaid I/O, cheap to import: it is on the path to the first
frame. The other pane models and Link's rules for each pane are in `flow/panes.py`.

Every pane is one of the ids in `PaneId` (Plaid's view names plus tuilink's own sub-panes) and carries one typed
model (`flow.panes.Pane` is their union).
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

from ..plaid.enums import ViewName

if TYPE_CHECKING:
    from ..plaid import link_api as L

AccountSelect = Literal["single", "multiple", "all"]
# What the ERROR pane's primary action does next.
NextAction = Literal["retry_credentials", "retry_mfa", "select_institution", "exit", "reopen"]


class FlowError(Exception):
    """An action that the pane on screen does not offer (a script or UI bug, not a user error)."""


@dataclass(frozen=True)
class Options:
    """tuilink session options (not Plaid API fields)."""

    returning_user: bool = True
    account_select: AccountSelect = "multiple"
    # Link in a web page (the web SDK): an OAuth bank sends the user back to the link token's redirect_uri, and
    # the app re-opens Link there with the page's address (Plaid.create's receivedRedirectUri)
    web_redirects: bool = False
    received_redirect_uri: str | None = None


class PaneId(StrEnum):
    """Every pane Link shows: Plaid's view names, then tuilink's own sub-panes (never named in events)."""

    CONSENT = "CONSENT"
    SUBMIT_PHONE = "SUBMIT_PHONE"
    VERIFY_PHONE = "VERIFY_PHONE"
    SELECT_SAVED_INSTITUTION = "SELECT_SAVED_INSTITUTION"
    SELECT_SAVED_ACCOUNT = "SELECT_SAVED_ACCOUNT"
    SELECT_INSTITUTION = "SELECT_INSTITUTION"
    SELECT_AUTH_TYPE = "SELECT_AUTH_TYPE"
    OAUTH = "OAUTH"
    CREDENTIAL = "CREDENTIAL"
    MATCHED_CREDENTIAL = "MATCHED_CREDENTIAL"
    MFA = "MFA"
    MATCHED_MFA = "MATCHED_MFA"
    RECAPTCHA = "RECAPTCHA"
    SELECT_ACCOUNT = "SELECT_ACCOUNT"
    NUMBERS = "NUMBERS"
    NUMBERS_SELECT_INSTITUTION = "NUMBERS_SELECT_INSTITUTION"
    SAME_DAY_MICRODEPOSIT_AUTHORIZED = "SAME_DAY_MICRODEPOSIT_AUTHORIZED"
    INSTANT_MICRODEPOSIT_AUTHORIZED = "INSTANT_MICRODEPOSIT_AUTHORIZED"
    INSTANT_MICRODEPOSIT_VERIFICATION = "INSTANT_MICRODEPOSIT_VERIFICATION"
    SAME_DAY_MICRODEPOSIT_VERIFICATION = "SAME_DAY_MICRODEPOSIT_VERIFICATION"
    LOADING = "LOADING"
    CONNECTED = "CONNECTED"
    ERROR = "ERROR"
    EXIT = "EXIT"
    # tuilink's own sub-panes
    OAUTH_BANK = "OAUTH_BANK"  # our stand-in for the bank's own OAuth page
    MATCHED_VERIFY_METHOD = "MATCHED_VERIFY_METHOD"  # legacy returning user: code or password
    LEGAL_NAME = "LEGAL_NAME"  # the account holder's name (Database Auth, micro-deposits)
    ACCOUNT_TYPE = "ACCOUNT_TYPE"  # manual entry: checking or savings
    AUTHORIZE_DEPOSIT = "AUTHORIZE_DEPOSIT"  # manual entry: authorise the $0.01 deposit

    @property
    def is_plaid_view(self) -> bool:
        """One of Plaid's view names: entering it emits TRANSITION_VIEW."""
        return self.value in ViewName.__members__


# --- one model per pane kind ----------------------------------------------------------------------------

# Every model is `@dataclass(kw_only=True, eq=False)`: a pane is a moment of the session (its `seq` says which),
# equal only to itself; and no generated __eq__ keeps these modules cheap to import.


@dataclass(kw_only=True, eq=False)
class BasePane:
    """What every pane has: its id, the institution it is about, an inline message, and its place in time."""

    id: PaneId
    institution: L.InstitutionSummary | None = None
    notice: str | None = None  # inline error message, in Plaid's words
    notice_field: str | None = None  # the field (its step key) the message is about; None: the pane as a whole
    seq: int = 0  # bumps on every change
    visit: int = 0  # bumps when a pane is entered (not when the pane on screen is updated)


@dataclass(kw_only=True, eq=False)
class PlainPane(BasePane):
    """A pane with nothing of its own: consent, Auth Type Select, account type, loading, connected, exit."""


