"""One screen per Link pane. Screen modules load on first use: start-up needs only the consent pane."""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from .base import PaneScreen
from .exit import ExitScreen

if TYPE_CHECKING:
    from ...flow.session import LinkSession
    from ...flow.state import Pane

# pane id → "module:Class" of its screen
SCREEN_PATHS: dict[str, str] = {
    "CONSENT": "consent:ConsentScreen",
    "SUBMIT_PHONE": "phone:SubmitPhoneScreen",
    "VERIFY_PHONE": "phone:VerifyPhoneScreen",
    "SELECT_SAVED_INSTITUTION": "saved:SelectSavedInstitutionScreen",
    "SELECT_SAVED_ACCOUNT": "accounts:SelectSavedAccountScreen",
    "SELECT_INSTITUTION": "institution:SelectInstitutionScreen",
    "SELECT_AUTH_TYPE": "auth_type:SelectAuthTypeScreen",
    "OAUTH": "oauth:OAuthScreen",
    "OAUTH_BANK": "oauth:OAuthBankScreen",
    "CREDENTIAL": "credential:CredentialScreen",
    "MATCHED_CREDENTIAL": "matched:MatchedCredentialScreen",
    "MATCHED_VERIFY_METHOD": "matched:MatchedVerifyMethodScreen",
    "MATCHED_MFA": "matched:MatchedMfaScreen",
    "MFA": "mfa:MfaScreen",
    "RECAPTCHA": "recaptcha:RecaptchaScreen",
    "SELECT_ACCOUNT": "accounts:SelectAccountScreen",
    "NUMBERS": "numbers:NumbersScreen",
    "NUMBERS_SELECT_INSTITUTION": "numbers:NumbersSelectInstitutionScreen",
    "LEGAL_NAME": "numbers:LegalNameScreen",
    "ACCOUNT_TYPE": "microdeposits:AccountTypeScreen",
    "AUTHORIZE_DEPOSIT": "microdeposits:AuthorizeDepositScreen",
    "SAME_DAY_MICRODEPOSIT_AUTHORIZED": "microdeposits:DepositAuthorizedScreen",
    "SAME_DAY_MICRODEPOSIT_VERIFICATION": "microdeposits:DepositCodeScreen",
    "INSTANT_MICRODEPOSIT_AUTHORIZED": "microdeposits:InstantDepositAuthorizedScreen",
    "INSTANT_MICRODEPOSIT_VERIFICATION": "microdeposits:InstantDepositCodeScreen",
    "LOADING": "status:LoadingScreen",
    "CONNECTED": "status:ConnectedScreen",
    "ERROR": "status:ErrorScreen",
}


def screen_class(pane_id: str) -> type[PaneScreen]:
    module, name = SCREEN_PATHS[pane_id].split(":")
    cls: type[PaneScreen] = getattr(import_module(f"{__name__}.{module}"), name)
    return cls


def screen_for(session: LinkSession | None, pane: Pane) -> PaneScreen:
    return screen_class(pane.id)(session, pane)


__all__ = ["ExitScreen", "PaneScreen", "SCREEN_PATHS", "screen_class", "screen_for"]
