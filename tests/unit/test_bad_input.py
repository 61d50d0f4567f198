"""Whatever a user types or pastes, the session answers with a message or Plaid's error, never an exception."""
import asyncio

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzzing import count, fuzz_settings
from tuilink.flow import LinkSession, Options
from tuilink.launch import embedded_session, link_token_body

TEXT = st.text(st.characters(codec="utf-8"), max_size=400) | st.sampled_from(
    ["", " ", "\x00", "\x1b[2J", "\n\n", "user_good", "123456", "+", "415-555-0011", "a" * 5000])
SETTINGS = fuzz_settings()


def run(coro):
    return asyncio.run(coro)


async def session_at(pane: str, password: str = "pass_good", **body) -> LinkSession:
    """A session on `pane` (for MFA, RECAPTCHA: after logging in with `password`)."""
    s = embedded_session(link_token_body(body), Options(returning_user=True))
    await s.open()
    await s.continue_()
    if pane == "VERIFY_PHONE":
        await s.submit_phone("4155550011")
    elif pane in ("SELECT_INSTITUTION", "CREDENTIAL", "MFA", "RECAPTCHA"):
        await s.skip_phone()
        if pane != "SELECT_INSTITUTION":
            await s.search("First Platypus")
            await s.select_institution("ins_109508")
        if pane in ("MFA", "RECAPTCHA"):
            await s.submit_credentials("user_good", password)
    elif pane in ("NUMBERS", "LEGAL_NAME"):  # manual entry (Same-Day Micro-deposits)
        await s.skip_phone()
        s.link_with_account_numbers()
        if pane == "LEGAL_NAME":
            await s.submit_numbers("110000000", "1111222233330000")
    assert s.pane.id == pane
    return s


@SETTINGS
@given(TEXT, st.sampled_from(["US", "CA", "GB", "MX", "ZZ"]))
def test_any_phone(typed, country):
    async def go():
        s = await session_at("SUBMIT_PHONE")
        count("examples", "SUBMIT_PHONE phone (session)")
        await s.submit_phone(typed, country)
        assert s.pane.id in ("SUBMIT_PHONE", "VERIFY_PHONE", "SELECT_INSTITUTION")
        if s.pane.id == "SUBMIT_PHONE":
            assert s.pane.notice
    run(go())


@SETTINGS
@given(TEXT)
def test_any_otp(typed):
    async def go():
        s = await session_at("VERIFY_PHONE")
        count("examples", "VERIFY_PHONE otp (session)")
        await s.submit_otp(typed)
        assert s.pane.id == "VERIFY_PHONE" and s.pane.notice or s.pane.id != "VERIFY_PHONE"
    run(go())


@SETTINGS
@given(TEXT)
def test_any_search(typed):
    async def go():
        s = await session_at("SELECT_INSTITUTION")
        count("examples", "SELECT_INSTITUTION search (session)")
        await s.search(typed)
        s.settle_search()
        assert s.pane.id == "SELECT_INSTITUTION" and len(s.pane.query) <= 256
    run(go())


@SETTINGS
@given(TEXT, TEXT, TEXT)
def test_any_credentials(username, password, pin):
    async def go():
        s = await session_at("CREDENTIAL")
        count("examples", "CREDENTIAL username, password, pin (session)")
        await s.submit_credentials(username, password, pin)
        assert s.pane.id in ("CREDENTIAL", "ERROR", "MFA", "SELECT_ACCOUNT")
        assert (s.pane.id == "CREDENTIAL") == bool(s.pane.notice)
    run(go())


def _stays_or_moves_on(s: LinkSession, pane: str, allowed: tuple[str, ...]) -> None:
    """A refused input leaves the pane with a message; an accepted one moves the flow to a pane it allows."""
    assert s.pane.id in (pane, *allowed), s.pane.id
    if s.pane.id == pane:
        assert s.pane.notice or s.pane.warning


@SETTINGS
@given(TEXT, st.sampled_from(["mfa_questions_1_1", "mfa_device", "mfa_selections"]))
def test_any_mfa_answer(typed, password):
    async def go():
        s = await session_at("MFA", password)
        count("examples", "MFA answer (session)")
        await s.submit_mfa([typed])
        _stays_or_moves_on(s, "MFA", ("SELECT_ACCOUNT", "ERROR", "LOADING"))
    run(go())


@SETTINGS
@given(TEXT)
def test_any_recaptcha_answer(typed):
    async def go():
        s = await session_at("RECAPTCHA", '{"recaptcha":"good"}')
        count("examples", "RECAPTCHA answer (session)")
        await s.submit_recaptcha(typed)
        _stays_or_moves_on(s, "RECAPTCHA", ("SELECT_ACCOUNT", "ERROR", "CREDENTIAL"))
    run(go())


@SETTINGS
@given(TEXT, TEXT)
def test_any_routing_and_account_numbers(routing, account):
    async def go():
        s = await session_at("NUMBERS", auth={"same_day_microdeposits_enabled": True})
        count("examples", "NUMBERS routing and account number (session)")
        await s.submit_numbers(routing, account)
        _stays_or_moves_on(s, "NUMBERS", ("LEGAL_NAME", "NUMBERS_SELECT_INSTITUTION", "ERROR"))
    run(go())


@SETTINGS
@given(TEXT)
def test_any_legal_name(typed):
    async def go():
        s = await session_at("LEGAL_NAME", auth={"same_day_microdeposits_enabled": True})
        count("examples", "LEGAL_NAME name (session)")
        await s.submit_legal_name(typed)
        _stays_or_moves_on(s, "LEGAL_NAME", ("ACCOUNT_TYPE", "ERROR"))
    run(go())
