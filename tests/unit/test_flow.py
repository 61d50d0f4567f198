"""The Link session state machine, without any UI."""
import pytest

from tests.contract import problems
from tuilink.flow import FlowError, LinkSession, Options
from tuilink.launch import embedded_session, link_token_body

PLAID_CREDENTIAL_SEQUENCE = [  # PLAID_FACTS §5.1 (Plaid's published non-OAuth event log)
    "OPEN:CONSENT", "TRANSITION_VIEW:SELECT_INSTITUTION", "SEARCH_INSTITUTION", "SELECT_INSTITUTION",
    "TRANSITION_VIEW:CREDENTIAL", "SUBMIT_CREDENTIALS", "TRANSITION_VIEW:LOADING", "TRANSITION_VIEW:SELECT_ACCOUNT",
    "TRANSITION_VIEW:CONNECTED", "HANDOFF"]


def labels(session: LinkSession) -> list[str]:
    return [f"{e.event_name}:{e.metadata.view_name}" if e.metadata.view_name else e.event_name
            for e in session.events]


def check_contract(session: LinkSession, *secrets: str) -> None:
    events = [e.model_dump(mode="json") for e in session.events]
    assert problems(events, session.result.model_dump(mode="json"), list(secrets)) == []


async def opened(returning_user: bool = True, **body) -> LinkSession:
    session = embedded_session(link_token_body(**body) if body else link_token_body(),
                               Options(returning_user=returning_user))
    await session.open()
    return session


async def to_credentials(session: LinkSession, institution: str = "ins_109508", query: str = "platypus") -> None:
    await session.continue_()
    if session.pane.id == "SUBMIT_PHONE":
        await session.skip_phone()
    await session.search(query)
    await session.select_institution(institution)


async def test_credential_login_matches_plaids_sequence():
    s = await opened(returning_user=False)
    await to_credentials(s)
    await s.submit_credentials("user_good", "pass_good")
    assert s.pane.id == "SELECT_ACCOUNT"
    await s.select_accounts([s.pane.accounts[0].account_id])
    await s.continue_()
    assert labels(s) == PLAID_CREDENTIAL_SEQUENCE
    assert s.result.callback == "onSuccess"
    assert [a.mask for a in s.result.metadata.accounts] == ["0000"]
    assert s.result.metadata.institution.institution_id == "ins_109508"
    check_contract(s, "pass_good")


async def test_every_event_carries_session_and_institution_once_chosen():
    s = await opened(returning_user=False)
    await to_credentials(s)
    ids = {e.metadata.link_session_id for e in s.events}
    assert ids == {s.link_session_id}
    after = s.events[[e.event_name for e in s.events].index("SELECT_INSTITUTION"):]
    assert all(e.metadata.institution_id == "ins_109508" for e in after)
    assert s.events[0].metadata.is_update_mode == "false"
    assert all(e.metadata.request_id for e in s.events)


async def test_search_event_once_per_settled_query():
    s = await opened(returning_user=False)
    await s.continue_()
    for q in ["p", "pl", "pla", "plat"]:
        await s.search(q)
    s.settle_search()
    s.settle_search()
    await s.search("platypus")
    await s.select_institution("ins_109508")
    queries = [e.metadata.institution_search_query for e in s.events if e.event_name == "SEARCH_INSTITUTION"]
    assert queries == ["plat", "platypus"]


@pytest.mark.parametrize("password,mfa_types", [
    ("mfa_device", ["device", "code"]), ("mfa_questions_2_1", ["questions", "questions"]),
    ("mfa_selections", ["selections"])])
async def test_mfa_transitions_carry_mfa_type(password, mfa_types):
    s = await opened(returning_user=False)
    await to_credentials(s)
    await s.submit_credentials("user_good", password)
    seen = []
    while s.pane.id == "MFA":
        mfa = s.pane.mfa
        seen.append(mfa.type)
        answers = {"device": mfa.devices[:1], "code": ["1234"], "selections": ["Yes"],
                   "questions": [f"answer_{mfa.round - 1}_0"]}[mfa.type]
        await s.submit_mfa(answers)
    assert seen == mfa_types
    assert s.pane.id == "SELECT_ACCOUNT"
    tv = [e.metadata.mfa_type for e in s.events if e.event_name == "TRANSITION_VIEW" and e.metadata.view_name == "MFA"]
    sub = [e.metadata.mfa_type for e in s.events if e.event_name == "SUBMIT_MFA"]
    assert tv == sub == mfa_types


async def test_wrong_password_error_pane_then_retry():
    s = await opened(returning_user=False)
    await to_credentials(s)
    await s.submit_credentials("user_good", "nope")
    assert s.pane.id == "ERROR" and s.pane.error.error_code == "INVALID_CREDENTIALS"
    assert labels(s)[-3:] == ["TRANSITION_VIEW:LOADING", "ERROR", "TRANSITION_VIEW:ERROR"]
    error_event = s.events[-2]
    assert (error_event.metadata.error_type, error_event.metadata.error_code) == ("ITEM_ERROR", "INVALID_CREDENTIALS")
    await s.retry()
    assert s.pane.id == "CREDENTIAL"
    await s.submit_credentials("user_good", "pass_good")
    assert s.pane.id == "SELECT_ACCOUNT"


@pytest.mark.parametrize("code,next_pane", [("ITEM_LOCKED", "SELECT_INSTITUTION"),
                                            ("NO_ACCOUNTS", "SELECT_INSTITUTION"),
                                            ("INVALID_MFA", "CREDENTIAL"),
                                            ("USER_INPUT_TIMEOUT", "CREDENTIAL"),
                                            ("INTERNAL_SERVER_ERROR", "SELECT_INSTITUTION")])
async def test_error_follow_up(code, next_pane):
    s = await opened(returning_user=False)
    await to_credentials(s)
    await s.submit_credentials("user_good", f"error_{code}")
    assert s.pane.id == "ERROR"
    await s.retry()
    assert s.pane.id == next_pane


async def test_exit_after_error_hands_the_error_to_on_exit():
    s = await opened(returning_user=False)
    await to_credentials(s)
    await s.submit_credentials("user_good", "error_ITEM_LOCKED")
    s.exit()
    assert s.pane.id == "EXIT"
    s.confirm_exit()
    assert s.result.callback == "onExit"
    assert s.result.error["error_code"] == "ITEM_LOCKED"
    assert s.result.metadata.status == "requires_credentials"
    assert s.events[-1].event_name == "EXIT" and s.events[-1].metadata.exit_status == "requires_credentials"
    assert s.events[-1].metadata.error_code == "ITEM_LOCKED"
    check_contract(s)


async def test_exit_statuses_per_pane():
    s = await opened()
    s.exit()
    s.confirm_exit()
    assert s.result.metadata.status == "requires_credentials" and s.result.error is None
    s = await opened(returning_user=False)
    await s.continue_()
    s.exit()
    s.confirm_exit()
    assert s.result.metadata.status == "institution_not_found"
    s = await opened(returning_user=False)
    await to_credentials(s)
    await s.submit_credentials("user_good", "mfa_device")
    s.exit()
    s.confirm_exit()
    assert s.result.metadata.status == "choose_device"


async def test_exit_then_back_returns_to_the_pane():
    s = await opened(returning_user=False)
    await to_credentials(s)
    s.exit()
    await s.back()
    assert s.pane.id == "CREDENTIAL"
    assert labels(s)[-2:] == ["TRANSITION_VIEW:EXIT", "TRANSITION_VIEW:CREDENTIAL"]


async def test_exit_on_connected_hands_off():
    s = await opened(returning_user=False)
    await to_credentials(s)
    await s.submit_credentials("user_good", "pass_good")
    await s.select_accounts([s.pane.accounts[0].account_id])
    s.exit()
    assert s.result.callback == "onSuccess" and labels(s)[-1] == "HANDOFF"


async def test_returning_user_0011_links_a_saved_institution_without_credentials():
    s = await opened()
    await s.continue_()
    await s.submit_phone("415-555-0011")
    await s.submit_otp("123456")
    assert s.pane.id == "SELECT_SAVED_INSTITUTION"
    await s.select_saved_institution("ins_109508")
    assert s.pane.id == "SELECT_SAVED_ACCOUNT"
    await s.select_accounts([a.account_id for a in s.pane.accounts])
    await s.continue_()
    assert labels(s) == ["OPEN:CONSENT", "TRANSITION_VIEW:SUBMIT_PHONE", "SUBMIT_PHONE",
                         "TRANSITION_VIEW:VERIFY_PHONE", "SUBMIT_OTP", "VERIFY_PHONE",
                         "TRANSITION_VIEW:SELECT_SAVED_INSTITUTION", "SELECT_INSTITUTION",
                         "TRANSITION_VIEW:SELECT_SAVED_ACCOUNT", "SELECT_INSTITUTION", "TRANSITION_VIEW:CONNECTED",
                         "HANDOFF"]
    selects = [e.metadata for e in s.events if e.event_name == "SELECT_INSTITUTION"]
    assert [m.match_reason for m in selects] == ["SAVED_INSTITUTION", "SAVED_ACCOUNT"]
    assert {(m.institution_id, m.institution_name) for m in selects} == {("ins_109508", "First Platypus Bank")}
    check_contract(s, "123456")


async def test_returning_user_0015_is_linked_automatically():
    s = await opened()
    await s.continue_()
    await s.submit_phone("4155550015")
    await s.submit_otp("123456")
    assert s.pane.id == "CONNECTED"
    select = next(e for e in s.events if e.event_name == "SELECT_INSTITUTION")
    assert select.metadata.match_reason == "AUTO_SELECT_SAVED_INSTITUTION"


async def test_returning_user_0014_sees_saved_first_but_logs_in():
    s = await opened()
    await s.continue_()
    await s.submit_phone("4155550014")
    await s.submit_otp("123456")
    assert s.pane.id == "SELECT_INSTITUTION"
    assert [i.saved for i in s.pane.results[:2]] == [True, True]
    await s.select_institution(s.pane.results[0].institution_id)
    assert s.pane.id == "CREDENTIAL"


async def test_prefilled_phone_shows_last_four_and_submits_it():
    s = await opened(phone="+14155550011")
    await s.continue_()
    assert s.pane.id == "SUBMIT_PHONE" and s.pane.phone_last4 == "0011"
    await s.submit_phone(None)
    assert s.pane.id == "VERIFY_PHONE"


async def test_invalid_phone_and_otp_stay_with_a_message():
    s = await opened()
    await s.continue_()
    await s.submit_phone("4151231234")
    assert s.pane.id == "SUBMIT_PHONE" and s.pane.notice == "Invalid phone number"
    assert labels(s)[-1] == "ERROR" and s.events[-1].metadata.error_code == "INVALID_PHONE_NUMBER"
    await s.submit_phone("4155550011")
    await s.submit_otp("12a456")
    assert s.pane.notice == "Enter the 6-digit code" and labels(s)[-1] != "SUBMIT_OTP"
    await s.submit_otp("000000")
    assert s.pane.id == "VERIFY_PHONE" and s.pane.notice == "Security code incorrect"
    await s.submit_otp("000001")
    await s.submit_otp("000002")
    assert s.pane.id == "SELECT_INSTITUTION"
    codes = [e.metadata.error_code for e in s.events if e.event_name == "ERROR"]
    assert codes == ["INVALID_PHONE_NUMBER", "INVALID_OTP", "INVALID_OTP", "PROFILE_AUTHENTICATION_FAILED"]


@pytest.mark.parametrize("username,password,message", [
    ("", "pass_good", "Enter your user ID"), ("user_good", "   ", "Enter your password"),  # the bank's own labels
    ("user_good", "x" * 300, "Your password is too long (at most 256 characters)"),
    ("user\x1b[2J", "pass_good", "Your user ID contains characters that can't be typed; please re-enter it")])
async def test_bad_credential_input_gets_a_message_and_no_event(username, password, message):
    s = await opened(returning_user=False)
    await to_credentials(s)
    before = len(s.events)
    await s.submit_credentials(username, password)
    assert s.pane.id == "CREDENTIAL" and s.pane.notice == message
    assert len(s.events) == before


async def test_filtered_and_down_institutions_cannot_be_linked():
    s = await opened(returning_user=False, products=["investments"])
    await s.continue_()
    await s.search("First Platypus Balance")
    await s.select_institution("ins_130016")
    assert s.pane.id == "SELECT_INSTITUTION" and s.pane.notice.startswith("Connectivity not supported")
    assert labels(s)[-1] == "SELECT_FILTERED_INSTITUTION"
    await s.search("Unhealthy")
    await s.select_institution("ins_132361")
    assert s.pane.id == "SELECT_INSTITUTION" and labels(s)[-1] == "SELECT_DOWN_INSTITUTION"
    await s.select_institution("ins_132363")
    assert s.pane.id == "CREDENTIAL" and "experiencing" in s.pane.warning and s.pane.notice is None
    assert "SELECT_DEGRADED_INSTITUTION" in labels(s)


async def test_actions_not_offered_on_the_pane_are_refused():
    s = await opened()
    with pytest.raises(FlowError):
        await s.submit_credentials("user_good", "pass_good")


async def test_back_from_credentials_to_institution_select():
    s = await opened(returning_user=False)
    await to_credentials(s)
    assert s.can_go_back()
    await s.back()
    assert s.pane.id == "SELECT_INSTITUTION" and s.institution is None


async def test_invalid_link_token_ends_with_on_exit():
    from tuilink.backends import EmbeddedBackend
    s = LinkSession(EmbeddedBackend(), "link-sandbox-00000000-0000-0000-0000-000000000000")
    await s.open()
    assert s.result.callback == "onExit" and s.result.error["error_code"] == "INVALID_LINK_TOKEN"
    check_contract(s)


async def to_numbers(s: LinkSession) -> None:
    await to_credentials(s, "ins_109512", "Houndstooth")
    await s.submit_credentials("user_good", "pass_good")
    assert s.pane.account_select == "single"
    await s.select_accounts([next(a.account_id for a in s.pane.accounts if a.mask == "1111")])
    assert s.pane.id == "NUMBERS"


@pytest.mark.parametrize("routing,account,message", [
    ("123456789", "1111222233331111", "That routing number isn't valid. Check it and try again"),
    ("02100002", "1111222233331111", "Routing numbers are 9 digits"),
    ("021000021", "1111-2222-3333", "Account numbers are 4 to 17 digits"),
    ("021000021", "12", "Account numbers are 4 to 17 digits"),
])
async def test_bad_numbers_get_a_message_and_no_event(routing, account, message):
    s = await opened(returning_user=False)
    await to_numbers(s)
    before = len(s.events)
    await s.submit_numbers(routing, account)
    assert s.pane.id == "NUMBERS" and s.pane.notice == message and len(s.events) == before


async def test_pasted_whitespace_in_numbers_is_ignored_and_masks_are_reported():
    s = await opened(returning_user=False)
    await to_numbers(s)
    await s.submit_numbers(" 021 000 021 ", "1111 2222 3333 1111\n")
    assert s.pane.id == "CONNECTED"
    routing = next(e for e in s.events if e.event_name == "SUBMIT_ROUTING_NUMBER")
    account = next(e for e in s.events if e.event_name == "SUBMIT_ACCOUNT_NUMBER")
    assert (routing.metadata.routing_number, account.metadata.account_number_mask) == ("021000021", "1111")
    await s.continue_()
    check_contract(s, "1111222233331111")


async def test_a_four_digit_account_number_reports_an_empty_mask():
    s = await opened(returning_user=False)
    await to_numbers(s)
    await s.submit_numbers("021000021", "0000")  # not the mask of Plaid Saving (1111): refused
    account = next(e for e in s.events if e.event_name == "SUBMIT_ACCOUNT_NUMBER")
    assert account.metadata.account_number_mask == "" and s.pane.id == "NUMBERS"
    assert s.pane.notice == "Account or routing number incorrect"
    await s.submit_numbers("021000021", "1111")  # four digits that are the mask: Instant Match passes them
    assert [e.metadata.account_number_mask for e in s.events if e.event_name == "SUBMIT_ACCOUNT_NUMBER"] == ["", ""]
    assert s.pane.id == "CONNECTED"


async def test_a_retry_keeps_what_was_typed_but_never_a_secret():
    s = await opened(returning_user=False)
    await to_credentials(s)
    await s.submit_credentials("user_good", "nope")
    await s.retry()
    assert s.pane.id == "CREDENTIAL" and s.pane.username == "user_good"
    s = await opened(returning_user=False)
    await to_numbers(s)
    await s.submit_numbers("021000021", "1111222233330000")
    assert s.pane.id == "NUMBERS" and s.pane.routing_number == "021000021"


async def test_deposit_code_pane_messages_and_lockout(tmp_path):
    from tuilink.sandbox.service import Sandbox
    from tuilink.sandbox.store import Store

    state = str(tmp_path / "s.db")
    s = embedded_session(link_token_body({"auth": {"same_day_microdeposits_enabled": True}}),
                         Options(returning_user=False), state=state)
    await s.open()
    await s.continue_()
    await s.search("zzzz no such bank")
    assert s.pane.results == []
    s.link_with_account_numbers()
    await s.submit_numbers("110000000", "1111222233331234")
    await s.submit_legal_name("A B")
    await s.submit_account_type("checking")
    await s.authorize_deposit()
    await s.continue_()
    await s.continue_()
    assert s.result.metadata.institution is None
    assert s.result.metadata.accounts[0].name == "Checking...1234"
    access, _ = Sandbox(Store(state)).exchange_public_token(s.result.public_token)

    second = embedded_session(link_token_body({"access_token": access, "products": None}),
                              Options(returning_user=False), state=state)
    await second.open()
    assert second.pane.id == "SAME_DAY_MICRODEPOSIT_VERIFICATION" and second.events[0].metadata.is_update_mode == "true"
    for bad in ["12", "A C", "AB1", "ABCD"]:
        await second.submit_deposit_code(bad)
        assert second.pane.notice == "Enter the 3 letters from the deposit description"
    assert len(second.events) == 1
    await second.submit_deposit_code("XYZ")
    assert second.pane.notice == ("The code you entered is incorrect. Check your bank statement to find the code "
                                  "in front of ACCTVERIFY. 2 attempts remaining.")  # what is wrong, then the count
    await second.submit_deposit_code("XYY")
    assert second.pane.notice.endswith(" 1 attempt remaining.")
    await second.submit_deposit_code("XXY")
    assert second.pane.id == "ERROR" and second.pane.error.error_code == "TOO_MANY_VERIFICATION_ATTEMPTS"
    codes = [e.metadata.error_code for e in second.events if e.event_name == "ERROR"]
    assert codes == ["INCORRECT_DEPOSIT_VERIFICATION"] * 2 + ["TOO_MANY_VERIFICATION_ATTEMPTS"]


async def test_exit_on_recaptcha_reports_requires_recaptcha():
    s = await opened(returning_user=False)
    await to_credentials(s)
    await s.submit_credentials("user_good", '{"recaptcha":"good"}')
    assert s.pane.id == "RECAPTCHA"
    await s.submit_recaptcha("wrong")
    assert s.pane.id == "RECAPTCHA" and s.pane.notice
    s.exit()
    s.confirm_exit()
    assert s.result.metadata.status == "requires_recaptcha"


async def test_auth_type_select_comes_once_before_institution_select():
    s = await opened(returning_user=False, config={"auth": {"same_day_microdeposits_enabled": True,
                                                            "auth_type_select_enabled": True}})
    await s.continue_()
    assert s.pane.id == "SELECT_AUTH_TYPE"
    await s.select_auth_type("instant")
    assert s.pane.id == "SELECT_INSTITUTION"
    assert [e.metadata.selection for e in s.events if e.event_name == "SELECT_AUTH_TYPE"] == ["flow_type_instant"]
    s = await opened(returning_user=False, config={"auth": {"auth_type_select_enabled": True}})
    await s.continue_()
    assert s.pane.id == "SELECT_INSTITUTION"  # without a manual flow there is nothing to choose


async def test_routing_number_in_the_link_token_matches_institutions_first():
    s = await opened(returning_user=False, config={"institution_data": {"routing_number": "021000021"}})
    await s.continue_()
    assert [i.institution_id for i in s.pane.results[:2]] == ["ins_109512", "ins_56"]
    assert s.pane.results[0].matched == "routing_number" and s.pane.results[2].matched is None


LEGACY = {"client_user_id": "u", "legal_name": "John Doe", "phone_number": "+14155550123"}


async def test_legacy_returning_user_boosts_and_pre_matches():
    s = await opened(returning_user=False, config={"user": LEGACY})
    await s.continue_()
    assert [i.institution_id for i in s.pane.results[:2]] == ["ins_133503", "ins_133502"]
    assert {i.matched for i in s.pane.results[:2]} == {"returning_user"}
    await s.select_institution("ins_133502")  # phone only: pre-matched even at RUX Auth
    assert s.pane.id == "MATCHED_CREDENTIAL" and s.pane.phone_last4 == "0123"
    await s.submit_credentials("", "pass_good")
    assert s.pane.id == "SELECT_ACCOUNT"


async def test_legacy_pre_authenticated_user_may_choose_the_password():
    s = await opened(returning_user=False, config={"user": {**LEGACY, "email_address": "example@plaid.com"}})
    await s.continue_()
    await s.select_institution("ins_133502")
    assert s.pane.id == "MATCHED_VERIFY_METHOD"
    s.choose_verify_method("password")
    assert s.pane.id == "MATCHED_CREDENTIAL"
    s.exit()
    s.confirm_exit()
    assert s.result.metadata.status == "requires_credentials"
    assert [e.metadata.selection for e in s.events if e.event_name == "MATCHED_SELECT_VERIFY_METHOD"] == ["password"]


async def test_other_users_get_no_legacy_matching():
    s = await opened(returning_user=False, config={"user": {**LEGACY, "phone_number": "+14155550199"}})
    await s.continue_()
    assert not any(i.matched for i in s.pane.results)


# --- institution_id on /link/token/create ---------------------------------------------------------------------

async def test_institution_id_skips_institution_select():
    s = await opened(returning_user=False, config={"institution_id": "ins_109508"})
    assert labels(s) == ["OPEN:CONSENT"] and s.events[0].metadata.institution_id is None
    await s.continue_()
    assert s.pane.id == "CREDENTIAL" and s.pane.institution.institution_id == "ins_109508"
    assert not s.can_go_back()
    await s.submit_credentials("user_good", "pass_good")
    await s.select_accounts([s.pane.accounts[0].account_id])
    await s.continue_()
    assert labels(s) == ["OPEN:CONSENT", "TRANSITION_VIEW:CREDENTIAL", "SUBMIT_CREDENTIALS", "TRANSITION_VIEW:LOADING",
                         "TRANSITION_VIEW:SELECT_ACCOUNT", "TRANSITION_VIEW:CONNECTED", "HANDOFF"]
    assert all((e.metadata.institution_id, e.metadata.institution_name) == ("ins_109508", "First Platypus Bank")
               for e in s.events[1:])
    assert s.result.metadata.institution.institution_id == "ins_109508"
    check_contract(s, "pass_good")


async def test_institution_id_of_an_oauth_bank_opens_its_oauth_pane_after_the_phone():
    s = await opened(config={"institution_id": "ins_127287"})
    await s.continue_()
    await s.skip_phone()
    assert s.pane.id == "OAUTH" and labels(s)[-1] == "TRANSITION_VIEW:OAUTH"
    assert s.events[-1].metadata.institution_id == "ins_127287"


async def test_institution_id_with_a_returning_user():
    s = await opened(config={"institution_id": "ins_109509"})  # saved for 415-555-0011: its saved connection
    await s.continue_()
    await s.submit_phone("4155550011")
    await s.submit_otp("123456")
    assert s.pane.id == "SELECT_SAVED_ACCOUNT" and s.pane.institution.institution_id == "ins_109509"
    select = [e for e in s.events if e.event_name == "SELECT_INSTITUTION"][-1]
    assert select.metadata.match_reason == "AUTO_SELECT_SAVED_INSTITUTION"
    s = await opened(config={"institution_id": "ins_109511"})  # not saved: its credential pane
    await s.continue_()
    await s.submit_phone("4155550011")
    await s.submit_otp("123456")
    assert s.pane.id == "CREDENTIAL" and s.pane.institution.institution_id == "ins_109511"


async def test_an_unknown_institution_id_ends_link_with_invalid_institution():
    s = await opened(returning_user=False, config={"institution_id": "ins_0"})
    assert labels(s) == ["ERROR", "EXIT"]
    assert s.result.callback == "onExit"
    assert (s.result.error["error_type"], s.result.error["error_code"]) == ("INVALID_INPUT", "INVALID_INSTITUTION")
    check_contract(s)


async def test_institution_id_not_supported_for_the_session_shows_institution_select_with_the_reason():
    s = await opened(returning_user=False, products=["investments"], config={"institution_id": "ins_130016"})
    await s.continue_()
    assert s.pane.id == "SELECT_INSTITUTION" and s.pane.notice.startswith("Connectivity not supported")
    assert s.pane.results[0].institution_id == "ins_130016"
    assert labels(s)[-2:] == ["TRANSITION_VIEW:SELECT_INSTITUTION", "SELECT_FILTERED_INSTITUTION"]


async def test_after_an_error_select_another_institution_leads_to_institution_select():
    s = await opened(returning_user=False, config={"institution_id": "ins_109508"})
    await s.continue_()
    await s.submit_credentials("user_good", "error_ITEM_LOCKED")
    assert s.pane.id == "ERROR"
    await s.retry()
    assert s.pane.id == "SELECT_INSTITUTION"


# --- Instant Micro-deposits -----------------------------------------------------------------------------------

IMD = {"auth": {"instant_microdeposits_enabled": True}}


async def test_instant_microdeposits_keep_the_institution_on_every_later_event():
    s = await opened(returning_user=False, config=IMD)
    await s.continue_()
    await s.search("Windowpane")
    await s.select_institution("ins_135858")
    assert s.pane.id == "NUMBERS"
    await s.submit_numbers("333333334", "1111222233330000")
    await s.submit_legal_name("Alberta Bobbeth Charleson")
    await s.submit_account_type("checking")
    await s.authorize_deposit()
    await s.continue_()
    await s.submit_deposit_code("ABC")
    await s.continue_()
    assert s.result.callback == "onSuccess"
    after = s.events[labels(s).index("SELECT_INSTITUTION"):]
    assert labels(s)[-5:] == ["TRANSITION_VIEW:INSTANT_MICRODEPOSIT_AUTHORIZED",
                              "TRANSITION_VIEW:INSTANT_MICRODEPOSIT_VERIFICATION", "TRANSITION_VIEW:LOADING",
                              "TRANSITION_VIEW:CONNECTED", "HANDOFF"]
    assert {(e.metadata.institution_id, e.metadata.institution_name) for e in after} == {
        ("ins_135858", "Windowpane Bank")}
    assert s.result.metadata.institution is None  # a micro-deposit Item has no institution (PLAID_FACTS §2.1)
    check_contract(s, "1111222233330000", "ABC")


async def test_instant_microdeposits_with_another_product_need_a_login_that_finds_no_auth_method():
    s = await opened(returning_user=False, products=["auth", "identity"], config=IMD)
    await s.continue_()
    await s.search("Windowpane")
    await s.select_institution("ins_135858")
    assert s.pane.id == "CREDENTIAL"
    await s.submit_credentials("user_good", "pass_good")
    assert s.pane.id == "ERROR" and s.pane.error.error_code == "NO_AUTH_ACCOUNTS"
    assert s.pane.next_action == "select_institution"


# --- Instant Match ----------------------------------------------------------------------------------------------

async def test_instant_match_accepts_any_account_number_ending_in_the_mask():
    s = await opened(returning_user=False)
    await to_numbers(s)
    await s.submit_numbers("021000021", "5556667771111")
    assert s.pane.id == "CONNECTED"
    await s.continue_()
    assert [(a.mask, a.verification_status) for a in s.result.metadata.accounts] == [("1111", None)]
    check_contract(s, "5556667771111")


# --- returning users: SAVED_ACCOUNT ---------------------------------------------------------------------------

async def test_saved_account_match_reason_after_the_oauth_saved_connection():
    s = await opened()
    await s.continue_()
    await s.submit_phone("4155550013")
    await s.submit_otp("123456")
    await s.continue_()
    await s.approve_oauth()
    assert s.pane.id == "SELECT_SAVED_ACCOUNT"
    s.exit()
    await s.back()
    await s.select_accounts([s.pane.accounts[0].account_id])
    reasons = [e.metadata.match_reason for e in s.events if e.event_name == "SELECT_INSTITUTION"]
    assert reasons == ["AUTO_SELECT_SAVED_INSTITUTION", "SAVED_ACCOUNT"]
    assert labels(s)[-3:] == ["TRANSITION_VIEW:SELECT_SAVED_ACCOUNT", "SELECT_INSTITUTION", "TRANSITION_VIEW:CONNECTED"]
    assert s.events[-2].metadata.institution_id == "ins_127287"


async def test_no_saved_account_match_reason_without_a_choice():
    s = await opened()
    await s.continue_()
    await s.submit_phone("4155550015")
    await s.submit_otp("123456")
    assert s.pane.id == "CONNECTED"
    assert [e.metadata.match_reason for e in s.events if e.event_name == "SELECT_INSTITUTION"] == [
        "AUTO_SELECT_SAVED_INSTITUTION"]
    s = await opened()
    await s.continue_()
    await s.submit_phone("4155550011")
    await s.submit_otp("123456")
    await s.select_saved_institution("ins_109508")
    await s.select_accounts([])  # nothing chosen: a message, no event
    assert s.pane.id == "SELECT_SAVED_ACCOUNT" and labels(s)[-1] == "TRANSITION_VIEW:SELECT_SAVED_ACCOUNT"


async def test_institution_id_after_a_phone_lockout_keeps_the_lockout_message():
    s = await opened(config={"institution_id": "ins_109508"})
    await s.continue_()
    await s.submit_phone("4155550011")
    for code in ("000000", "000001", "000002"):
        await s.submit_otp(code)
    assert s.pane.id == "CREDENTIAL" and s.pane.institution.institution_id == "ins_109508"
    assert s.pane.notice.startswith("Too many attempts. We couldn't verify your phone number")
