"""One screen per Link pane."""
from __future__ import annotations

from ...flow import LinkSession, Pane
from .accounts import SelectAccountScreen, SelectSavedAccountScreen
from .base import PaneScreen
from .consent import ConsentScreen
from .credential import CredentialScreen
from .exit import ExitScreen
from .institution import SelectInstitutionScreen
from .mfa import MfaScreen
from .oauth import OAuthBankScreen, OAuthScreen
from .phone import SubmitPhoneScreen, VerifyPhoneScreen
from .saved import SelectSavedInstitutionScreen
from .status import ConnectedScreen, ErrorScreen, LoadingScreen

SCREENS: dict[str, type[PaneScreen]] = {
    s.pane_id: s
    for s in (ConsentScreen, SubmitPhoneScreen, VerifyPhoneScreen, SelectSavedInstitutionScreen,
              SelectSavedAccountScreen, SelectInstitutionScreen, OAuthScreen, OAuthBankScreen, CredentialScreen,
              MfaScreen, SelectAccountScreen, LoadingScreen, ConnectedScreen, ErrorScreen)
}


def screen_for(session: LinkSession, pane: Pane) -> PaneScreen:
    return SCREENS[pane.id](session, pane)


__all__ = ["ExitScreen", "PaneScreen", "SCREENS", "screen_for"]
