"""One typed model per pane kind, and Link's rules for each pane id in one table (`PANES`): the model it
carries, the onExit `status` for leaving it, where ← leads, whether it stays in the history. `Pane` is the union
of the models (the base, the plain pane and the ids are in `flow/state.py`, which the first frame needs)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from ..plaid.enums import ExitStatus
from .state import AccountSelect, BasePane, NextAction, PaneId, PlainPane

if TYPE_CHECKING:
    from ..plaid import link_api as L
    from ..plaid.models import Account, LinkAccount, PlaidError

__all__ = ["BasePane", "PlainPane"]


@dataclass(kw_only=True, eq=False)
class PhonePane(BasePane):
    """A pane about the user's phone: the returning-user panes and the legacy returning user's."""

    phone_last4: str | None = None


@dataclass(kw_only=True, eq=False)
class SavedInstitutionsPane(BasePane):
    saved: list[L.SavedInstitution] = field(default_factory=list)


@dataclass(kw_only=True, eq=False)
class SearchPane(BasePane):
    """Institution Select: the query typed and its results."""

    results: list[L.InstitutionSummary] = field(default_factory=list)
    query: str = ""


@dataclass(kw_only=True, eq=False)
class ReroutePane(BasePane):
    """Reroute to Credentials: the banks with the typed routing number that have a login."""

    results: list[L.InstitutionSummary] = field(default_factory=list)
    routing_number: str = ""
    forced: bool = False  # FORCED: manual entry is not offered


@dataclass(kw_only=True, eq=False)
class LoginPane(BasePane):
    """A login at the institution: its credential form, the OAuth hand-off, or the bank's own page."""

    warning: str | None = None  # a degraded institution
    username: str = ""  # shown again on a retry (never the password)


@dataclass(kw_only=True, eq=False)
class MfaPane(BasePane):
    mfa: L.MfaChallenge


@dataclass(kw_only=True, eq=False)
class RecaptchaPane(BasePane):
    challenge: str  # the word on screen


@dataclass(kw_only=True, eq=False)
class AccountsPane(BasePane):
    accounts: list[Account] = field(default_factory=list)
    new_accounts: set[str] = field(default_factory=set)  # account_ids a returning user has not shared yet
    account_select: AccountSelect = "multiple"


@dataclass(kw_only=True, eq=False)
class NumbersPane(BasePane):
    """Routing and account number entry: for the account a login selected, or for manual entry (None)."""

    account: Account | None = None
    routing_number: str = ""  # shown again after a mismatch


@dataclass(kw_only=True, eq=False)
class LegalNamePane(BasePane):
    account: Account | None = None


@dataclass(kw_only=True, eq=False)
class DepositPane(BasePane):
    """A micro-deposit: authorising it, and the panes that say it is on its way."""

    mask: str = ""
    deposit_account: LinkAccount | None = None


@dataclass(kw_only=True, eq=False)
class DepositCodePane(BasePane):
    deposit_account: LinkAccount | None = None  # the account the code verifies


@dataclass(kw_only=True, eq=False)
class ErrorPane(BasePane):
    error: PlaidError
    title: str
    body: str
    next_action: NextAction


Pane = (PlainPane | PhonePane | SavedInstitutionsPane | SearchPane | ReroutePane | LoginPane | MfaPane
        | RecaptchaPane | AccountsPane | NumbersPane | LegalNamePane | DepositPane | DepositCodePane | ErrorPane)


# --- Link's rules for each pane -------------------------------------------------------------------------

MFA: Literal["mfa"] = "mfa"  # the MFA pane's exit status depends on its challenge (MFA_EXIT_STATUS)


@dataclass(frozen=True)
class PaneRule:
    """Link's rules for one pane id: the model it carries, the onExit `status` for leaving it (None: Link
    reports null), the panes ← returns to (the latest visited of them), and whether it is kept in the history
    (transient panes are not returned to)."""

    model: type[BasePane]
    exit_status: ExitStatus | Literal["mfa"] | None
    back_to: tuple[PaneId, ...] = ()
    transient: bool = False


P = PaneId
S = ExitStatus
PANES: dict[PaneId, PaneRule] = {
    P.CONSENT: PaneRule(PlainPane, S.REQUIRES_CREDENTIALS),
    P.SUBMIT_PHONE: PaneRule(PhonePane, S.REQUIRES_CREDENTIALS, (P.CONSENT,)),
    P.VERIFY_PHONE: PaneRule(PhonePane, S.REQUIRES_CREDENTIALS),
    P.SELECT_SAVED_INSTITUTION: PaneRule(SavedInstitutionsPane, S.REQUIRES_CREDENTIALS),
    P.SELECT_SAVED_ACCOUNT: PaneRule(AccountsPane, S.REQUIRES_ACCOUNT_SELECTION, (P.SELECT_SAVED_INSTITUTION,)),
    P.SELECT_INSTITUTION: PaneRule(SearchPane, S.INSTITUTION_NOT_FOUND,
                                   (P.SELECT_SAVED_INSTITUTION, P.SUBMIT_PHONE, P.CONSENT)),
    P.SELECT_AUTH_TYPE: PaneRule(PlainPane, S.REQUIRES_CREDENTIALS),
    P.OAUTH: PaneRule(LoginPane, S.REQUIRES_OAUTH, (P.SELECT_INSTITUTION, P.SELECT_SAVED_INSTITUTION)),
    P.OAUTH_BANK: PaneRule(LoginPane, S.REQUIRES_OAUTH),
    P.CREDENTIAL: PaneRule(LoginPane, S.REQUIRES_CREDENTIALS, (P.SELECT_INSTITUTION, P.SELECT_SAVED_INSTITUTION)),
    P.MATCHED_CREDENTIAL: PaneRule(PhonePane, S.REQUIRES_CREDENTIALS),
    P.MATCHED_VERIFY_METHOD: PaneRule(PhonePane, S.REQUIRES_CREDENTIALS),
    P.MATCHED_MFA: PaneRule(PhonePane, S.REQUIRES_CODE),
    P.MFA: PaneRule(MfaPane, MFA),
    P.RECAPTCHA: PaneRule(RecaptchaPane, S.REQUIRES_RECAPTCHA),
    P.SELECT_ACCOUNT: PaneRule(AccountsPane, S.REQUIRES_ACCOUNT_SELECTION),
    P.NUMBERS: PaneRule(NumbersPane, None, (P.SELECT_ACCOUNT, P.SELECT_INSTITUTION, P.SELECT_AUTH_TYPE)),
    P.NUMBERS_SELECT_INSTITUTION: PaneRule(ReroutePane, S.INSTITUTION_NOT_FOUND),
    P.LEGAL_NAME: PaneRule(LegalNamePane, None, (P.NUMBERS,)),
    P.ACCOUNT_TYPE: PaneRule(PlainPane, None, (P.LEGAL_NAME, P.NUMBERS)),
    P.AUTHORIZE_DEPOSIT: PaneRule(DepositPane, None, (P.ACCOUNT_TYPE,)),
    P.SAME_DAY_MICRODEPOSIT_AUTHORIZED: PaneRule(DepositPane, None),
    P.INSTANT_MICRODEPOSIT_AUTHORIZED: PaneRule(DepositPane, None),
    P.SAME_DAY_MICRODEPOSIT_VERIFICATION: PaneRule(DepositCodePane, None),
    P.INSTANT_MICRODEPOSIT_VERIFICATION: PaneRule(DepositCodePane, None),
    P.CONNECTED: PaneRule(PlainPane, None),
    P.LOADING: PaneRule(PlainPane, None, transient=True),
    P.ERROR: PaneRule(ErrorPane, None, transient=True),  # leaving it reports the status of the pane that failed
    P.EXIT: PaneRule(PlainPane, None, transient=True),
}
MFA_EXIT_STATUS = {
    "code": ExitStatus.REQUIRES_CODE,
    "device": ExitStatus.CHOOSE_DEVICE,
    "questions": ExitStatus.REQUIRES_QUESTIONS,
    "selections": ExitStatus.REQUIRES_SELECTIONS,
}


def exit_status(pane: Pane) -> ExitStatus | None:
    """The onExit `status` for leaving `pane` (for ERROR, ask with the pane that failed)."""
    status = PANES[pane.id].exit_status
    if status == MFA:
        return MFA_EXIT_STATUS[pane.mfa.type] if isinstance(pane, MfaPane) else None
    return status if isinstance(status, ExitStatus) else None
