"""One screen per Link pane. Screen modules load on first use: start-up needs only the consent pane."""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ...flow.state import PaneId
from .base import PaneScreen, Steps

if TYPE_CHECKING:
    from ...flow.panes import Pane
    from ...flow.session import LinkSession

# pane id → "module:Class" of its view (the screen that draws it, applies a scenario step to it, fills a hint)
SCREEN_PATHS: dict[PaneId, str] = {
    PaneId.CONSENT: "consent:ConsentScreen",
    PaneId.SUBMIT_PHONE: "phone:SubmitPhoneScreen",
    PaneId.VERIFY_PHONE: "phone:VerifyPhoneScreen",
    PaneId.SELECT_SAVED_INSTITUTION: "saved:SelectSavedInstitutionScreen",
    PaneId.SELECT_SAVED_ACCOUNT: "accounts:SelectSavedAccountScreen",
    PaneId.SELECT_INSTITUTION: "institution:SelectInstitutionScreen",
    PaneId.SELECT_AUTH_TYPE: "auth_type:SelectAuthTypeScreen",
    PaneId.OAUTH: "oauth:OAuthScreen",
    PaneId.OAUTH_BANK: "oauth:OAuthBankScreen",
    PaneId.CREDENTIAL: "credential:CredentialScreen",
    PaneId.MATCHED_CREDENTIAL: "matched:MatchedCredentialScreen",
    PaneId.MATCHED_VERIFY_METHOD: "matched:MatchedVerifyMethodScreen",
    PaneId.MATCHED_MFA: "matched:MatchedMfaScreen",
    PaneId.MFA: "mfa:MfaScreen",
    PaneId.RECAPTCHA: "recaptcha:RecaptchaScreen",
    PaneId.SELECT_ACCOUNT: "accounts:SelectAccountScreen",
    PaneId.NUMBERS: "numbers:NumbersScreen",
    PaneId.NUMBERS_SELECT_INSTITUTION: "numbers:NumbersSelectInstitutionScreen",
    PaneId.LEGAL_NAME: "numbers:LegalNameScreen",
    PaneId.ACCOUNT_TYPE: "microdeposits:AccountTypeScreen",
    PaneId.AUTHORIZE_DEPOSIT: "microdeposits:AuthorizeDepositScreen",
    PaneId.SAME_DAY_MICRODEPOSIT_AUTHORIZED: "microdeposits:DepositAuthorizedScreen",
    PaneId.SAME_DAY_MICRODEPOSIT_VERIFICATION: "microdeposits:DepositCodeScreen",
    PaneId.INSTANT_MICRODEPOSIT_AUTHORIZED: "microdeposits:InstantDepositAuthorizedScreen",
    PaneId.INSTANT_MICRODEPOSIT_VERIFICATION: "microdeposits:InstantDepositCodeScreen",
    PaneId.LOADING: "status:LoadingScreen",
    PaneId.CONNECTED: "status:ConnectedScreen",
    PaneId.ERROR: "status:ErrorScreen",
    PaneId.EXIT: "exit:ExitScreen",  # a dialog over the pane the user is leaving
}


def view_class(pane_id: PaneId) -> type[Steps]:
    """The view of a pane id (its module is imported on first use)."""
    module, name = SCREEN_PATHS[pane_id].split(":")
    cls: type[Steps] = getattr(import_module(f"{__name__}.{module}"), name)
    return cls


def screen_class(pane_id: PaneId) -> type[PaneScreen[Any]]:
    cls = view_class(pane_id)
    assert issubclass(cls, PaneScreen), f"{pane_id} is drawn as a dialog, not a pane screen"
    return cls


def screen_for(session: LinkSession | None, pane: Pane) -> PaneScreen[Any]:
    return screen_class(pane.id)(session, pane)


__all__ = ["PaneScreen", "SCREEN_PATHS", "screen_class", "screen_for", "view_class"]
