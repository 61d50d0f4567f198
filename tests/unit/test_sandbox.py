"""The emulated Sandbox: catalogue, magic credentials, returning users, tokens and state (no Textual)."""
import re

import pytest

from tuilink.link.errors import sandbox_password_codes, spec
from tuilink.plaid import link_api as L
from tuilink.plaid.errors import PlaidApiError
from tuilink.sandbox import Sandbox
from tuilink.sandbox.catalogue import default_catalogue
from tuilink.sandbox.item import TypedNumbers
from tuilink.sandbox.store import Store

TEST_INSTITUTIONS = {
    "ins_109508": "First Platypus Bank", "ins_130016": "First Platypus Balance Bank",
    "ins_109509": "First Gingham Credit Union", "ins_109510": "Tattersall Federal Credit Union",
    "ins_109511": "Tartan Bank", "ins_109512": "Houndstooth Bank", "ins_43": "Tartan-Dominion Bank of Canada",
    "ins_116834": "Flexible Platypus Open Banking", "ins_117650": "Royal Bank of Plaid",
    "ins_127287": "Platypus OAuth Bank", "ins_132241": "First Platypus OAuth App2App Bank",
    "ins_117181": "Flexible Platypus Open Banking (QR)", "ins_135858": "Windowpane Bank",
    "ins_132363": "Unhealthy Platypus Bank - Degraded", "ins_132361": "Unhealthy Platypus Bank - Down",
    "ins_133402": "Unsupported Platypus Bank - Institution Not Supported", "ins_133502": "Platypus Bank RUX Auth",
    "ins_133503": "Platypus Bank RUX Match",
}
BODY = {"client_name": "Acme", "language": "en", "country_codes": ["US"], "user": {"client_user_id": "u"},
        "products": ["auth"]}


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def open_session(sandbox: Sandbox, **overrides) -> str:
    token = sandbox.link_token_create({**BODY, **overrides}).link_token
    return sandbox.start_session(L.StartSessionRequest(link_token=token)).link_session_id


def login(sandbox: Sandbox, sid: str, password: str, institution: str = "ins_109508", **kw) -> L.LoginResponse:
    sandbox.select_institution(L.SelectInstitutionRequest(link_session_id=sid, institution_id=institution))
    return sandbox.submit_credentials(L.SubmitCredentialsRequest(
        link_session_id=sid, institution_id=institution, username=kw.get("username", "user_good"),
        password=password, pin=kw.get("pin")))


def mfa(sandbox: Sandbox, sid: str, *answers: str) -> L.LoginResponse:
    return sandbox.submit_mfa(L.SubmitMfaRequest(link_session_id=sid, answers=list(answers)))


# --- catalogue -----------------------------------------------------------------------------------------

def test_catalogue_has_every_test_institution_and_real_banks():
    cat = default_catalogue()
    for ins_id, name in TEST_INSTITUTIONS.items():
        assert cat.get(ins_id) is not None and cat.get(ins_id).name == name
    real = [i for i in cat.institutions if not i.sandbox]
    assert len(real) >= 30
    assert {"CA", "US"} <= {c for i in real for c in i.country_codes}


def test_catalogue_facts():
    cat = default_catalogue()
    assert cat.get("ins_127287").oauth and not cat.get("ins_109508").oauth
    assert cat.get("ins_132363").health == "DEGRADED" and cat.get("ins_132361").health == "DOWN"
    assert not cat.get("ins_133402").supported
    assert cat.get("ins_109510").needs_pin
    assert "instant_match" in cat.get("ins_109512").auth_methods
    assert cat.get("ins_135858").auth_methods == ("instant_microdeposits",)


@pytest.mark.parametrize("routing", [r for i in default_catalogue().institutions for r in i.routing_numbers])
def test_routing_numbers_pass_the_aba_checksum(routing):
    d = [int(c) for c in routing]
    assert len(d) == 9 and (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8]) % 10 == 0


@pytest.mark.parametrize("query,first", [("First Platypus Bank", "ins_109508"), ("houndstooth", "ins_109512"),
                                         ("tartan", "ins_109511"), ("gingham", "ins_109509")])
def test_search_ranks_the_obvious_match_first(query, first):
    assert default_catalogue().search(query)[0].institution_id == first


def test_search_is_accent_and_case_insensitive():
    assert default_catalogue().search("HOUNDSTÖÖTH")[0].institution_id == "ins_109512"
    assert default_catalogue().search("zzzz-no-such-bank") == []


# --- credentials and MFA ------------------------------------------------------------------------------

def test_user_good_pass_good_gives_auth_accounts_only():
    sb = Sandbox()
    sid = open_session(sb)
    step = login(sb, sid, "pass_good")
    assert step.mfa is None
    assert [(a.name, a.mask) for a in step.accounts] == [
        ("Plaid Checking", "0000"), ("Plaid Saving", "1111"), ("Plaid Cash Management", "9002")]


def test_without_auth_every_account_is_offered():
    sb = Sandbox()
    sid = open_session(sb, products=["transactions"])
    assert len(login(sb, sid, "pass_good").accounts) == 12


def test_account_filters_hide_unnamed_types():
    sb = Sandbox()
    sid = open_session(sb, products=["transactions"],
                       account_filters={"credit": {"account_subtypes": ["credit card"]}})
    assert [a.mask for a in login(sb, sid, "pass_good").accounts] == ["3333", "9999"]


def test_mfa_device_picks_a_device_then_code_1234():
    sb = Sandbox()
    sid = open_session(sb)
    step = login(sb, sid, "mfa_device")
    assert step.mfa.type == "device" and step.mfa.devices
    step = mfa(sb, sid, step.mfa.devices[0])
    assert step.mfa.type == "code"
    with pytest.raises(PlaidApiError) as wrong:
        mfa(sb, sid, "0000")
    assert wrong.value.error.error_code == "INVALID_MFA"
    assert mfa(sb, sid, "1234").accounts


def test_mfa_questions_rounds():
    sb = Sandbox()
    sid = open_session(sb)
    step = login(sb, sid, "mfa_questions_3_2")
    for i in range(3):
        assert step.mfa.type == "questions" and step.mfa.round == i + 1 and len(step.mfa.questions) == 2
        step = mfa(sb, sid, f"answer_{i}_0", f"answer_{i}_1")
    assert step.accounts


def test_mfa_selections_yes_and_rounds():
    sb = Sandbox()
    sid = open_session(sb)
    step = login(sb, sid, "mfa_selections")
    assert step.mfa.type == "selections" and "Yes" in step.mfa.questions[0].options
    assert mfa(sb, sid, "Yes").accounts
    sid = open_session(sb)
    step = login(sb, sid, "mfa_selections_2_1_3")
    assert len(step.mfa.questions[0].options) == 3
    step = mfa(sb, sid, step.mfa.questions[0].options[0])
    assert step.mfa.round == 2
    assert mfa(sb, sid, step.mfa.questions[0].options[0]).accounts


@pytest.mark.parametrize("code", sandbox_password_codes())
def test_every_error_password_fails_with_its_code(code):
    sb = Sandbox()
    sid = open_session(sb)
    with pytest.raises(PlaidApiError) as failed:
        login(sb, sid, f"error_{code}")
    err = failed.value.error
    s = spec(code)
    assert (err.error_code, err.error_type, err.error_message, err.display_message) == (
        code, s.error_type, s.error_message, s.display_message)
    assert s.link_next in {"retry_credentials", "retry_mfa", "select_institution", "exit", "stay"}


@pytest.mark.parametrize("username,password", [("user_good", "wrong"), ("someone", "pass_good"),
                                               ("user_good", "error_NOT_A_CODE"), ("user_good", "mfa_questions_0_1")])
def test_anything_else_is_invalid_credentials(username, password):
    sb = Sandbox()
    sid = open_session(sb)
    with pytest.raises(PlaidApiError) as failed:
        login(sb, sid, password, username=username)
    assert failed.value.error.error_code == "INVALID_CREDENTIALS"


def test_pin_institution_needs_credential_good():
    sb = Sandbox()
    sid = open_session(sb)
    with pytest.raises(PlaidApiError):
        login(sb, sid, "pass_good", institution="ins_109510", pin="0000")
    assert login(sb, sid, "pass_good", institution="ins_109510", pin="credential_good").accounts


# --- returning users -------------------------------------------------------------------------------------

def phone_session(sb: Sandbox, phone: str) -> str:
    sid = open_session(sb)
    sent = sb.submit_phone(L.SubmitPhoneRequest(link_session_id=sid, phone_number=phone))
    assert sent.otp_required
    return sid


def test_invalid_phone_number():
    sb = Sandbox()
    sid = open_session(sb)
    for bad in ["4151231234", "hello", "+1", ""]:
        with pytest.raises(PlaidApiError) as failed:
            sb.submit_phone(L.SubmitPhoneRequest(link_session_id=sid, phone_number=bad))
        assert failed.value.error.error_code == "INVALID_PHONE_NUMBER"


def test_other_calling_codes_take_the_standard_flow():
    sb = Sandbox()
    sid = open_session(sb)
    assert not sb.submit_phone(L.SubmitPhoneRequest(link_session_id=sid, phone_number="+4915112345678")).otp_required
    assert sb.submit_phone(L.SubmitPhoneRequest(link_session_id=sid, phone_number="+447911123456")).otp_required


def test_three_wrong_otps_lock_the_profile():
    sb = Sandbox()
    sid = phone_session(sb, "4155550011")
    codes = []
    for code in ["000000", "111111", "222222", "123456"]:
        with pytest.raises(PlaidApiError) as failed:
            sb.submit_otp(L.SubmitOtpRequest(link_session_id=sid, code=code))
        codes.append(failed.value.error.error_code)
    assert codes == ["INVALID_OTP", "INVALID_OTP", "PROFILE_AUTHENTICATION_FAILED", "PROFILE_AUTHENTICATION_FAILED"]


@pytest.mark.parametrize("phone,saved,new,reuse,auto", [
    ("4155550010", [], [], True, False),
    ("4155550011", ["ins_109508", "ins_109509"], [], True, False),
    ("4155550012", ["ins_109508", "ins_109509"], ["9002"], True, False),
    ("4155550013", ["ins_127287"], [], True, False),
    ("4155550014", ["ins_109508", "ins_109509"], [], False, False),
    ("4155550015", ["ins_109508"], [], True, True),
])
def test_seeded_phones(phone, saved, new, reuse, auto):
    sb = Sandbox()
    sid = phone_session(sb, phone)
    verified = sb.submit_otp(L.SubmitOtpRequest(link_session_id=sid, code="123456"))
    assert [s.institution.institution_id for s in verified.saved] == saved
    assert [a.account.mask for s in verified.saved for a in s.accounts if a.new] == new
    assert (verified.reuse_connection, verified.auto_select_accounts) == (reuse, auto)


def test_a_new_user_is_remembered_across_runs(tmp_path):
    path = str(tmp_path / "state.db")
    sb = Sandbox(Store(path))
    sid = phone_session(sb, "+14155550199")
    assert sb.submit_otp(L.SubmitOtpRequest(link_session_id=sid, code="123456")).saved == []
    accounts = login(sb, sid, "pass_good", institution="ins_109511").accounts
    sb.complete(L.CompleteRequest(link_session_id=sid, account_ids=[accounts[1].account_id]))
    sb.store.close()

    again = Sandbox(Store(path))
    sid = phone_session(again, "+14155550199")
    verified = again.submit_otp(L.SubmitOtpRequest(link_session_id=sid, code="123456"))
    assert [(s.institution.institution_id, [a.account.mask for a in s.accounts]) for s in verified.saved] == [
        ("ins_109511", ["1111"])]


# --- tokens and Items -----------------------------------------------------------------------------------

UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def linked(sb: Sandbox) -> str:
    sid = open_session(sb)
    accounts = login(sb, sid, "pass_good").accounts
    return sb.complete(L.CompleteRequest(link_session_id=sid, account_ids=[accounts[0].account_id])).public_token


def test_token_shapes_and_single_use_public_token():
    sb = Sandbox()
    token = sb.link_token_create(BODY).link_token
    assert re.fullmatch(f"link-sandbox-{UUID}", token)
    public = linked(sb)
    assert re.fullmatch(f"public-sandbox-{UUID}", public)
    access, item = sb.exchange_public_token(public)
    assert re.fullmatch(f"access-sandbox-{UUID}", access) and len(item) == 37
    with pytest.raises(PlaidApiError) as again:
        sb.exchange_public_token(public)
    assert again.value.error.error_code == "INVALID_PUBLIC_TOKEN"


def test_public_token_expires_after_30_minutes_and_link_token_after_4_hours():
    clock = Clock()
    sb = Sandbox(clock=clock)
    token = sb.link_token_create(BODY)
    public = linked(sb)
    clock.now += 30 * 60 + 1
    with pytest.raises(PlaidApiError):
        sb.exchange_public_token(public)
    clock.now += 3.5 * 3600
    with pytest.raises(PlaidApiError) as expired:
        sb.start_session(L.StartSessionRequest(link_token=token.link_token))
    assert expired.value.error.error_code == "INVALID_LINK_TOKEN"


def test_state_file_keeps_items_and_tokens(tmp_path):
    path = str(tmp_path / "state.db")
    sb = Sandbox(Store(path))
    public = linked(sb)
    sb.store.close()
    access, item = Sandbox(Store(path)).exchange_public_token(public)
    assert Store(path).item_by_access_token(access)[0] == item



@pytest.mark.parametrize("on_file", [False, True], ids=["in memory", "state file"])
def test_link_tokens_are_kept_until_reset_and_a_state_file_shares_them(tmp_path, on_file):
    path = str(tmp_path / "state.db") if on_file else None
    sb = Sandbox(Store(path))
    token, _ = sb.create_link_token(BODY)
    assert sb.store.get_link_token(token)[0]["client_name"] == BODY["client_name"]
    if on_file:  # another process on the same file starts a session with it
        sb.start_session(L.StartSessionRequest(link_token=token))
        assert Sandbox(Store(path)).start_session(L.StartSessionRequest(link_token=token)).link_session_id
    sb.store.reset()
    assert sb.store.get_link_token(token) is None
    with pytest.raises(PlaidApiError) as gone:
        sb.start_session(L.StartSessionRequest(link_token=token))
    assert gone.value.error.error_code == "INVALID_LINK_TOKEN"

@pytest.mark.parametrize("body,code", [
    ({**BODY, "products": ["bogus"]}, "INVALID_PRODUCT"),
    ({**BODY, "products": ["balance"]}, "INVALID_PRODUCT"),
    ({k: v for k, v in BODY.items() if k != "client_name"}, "MISSING_FIELDS"),
    ({**BODY, "colour": "blue"}, "UNKNOWN_FIELDS"),
    ({**BODY, "language": "xx"}, "INVALID_FIELD"),
    ({**BODY, "country_codes": ["ZZ"]}, "INVALID_FIELD"),
    ({**BODY, "user": {"client_user_id": "u", "phone_number": "555"}}, "INVALID_FIELD"),
    ({**BODY, "products": []}, "MISSING_FIELDS"),
    ([1, 2], "INVALID_BODY"),
])
def test_link_token_create_validation(body, code):
    with pytest.raises(PlaidApiError) as failed:
        Sandbox().link_token_create(body)
    assert failed.value.error.error_code == code


def test_long_client_name_shows_this_application():
    sb = Sandbox()
    token = sb.link_token_create({**BODY, "client_name": "A" * 31}).link_token
    assert sb.start_session(L.StartSessionRequest(link_token=token)).config.client_name == "This Application"


def test_consent_data_scopes_follow_the_products():
    from tuilink.link.rules import data_scopes

    assert data_scopes(["auth"]) == ["Account and balance info", "Contact info", "Account and routing number"]
    assert data_scopes(["auth", "transactions"]) == [
        "Account and balance info", "Contact info", "Account and routing number", "Transactions"]


# --- Auth flows ------------------------------------------------------------------------------------------

def test_houndstooth_runs_instant_match_with_single_select_and_numbers():
    sb = Sandbox()
    sid = open_session(sb)
    step = login(sb, sid, "pass_good", institution="ins_109512")
    assert (step.auth_method, step.single_account, step.numbers_required, step.legal_name_required) == (
        "INSTANT_MATCH", True, True, False)
    saving = next(a for a in step.accounts if a.mask == "1111")
    with pytest.raises(PlaidApiError) as wrong:
        sb.submit_numbers(L.SubmitNumbersRequest(link_session_id=sid, account_id=saving.account_id,
                                                 routing_number="021000021", account_number="1111222233330000"))
    assert wrong.value.error.error_code == "INVALID_ACCOUNT_NUMBER"
    with pytest.raises(PlaidApiError):  # numbers not yet verified
        sb.complete(L.CompleteRequest(link_session_id=sid, account_ids=[saving.account_id]))
    sb.submit_numbers(L.SubmitNumbersRequest(link_session_id=sid, account_id=saving.account_id,
                                             routing_number="021000021", account_number="1111222233331111"))
    done = sb.complete(L.CompleteRequest(link_session_id=sid, account_ids=[saving.account_id]))
    assert done.accounts[0].verification_status is None


@pytest.mark.parametrize("overrides,code", [
    ({"auth": {"instant_match_enabled": False}}, "INSTANT_MATCH_FAILED"),
    ({"country_codes": ["US", "CA"]}, "INSTANT_MATCH_FAILED"),
])
def test_instant_match_off_or_outside_the_us_fails(overrides, code):
    sb = Sandbox()
    sid = open_session(sb, **overrides)
    with pytest.raises(PlaidApiError) as failed:
        login(sb, sid, "pass_good", institution="ins_109512")
    assert failed.value.error.error_code == code


def test_automated_microdeposits_need_the_flag_the_password_and_a_name():
    sb = Sandbox()
    sid = open_session(sb, auth={"automated_microdeposits_enabled": True})
    step = login(sb, sid, "microdeposits_good", institution="ins_109512")
    assert (step.auth_method, step.legal_name_required) == ("AUTOMATED_MICRODEPOSITS", True)
    checking = next(a for a in step.accounts if a.mask == "0000")
    sb.submit_numbers(L.SubmitNumbersRequest(link_session_id=sid, account_id=checking.account_id,
                                             routing_number="021000021", account_number="1111222233330000"))
    done = sb.complete(L.CompleteRequest(link_session_id=sid, account_ids=[checking.account_id], legal_name="A B"))
    assert done.accounts[0].verification_status == "pending_automatic_verification"
    sid = open_session(sb, auth={"automated_microdeposits_enabled": True},
                       user={"client_user_id": "u", "legal_name": "John Smith"})
    assert not login(sb, sid, "microdeposits_good", institution="ins_109512").legal_name_required
    sid = open_session(sb)  # without the flag the same login is an Instant Match
    assert login(sb, sid, "microdeposits_good", institution="ins_109512").auth_method == "INSTANT_MATCH"


@pytest.mark.parametrize("routing,problem", [("021000021", None), ("02100002", "Routing numbers are 9 digits"),
                                             ("02100002a", "Routing numbers are 9 digits"),
                                             ("123456789", "That routing number isn't valid. Check it and try again"),
                                             ("０２１０００００２１", "Routing numbers are 9 digits")])
def test_routing_number_checks(routing, problem):
    from tuilink.link.formats import routing_problem

    assert routing_problem(routing) == problem


@pytest.mark.parametrize("account,ok", [("1234", True), ("12345678901234567", True), ("123", False),
                                        ("123456789012345678", False), ("12a4", False), ("", False)])
def test_account_number_checks(account, ok):
    from tuilink.link.formats import account_problem

    assert (account_problem(account) is None) == ok


# --- Same-Day Micro-deposits and the verification state machine ----------------------------------------------

SDMD = {"auth": {"same_day_microdeposits_enabled": True}}


def manual_item(sb: Sandbox, account_number: str = "1111222233330000") -> L.CompleteResponse:
    sid = open_session(sb, **SDMD)
    checked = sb.submit_numbers(L.SubmitNumbersRequest(link_session_id=sid, routing_number="110000000",
                                                       account_number=account_number))
    assert checked.legal_name_required
    return sb.complete(L.CompleteRequest(link_session_id=sid, account_ids=[], legal_name="A B",
                                         account_type="checking"))


def test_manual_entry_only_when_enabled_for_auth_only_in_the_us():
    sb = Sandbox()
    for overrides, enabled in [(SDMD, True), ({}, False), ({**SDMD, "products": ["auth", "identity"]}, False),
                               ({**SDMD, "country_codes": ["US", "CA"]}, False)]:
        token = sb.link_token_create({**BODY, **overrides}).link_token
        assert sb.start_session(L.StartSessionRequest(link_token=token)).config.manual_entry is enabled


def test_manual_item_has_no_institution_and_waits_for_its_code():
    sb = Sandbox()
    done = manual_item(sb)
    assert done.institution is None
    assert [(a.name, a.mask, a.subtype, a.verification_status) for a in done.accounts] == [
        ("Checking...0000", "0000", "checking", "pending_manual_verification")]


def open_for_item(sb: Sandbox, public_token: str) -> tuple[str, L.LinkConfig]:
    access, _ = sb.exchange_public_token(public_token)
    token = sb.link_token_create({k: v for k, v in BODY.items() if k != "products"} | {"access_token": access})
    started = sb.start_session(L.StartSessionRequest(link_token=token.link_token))
    return started.link_session_id, started.config


def test_second_session_opens_on_the_code_pane_and_abc_verifies_in_any_case():
    sb = Sandbox()
    sid, config = open_for_item(sb, manual_item(sb).public_token)
    assert config.start_pane == "SAME_DAY_MICRODEPOSIT_VERIFICATION" and config.is_update_mode
    assert config.verify_account.mask == "0000"
    wrong = sb.verify_code(L.VerifyCodeRequest(link_session_id=sid, code="XYZ"))
    assert (wrong.verified, wrong.attempts_left, wrong.error.error_code) == (False, 2, "INCORRECT_DEPOSIT_VERIFICATION")
    right = sb.verify_code(L.VerifyCodeRequest(link_session_id=sid, code="aBc"))
    assert right.verified and right.error is None
    done = sb.complete(L.CompleteRequest(link_session_id=sid, account_ids=[]))
    assert done.accounts[0].verification_status == "manually_verified"


def test_three_wrong_codes_fail_the_item_for_good():
    sb = Sandbox()
    public = manual_item(sb).public_token
    sid, _ = open_for_item(sb, public)
    answers = [sb.verify_code(L.VerifyCodeRequest(link_session_id=sid, code=c)) for c in ("AAA", "BBB", "CCC")]
    assert [(a.attempts_left, a.error.error_code) for a in answers] == [
        (2, "INCORRECT_DEPOSIT_VERIFICATION"), (1, "INCORRECT_DEPOSIT_VERIFICATION"),
        (0, "TOO_MANY_VERIFICATION_ATTEMPTS")]
    with pytest.raises(PlaidApiError) as locked:
        sb.verify_code(L.VerifyCodeRequest(link_session_id=sid, code="ABC"))
    assert locked.value.error.error_code == "TOO_MANY_VERIFICATION_ATTEMPTS"


@pytest.mark.parametrize("status,new,ok", [
    ("pending_manual_verification", "manually_verified", True),
    ("pending_manual_verification", "verification_failed", True),
    ("pending_automatic_verification", "automatically_verified", True),
    ("pending_automatic_verification", "verification_expired", True),
    ("manually_verified", "verification_failed", False),
    ("verification_failed", "manually_verified", False),
    ("pending_manual_verification", "automatically_verified", False),
    (None, "manually_verified", False),
])
def test_verification_status_state_machine(status, new, ok):
    from tuilink.sandbox.auth import can_move

    assert can_move(status, new) is ok


def test_set_verification_status_moves_an_automated_microdeposit_account():
    sb = Sandbox()
    sid = open_session(sb, auth={"automated_microdeposits_enabled": True}, user={"client_user_id": "u",
                                                                                  "legal_name": "A B"})
    checking = next(a for a in login(sb, sid, "microdeposits_good", institution="ins_109512").accounts
                    if a.mask == "0000")
    sb.submit_numbers(L.SubmitNumbersRequest(link_session_id=sid, account_id=checking.account_id,
                                             routing_number="021000021", account_number="1111222233330000"))
    access, _ = sb.exchange_public_token(
        sb.complete(L.CompleteRequest(link_session_id=sid, account_ids=[checking.account_id])).public_token)
    sb.set_verification_status(access, checking.account_id, "automatically_verified")
    with pytest.raises(PlaidApiError):
        sb.set_verification_status(access, checking.account_id, "verification_expired")
    item = sb.store.item_by_access_token(access)[1]
    assert item.account(checking.account_id).verification_status == "automatically_verified"


@pytest.mark.parametrize("code,problem", [("ABC", None), ("abc", None), ("AB", True), ("A1C", True), ("A C", True),
                                          ("ÀBC", True), ("ABCD", True)])
def test_deposit_code_format(code, problem):
    from tuilink.link.formats import code_problem

    assert (code_problem(code) is not None) == bool(problem)


@pytest.mark.parametrize("password,outcome", [('{"recaptcha":"good"}', "good"), ('{"recaptcha": "bad"}', "bad"),
                                              ('{"recaptcha":"meh"}', None), ("{not json", None), ("pass_good", None)])
def test_recaptcha_passwords(password, outcome):
    from tuilink.sandbox.logins import recaptcha_outcome

    assert recaptcha_outcome(password) == outcome


def test_recaptcha_challenge_then_login_or_recaptcha_bad():
    sb = Sandbox()
    sid = open_session(sb)
    word = login(sb, sid, '{"recaptcha":"good"}').recaptcha
    again = sb.submit_recaptcha(L.SubmitRecaptchaRequest(link_session_id=sid, answer="nope"))
    assert again.recaptcha and not again.accounts
    assert sb.submit_recaptcha(L.SubmitRecaptchaRequest(link_session_id=sid, answer=again.recaptcha.lower())).accounts
    assert word
    sid = open_session(sb)
    word = login(sb, sid, '{"recaptcha":"bad"}').recaptcha
    with pytest.raises(PlaidApiError) as bad:
        sb.submit_recaptcha(L.SubmitRecaptchaRequest(link_session_id=sid, answer=word))
    assert bad.value.error.error_code == "RECAPTCHA_BAD"


@pytest.mark.parametrize("institution", [i.institution_id for i in default_catalogue().institutions
                                         if i.oauth and i.sandbox])
def test_every_oauth_test_bank_approves_and_denies(institution):
    inst = default_catalogue().get(institution)
    sb = Sandbox()
    for approved in (True, False):
        sid = open_session(sb, country_codes=[inst.country_codes[0]], products=["transactions"])
        sb.select_institution(L.SelectInstitutionRequest(link_session_id=sid, institution_id=institution))
        request = L.OAuthLoginRequest(link_session_id=sid, institution_id=institution, approved=approved)
        if approved:
            assert sb.oauth_login(request).accounts
        else:
            with pytest.raises(PlaidApiError):
                sb.oauth_login(request)


def test_instant_microdeposits_at_windowpane_and_by_routing_number():
    sb = Sandbox()
    imd = {"auth": {"instant_microdeposits_enabled": True}}
    sid = open_session(sb, **imd)
    picked = sb.select_institution(L.SelectInstitutionRequest(link_session_id=sid, institution_id="ins_135858"))
    assert picked.numbers_only
    with pytest.raises(PlaidApiError):  # Windowpane's own routing number only
        sb.submit_numbers(L.SubmitNumbersRequest(link_session_id=sid, routing_number="110000000",
                                                 account_number="1111222233330000"))
    checked = sb.submit_numbers(L.SubmitNumbersRequest(link_session_id=sid, routing_number="333333334",
                                                       account_number="1111222233330000"))
    assert checked.instant
    done = sb.complete(L.CompleteRequest(link_session_id=sid, account_ids=[], account_type="savings"))
    assert done.accounts[0].verification_status == "pending_manual_verification"
    assert sb.verify_code(L.VerifyCodeRequest(link_session_id=sid, code="abc")).verified
    assert sb.complete(L.CompleteRequest(link_session_id=sid, account_ids=[])).accounts[0].verification_status == \
        "manually_verified"
    sid = open_session(sb)  # Instant Micro-deposits off: Windowpane is a login bank without an Auth method
    assert not sb.select_institution(L.SelectInstitutionRequest(link_session_id=sid,
                                                                institution_id="ins_135858")).numbers_only
    sid = open_session(sb, auth={"same_day_microdeposits_enabled": True})  # upgrade needs IMD on
    assert not sb.submit_numbers(L.SubmitNumbersRequest(link_session_id=sid, routing_number="333333334",
                                                        account_number="1111222233330000")).instant


@pytest.mark.parametrize("number,name,result,score", [
    ("1111222233331111", "John Smith", "database_insights_pass", 100),
    ("1111222233333333", "john  smith", "database_insights_pass_with_caution", 100),
    ("1111222233332222", "Alberta Charleson", "database_insights_fail", 0),
])
def test_database_auth_results(number, name, result, score):
    sb = Sandbox()
    sid = open_session(sb, auth={"database_insights_enabled": True})
    checked = sb.submit_numbers(L.SubmitNumbersRequest(link_session_id=sid, routing_number="110000000",
                                                       account_number=number))
    assert checked.database and not checked.instant
    done = sb.complete(L.CompleteRequest(link_session_id=sid, account_ids=[], legal_name=name,
                                         account_type="checking"))
    assert done.accounts[0].verification_status == "database_insights_pending" and done.institution is None
    item = sb.items()[-1].item
    assert (item.accounts[0].verification_status, item.name_match_score) == (result, score)
    assert item.auth_method == "DATABASE_INSIGHTS"


@pytest.mark.parametrize("mode,count,forced", [(None, 2, False), ("OPTIONAL", 2, False), ("FORCED", 2, True),
                                               ("OFF", 0, False)])
def test_reroute_to_credentials(mode, count, forced):
    sb = Sandbox()
    options = {"same_day_microdeposits_enabled": True} | ({"reroute_to_credentials": mode} if mode else {})
    sid = open_session(sb, auth=options)
    checked = sb.submit_numbers(L.SubmitNumbersRequest(link_session_id=sid, routing_number="021000021",
                                                       account_number="1234567"))
    assert len(checked.reroute) == count and checked.reroute_forced is forced
    assert {r.institution_id for r in checked.reroute} <= {"ins_109512", "ins_56"}
    sid = open_session(sb, auth=options)
    assert not sb.submit_numbers(L.SubmitNumbersRequest(link_session_id=sid, routing_number="110000000",
                                                        account_number="1234567")).reroute


def test_tokens_are_version_4_uuids():
    import uuid

    from tuilink.link import tokens

    for make, prefix in ((tokens.link_token, "link-sandbox-"), (tokens.public_token, "public-sandbox-"),
                         (tokens.access_token, "access-sandbox-"), (tokens.link_session_id, "")):
        values = {make() for _ in range(500)}
        assert len(values) == 500
        for value in values:
            assert value.startswith(prefix)
            u = uuid.UUID(value.removeprefix(prefix))
            assert (u.version, u.variant, str(u)) == (4, uuid.RFC_4122, value.removeprefix(prefix))


# --- Instant Match: the last four digits against the mask (seed 000) ------------------------------------------

def instant_match_numbers(sb: Sandbox, routing: str, account: str, mask: str = "1111") -> tuple[str, str]:
    """(session id, account id) after typing `routing` / `account` for the account with `mask` at Houndstooth."""
    sid = open_session(sb)
    step = login(sb, sid, "pass_good", institution="ins_109512")
    chosen = next(a for a in step.accounts if a.mask == mask)
    sb.submit_numbers(L.SubmitNumbersRequest(link_session_id=sid, account_id=chosen.account_id,
                                             routing_number=routing, account_number=account))
    return sid, chosen.account_id


@pytest.mark.parametrize("routing,account,mask,ok", [
    ("021000021", "1111222233331111", "1111", True),  # the Sandbox's documented numbers
    ("021000021", "98765431111", "1111", True),  # any number ending in the mask
    ("021000021", "1111", "1111", True),  # four digits that are the mask
    ("021000021", "12345678901230000", "0000", True),  # Plaid Checking: ends in 0000
    ("021000021", "1111222233330000", "1111", False),  # another account's number
    ("021000021", "98765431112", "1111", False),
    ("011401533", "1111222233331111", "1111", False),  # a valid routing number, not Houndstooth's
    ("021000022", "1111222233331111", "1111", False),  # fails the ABA checksum
    ("021000021", "111", "1111", False),  # too short
])
def test_instant_match_checks_the_last_four_digits_against_the_mask(routing, account, mask, ok):
    sb = Sandbox()
    if not ok:
        with pytest.raises(PlaidApiError) as wrong:
            instant_match_numbers(sb, routing, account, mask)
        assert wrong.value.error.error_code == "INVALID_ACCOUNT_NUMBER"
        return
    sid, account_id = instant_match_numbers(sb, routing, account, mask)
    done = sb.complete(L.CompleteRequest(link_session_id=sid, account_ids=[account_id]))
    assert [(a.mask, a.verification_status) for a in done.accounts] == [(mask, None)]
    access, _ = sb.exchange_public_token(done.public_token)
    _, item = sb.store.item_by_access_token(access)
    assert item.auth_method == "INSTANT_MATCH"
    assert item.numbers == {account_id: TypedNumbers(routing=routing, account=account)}  # what the user typed


@pytest.mark.parametrize("account,ok", [("1111222233330000", True), ("98765430000", False), ("0000", False)])
def test_automated_microdeposits_keep_their_documented_account_number(account, ok):
    sb = Sandbox()
    sid = open_session(sb, auth={"automated_microdeposits_enabled": True})
    step = login(sb, sid, "microdeposits_good", institution="ins_109512")
    checking = next(a for a in step.accounts if a.mask == "0000")
    request = L.SubmitNumbersRequest(link_session_id=sid, account_id=checking.account_id,
                                     routing_number="021000021", account_number=account)
    if ok:
        sb.submit_numbers(request)
        return
    with pytest.raises(PlaidApiError) as wrong:
        sb.submit_numbers(request)
    assert wrong.value.error.error_code == "INVALID_ACCOUNT_NUMBER"


# --- Instant Micro-deposits: products Auth / Transfer only (seed 000) ------------------------------------------

@pytest.mark.parametrize("products,numbers_only", [
    (["auth"], True), (["transfer"], True), (["auth", "transfer"], True),
    (["auth", "identity"], False), (["auth", "transfer", "identity"], False)])
def test_instant_microdeposits_only_for_auth_or_transfer(products, numbers_only):
    sb = Sandbox()
    sid = open_session(sb, products=products, auth={"instant_microdeposits_enabled": True})
    picked = sb.select_institution(L.SelectInstitutionRequest(link_session_id=sid, institution_id="ins_135858"))
    assert picked.numbers_only is numbers_only
    if numbers_only:
        return
    # as with Instant Micro-deposits off: a login bank whose only Auth method is unavailable
    with pytest.raises(PlaidApiError) as failed:
        sb.submit_credentials(L.SubmitCredentialsRequest(link_session_id=sid, institution_id="ins_135858",
                                                         username="user_good", password="pass_good"))
    assert failed.value.error.error_code == "NO_AUTH_ACCOUNTS"
    with pytest.raises(PlaidApiError):  # and no manual entry of numbers either
        sb.submit_numbers(L.SubmitNumbersRequest(link_session_id=sid, routing_number="333333334",
                                                 account_number="1111222233330000"))


# --- institution_id on /link/token/create ---------------------------------------------------------------------

def test_institution_id_opens_link_at_that_institution():
    sb = Sandbox()
    token = sb.link_token_create({**BODY, "institution_id": "ins_127287"}).link_token
    config = sb.start_session(L.StartSessionRequest(link_token=token)).config
    assert (config.open_at.institution_id, config.open_at.name, config.open_at.oauth) == (
        "ins_127287", "Platypus OAuth Bank", True)
    assert config.start_pane is None and config.institution is None  # not update mode
    token = sb.link_token_create(BODY).link_token
    assert sb.start_session(L.StartSessionRequest(link_token=token)).config.open_at is None


def test_an_unknown_institution_id_fails_the_session_start():
    sb = Sandbox()
    token = sb.link_token_create({**BODY, "institution_id": "ins_999999999"}).link_token  # accepted here…
    with pytest.raises(PlaidApiError) as failed:  # …refused when Link opens
        sb.start_session(L.StartSessionRequest(link_token=token))
    assert (failed.value.error.error_type, failed.value.error.error_code) == ("INVALID_INPUT", "INVALID_INSTITUTION")


# --- account_filters: every account type ----------------------------------------------------------------------

@pytest.mark.parametrize("filters,masks", [
    ({"depository": {"account_subtypes": ["checking", "savings"]}}, ["0000", "1111"]),
    ({"depository": {"account_subtypes": ["all"]}}, ["0000", "1111", "2222", "4444", "9001", "9002"]),
    ({"depository": {"account_subtypes": ["hsa", "cd", "money market"]}}, ["2222", "4444", "9001"]),
    # RENT_MORTGAGE limited-purpose accounts: user_good has none, so the filter shows what it shows without it
    ({"depository": {"account_subtypes": ["all"], "limited_purpose_types": ["RENT_MORTGAGE"]}},
     ["0000", "1111", "2222", "4444", "9001", "9002"]),
    ({"credit": {"account_subtypes": ["credit card"]}}, ["3333", "9999"]),
    ({"credit": {"account_subtypes": ["all"]}}, ["3333", "9999"]),
    ({"credit": {"account_subtypes": ["paypal"]}}, []),
    ({"loan": {"account_subtypes": ["student"]}}, ["7777"]),
    ({"loan": {"account_subtypes": ["mortgage", "auto"]}}, ["8888"]),
    ({"loan": {"account_subtypes": ["all"]}}, ["7777", "8888"]),
    ({"investment": {"account_subtypes": ["ira"]}}, ["5555"]),
    ({"investment": {"account_subtypes": ["all"]}}, ["5555", "6666"]),
    ({"other": {"account_subtypes": ["all"]}}, []),  # user_good has no account of type other
    ({"credit": {"account_subtypes": ["credit card"]}, "loan": {"account_subtypes": ["student"]}},
     ["3333", "7777", "9999"]),
    ({"depository": {"account_subtypes": ["checking"]}, "investment": {"account_subtypes": ["401k"]},
      "loan": {"account_subtypes": ["mortgage"]}, "credit": {"account_subtypes": ["credit card"]}},
     ["0000", "3333", "6666", "8888", "9999"]),
])
def test_account_filters_show_only_named_types_and_subtypes(filters, masks):
    sb = Sandbox()
    sid = open_session(sb, products=["transactions"], account_filters=filters)
    if not masks:
        with pytest.raises(PlaidApiError) as failed:
            login(sb, sid, "pass_good")
        assert failed.value.error.error_code == "NO_ACCOUNTS"
        return
    assert sorted(a.mask for a in login(sb, sid, "pass_good").accounts) == masks


def test_account_filters_narrow_auth_accounts_and_saved_accounts():
    sb = Sandbox()
    sid = open_session(sb, account_filters={"depository": {"account_subtypes": ["checking", "hsa"]}})
    assert [a.mask for a in login(sb, sid, "pass_good").accounts] == ["0000"]  # auth keeps checking only

    def saved(**overrides) -> dict[str, list[str]]:
        sid = open_session(sb, **overrides)
        assert sb.submit_phone(L.SubmitPhoneRequest(link_session_id=sid, phone_number="4155550011")).otp_required
        verified = sb.submit_otp(L.SubmitOtpRequest(link_session_id=sid, code="123456"))
        return {s.institution.institution_id: [a.account.mask for a in s.accounts] for s in verified.saved}

    assert saved() == {"ins_109508": ["0000", "1111"], "ins_109509": ["0000"]}
    assert saved(account_filters={"depository": {"account_subtypes": ["savings"]}}) == {"ins_109508": ["1111"]}
    assert saved(products=["transactions"], account_filters={"credit": {"account_subtypes": ["all"]}}) == {}


def test_institution_select_is_not_filtered_by_account_filters():
    """The catalogue has no account types per institution (every Sandbox institution holds user_good's accounts),
    so account_filters leaves Institution Select as it is; only Account Select is filtered."""
    sb = Sandbox()
    plain = open_session(sb, products=["transactions"])
    filtered = open_session(sb, products=["transactions"], account_filters={"other": {"account_subtypes": ["all"]}})
    answers = [sb.search(L.SearchRequest(link_session_id=sid, query="platypus")).institutions
               for sid in (plain, filtered)]
    assert [(i.institution_id, i.supports_session) for i in answers[0]] == [
        (i.institution_id, i.supports_session) for i in answers[1]]


def test_oauth_by_redirect_needs_a_redirect_uri_and_an_oauth_bank_and_its_state_serves_once():
    sb = Sandbox()

    def redirect(sid: str, institution: str = "ins_127287") -> L.OAuthRedirectResponse:
        return sb.oauth_redirect(L.OAuthRedirectRequest(link_session_id=sid, institution_id=institution))

    with pytest.raises(PlaidApiError) as none:
        redirect(open_session(sb))
    assert none.value.error.error_code == "INVALID_FIELD" and "redirect_uri" in none.value.error.error_message
    token = sb.link_token_create({**BODY, "redirect_uri": "https://app.example/oauth"}).link_token
    sid = sb.start_session(L.StartSessionRequest(link_token=token)).link_session_id
    with pytest.raises(PlaidApiError) as not_oauth:
        redirect(sid, "ins_109508")
    assert not_oauth.value.error.error_code == "INVALID_INSTITUTION"
    url = redirect(sid).redirect_url
    assert url.startswith("https://app.example/oauth?oauth_state_id=")
    state = url.rsplit("=", 1)[1]
    other = sb.link_token_create({**BODY, "redirect_uri": "https://app.example/oauth"}).link_token
    with pytest.raises(PlaidApiError) as wrong_token:
        sb.start_session(L.StartSessionRequest(link_token=other, oauth_state_id=state))
    assert wrong_token.value.error.error_code == "INVALID_FIELD"
    back = sb.start_session(L.StartSessionRequest(link_token=token, oauth_state_id=state))
    assert back.link_session_id == sid
    assert back.oauth_return is not None and back.oauth_return.institution.institution_id == "ins_127287"
    assert back.config.oauth_redirect_uri == "https://app.example/oauth"
    with pytest.raises(PlaidApiError) as used:
        sb.start_session(L.StartSessionRequest(link_token=token, oauth_state_id=state))
    assert used.value.error.error_code == "INVALID_FIELD"
