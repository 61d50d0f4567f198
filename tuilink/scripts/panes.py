"""Every pane worth a picture, and how to reach it: the catalogue behind the screenshots and the
snapshot tests. Steps are scenario-script step tables (docs/SCENARIOS.md), applied pane by pane."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..flow.state import Options
from ..launch import Embedded, Launcher, link_token_body
from ..plaid import link_api as L
from ..sandbox.catalogue import Catalogue
from ..sandbox.service import Sandbox
from ..ui.app import LinkApp

CONTINUE = {"action": "continue"}
TO_CREDENTIAL = [CONTINUE, {"search": "First Platypus", "select": "ins_109508"}]
LOGIN = TO_CREDENTIAL + [{"username": "user_good", "password": "pass_good"}]
RUX = [CONTINUE, {"phone": "4155550011"}, {"otp": "123456"}]
SDMD = {"auth": {"same_day_microdeposits_enabled": True}}
IMD = {"auth": {"instant_microdeposits_enabled": True}}
LEGACY_RUX = {"user": {"client_user_id": "user-1", "legal_name": "John Doe", "phone_number": "+14155550123",
                       "email_address": "example@plaid.com"}}
MANUAL = [CONTINUE, {"action": "link_with_account_numbers"}]
NUMBERS_0000 = {"routing_number": "110000000", "account_number": "1111222233330000"}
HOUNDSTOOTH = [CONTINUE, {"search": "Houndstooth", "select": "ins_109512"},
               {"username": "user_good", "password": "pass_good"}]
OAUTH = [CONTINUE, {"search": "Platypus OAuth", "select": "ins_127287"}]


def login(password: str) -> list[dict[str, Any]]:
    return TO_CREDENTIAL + [{"username": "user_good", "password": password}]


# name -> (link token fields and session options, steps leading to the pane)
PANES: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {
    # Instant Auth
    "consent": ({}, []),
    "select_institution": ({}, [CONTINUE]),
    "select_institution_search": ({}, [CONTINUE, {"search": "platypus"}]),
    "select_institution_no_results": ({}, [CONTINUE, {"search": "zzzz"}]),
    "select_institution_unsupported": ({"products": ["investments"]},
                                       [CONTINUE, {"search": "Balance Bank", "select": "ins_130016"}]),
    "select_institution_down": ({}, [CONTINUE, {"search": "Unhealthy Platypus Bank - Down", "select": "ins_132361"}]),
    "credential": ({}, TO_CREDENTIAL),
    "credential_pin": ({}, [CONTINUE, {"search": "Tattersall", "select": "ins_109510"}]),
    "credential_degraded": ({}, [CONTINUE, {"search": "Degraded", "select": "ins_132363"}]),
    "select_account": ({}, LOGIN),
    "select_account_single": ({"account_select": "single"}, LOGIN),
    "select_account_all_products": ({"products": ["transactions"]}, LOGIN),
    "connected": ({}, LOGIN + [{"accounts": ["0000"]}]),
    # Auth flows without Instant Auth
    "numbers": ({}, HOUNDSTOOTH + [{"accounts": ["1111"]}]),
    "numbers_wrong": ({}, HOUNDSTOOTH + [{"accounts": ["1111"]},
                                         {"routing_number": "021000021", "account_number": "1111222233330000"}]),
    "legal_name": ({"auth": {"automated_microdeposits_enabled": True}},
                   [CONTINUE, {"search": "Houndstooth", "select": "ins_109512"},
                    {"username": "user_good", "password": "microdeposits_good"}, {"accounts": ["0000"]},
                    {"routing_number": "021000021", "account_number": "1111222233330000"}]),
    # Same-Day Micro-deposits
    "select_institution_manual_entry": (SDMD, [CONTINUE, {"search": "my little credit union"}]),
    "exit_manual_entry": (SDMD, [CONTINUE, {"action": "exit"}]),
    "numbers_manual": (SDMD, MANUAL),
    "numbers_select_institution": (SDMD, MANUAL + [{"routing_number": "021000021", "account_number": "1234567"}]),
    "account_type": (SDMD, MANUAL + [NUMBERS_0000, {"legal_name": "Alberta Charleson"}]),
    "authorize_deposit": (SDMD, MANUAL + [NUMBERS_0000, {"legal_name": "Alberta Charleson"},
                                          {"account_type": "checking"}]),
    "deposit_authorized": (SDMD, MANUAL + [NUMBERS_0000, {"legal_name": "Alberta Charleson"},
                                           {"account_type": "checking"}, CONTINUE]),
    "deposit_code": ({"deposit_item": True}, []),
    "legacy_rux_boosted": (LEGACY_RUX, [CONTINUE]),
    "matched_verify_method": (LEGACY_RUX, [CONTINUE, {"select": "ins_133502"}]),
    "matched_mfa": (LEGACY_RUX, [CONTINUE, {"select": "ins_133502"}, {"select": "phoneotp"}]),
    "matched_credential": (LEGACY_RUX, [CONTINUE, {"select": "ins_133503"}]),
    "update_mode_credential": ({"login_item": True}, []),
    "update_mode_reconnected": ({"login_item": True}, [{"username": "user_good", "password": "pass_good"}]),
    "select_auth_type": ({"auth": {"same_day_microdeposits_enabled": True, "auth_type_select_enabled": True}},
                         [CONTINUE]),
    "select_institution_routing_match": ({"institution_data": {"routing_number": "021000021"}}, [CONTINUE]),
    "instant_deposit_authorized": (IMD, [CONTINUE, {"search": "Windowpane", "select": "ins_135858"},
                                         {"routing_number": "333333334", "account_number": "1111222233330000"},
                                         {"legal_name": "Alberta Charleson"}, {"account_type": "checking"},
                                         CONTINUE]),
    "instant_deposit_code": (IMD, [CONTINUE, {"search": "Windowpane", "select": "ins_135858"},
                                   {"routing_number": "333333334", "account_number": "1111222233330000"},
                                   {"legal_name": "Alberta Charleson"}, {"account_type": "checking"},
                                   CONTINUE, CONTINUE]),
    "deposit_code_wrong": ({"deposit_item": True}, [{"code": "XYZ"}]),
    # MFA
    "mfa_device": ({}, login("mfa_device")),
    "mfa_code": ({}, login("mfa_device") + [{"device": 0}]),
    "mfa_questions": ({}, login("mfa_questions_2_2")),
    "mfa_selections": ({}, login("mfa_selections_1_2_3")),
    # Returning user
    "submit_phone": ({"returning_user": True, "phone": "+14155550011"}, [CONTINUE]),
    "submit_phone_invalid": ({"returning_user": True}, [CONTINUE, {"phone": "4151231234"}]),
    "verify_phone": ({"returning_user": True}, [CONTINUE, {"phone": "4155550011"}]),
    "verify_phone_wrong": ({"returning_user": True}, RUX[:2] + [{"otp": "000000"}]),
    "select_institution_otp_locked": ({"returning_user": True},
                                      RUX[:2] + [{"otp": "000000"}, {"otp": "111111"}, {"otp": "222222"}]),
    "select_saved_institution": ({"returning_user": True}, RUX),
    "select_saved_account": ({"returning_user": True, "products": ["transactions"]},
                             [CONTINUE, {"phone": "4155550012"}, {"otp": "123456"}, {"select": "ins_109508"}]),
    "select_institution_saved_first": ({"returning_user": True},
                                       [CONTINUE, {"phone": "4155550014"}, {"otp": "123456"}]),
    # Errors and exit
    "error": ({}, login("error_ITEM_LOCKED")),
    "error_institution_not_supported": ({}, [CONTINUE, {"search": "Unsupported Platypus", "select": "ins_133402"}]),
    "error_invalid_credentials": ({}, login("error_INVALID_CREDENTIALS")),
    "exit": ({}, TO_CREDENTIAL + [{"action": "exit"}]),
    # OAuth
    "oauth": ({}, OAUTH),
    "oauth_bank": ({}, OAUTH + [CONTINUE]),
    "recaptcha": ({}, login('{"recaptcha":"good"}')),
    "oauth_denied": ({}, OAUTH + [CONTINUE, {"action": "deny"}]),
    "oauth_select_account": ({}, OAUTH + [CONTINUE, {"action": "approve"}]),
}

SESSION_OPTIONS = {"returning_user", "account_select"}


def make_app(settings: dict[str, Any], latency_ms: int = 0, *, show_result: bool = False,
             clock: Callable[[], float] | None = None, catalogue: Catalogue | None = None) -> LinkApp:
    """The real app on the embedded sandbox, for `settings` (link token fields and session options), with
    everything that moves or blinks switched off. "Link another" (on the result screen, with `show_result`)
    and the palette's restarts open new sessions on the same sandbox."""
    body = {k: v for k, v in settings.items() if k not in SESSION_OPTIONS}
    options = Options(returning_user=settings.get("returning_user", False),
                      account_select=settings.get("account_select", "multiple"))
    phone = body.pop("phone", None)
    sandbox = Sandbox(catalogue=catalogue)
    if body.pop("deposit_item", False):  # a session for a Same-Day Micro-deposits Item awaiting its code
        body.update(access_token=_manual_item(sandbox), products=None)
    if body.pop("login_item", False):  # update mode for an Item whose login must be repaired
        body.update(access_token=_login_item(sandbox), products=None)
    launcher = Launcher(link_token_body(body, phone=phone), options, Embedded(latency_ms=latency_ms), sandbox=sandbox,
                        clock=clock)
    return LinkApp(launcher.embedded(), test_mode=True, show_result=show_result, launcher=launcher)


def _login_item(sandbox: Sandbox) -> str:
    """The access token of a fresh First Platypus Bank Item in ITEM_LOGIN_REQUIRED."""
    token = sandbox.link_token_create(link_token_body(None))
    sid = sandbox.start_session(L.StartSessionRequest(link_token=token.link_token)).link_session_id
    sandbox.select_institution(L.SelectInstitutionRequest(link_session_id=sid, institution_id="ins_109508"))
    accounts = sandbox.submit_credentials(L.SubmitCredentialsRequest(
        link_session_id=sid, institution_id="ins_109508", username="user_good", password="pass_good")).accounts
    done = sandbox.complete(L.CompleteRequest(link_session_id=sid, account_ids=[accounts[0].account_id]))
    access = sandbox.exchange_public_token(done.public_token)[0]
    sandbox.reset_login(access)
    return access


def _manual_item(sandbox: Sandbox) -> str:
    """The access token of a fresh manually entered Item (account ending 0000), linked through the sandbox's
    own Link calls."""
    token = sandbox.link_token_create(link_token_body({"auth": {"same_day_microdeposits_enabled": True}}))
    sid = sandbox.start_session(L.StartSessionRequest(link_token=token.link_token)).link_session_id
    sandbox.submit_numbers(L.SubmitNumbersRequest(link_session_id=sid, routing_number="110000000",
                                                  account_number="1111222233330000"))
    done = sandbox.complete(L.CompleteRequest(link_session_id=sid, account_ids=[], legal_name="Alberta Charleson",
                                              account_type="checking"))
    return sandbox.exchange_public_token(done.public_token)[0]
