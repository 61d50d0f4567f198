"""Whatever a user types or pastes, the session answers with a message or Plaid's error, never an exception."""
import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tuilink.flow import LinkSession, Options
from tuilink.launch import embedded_session, link_token_body

TEXT = st.text(st.characters(codec="utf-8"), max_size=400) | st.sampled_from(
    ["", " ", "\x00", "\x1b[2J", "\n\n", "user_good", "123456", "+", "415-555-0011", "a" * 5000])
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def run(coro):
    return asyncio.run(coro)


async def session_at(pane: str) -> LinkSession:
    s = embedded_session(link_token_body(), Options(returning_user=True))
    await s.open()
    await s.continue_()
    if pane == "VERIFY_PHONE":
        await s.submit_phone("4155550011")
    elif pane in ("SELECT_INSTITUTION", "CREDENTIAL"):
        await s.skip_phone()
        if pane == "CREDENTIAL":
            await s.search("First Platypus")
            await s.select_institution("ins_109508")
    assert s.pane.id == pane
    return s


@SETTINGS
@given(TEXT, st.sampled_from(["US", "CA", "GB", "MX", "ZZ"]))
def test_any_phone(typed, country):
    async def go():
        s = await session_at("SUBMIT_PHONE")
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
        await s.submit_otp(typed)
        assert s.pane.id == "VERIFY_PHONE" and s.pane.notice or s.pane.id != "VERIFY_PHONE"
    run(go())


@SETTINGS
@given(TEXT)
def test_any_search(typed):
    async def go():
        s = await session_at("SELECT_INSTITUTION")
        await s.search(typed)
        s.settle_search()
        assert s.pane.id == "SELECT_INSTITUTION" and len(s.pane.query) <= 256
    run(go())


@SETTINGS
@given(TEXT, TEXT, TEXT)
def test_any_credentials(username, password, pin):
    async def go():
        s = await session_at("CREDENTIAL")
        await s.submit_credentials(username, password, pin)
        assert s.pane.id in ("CREDENTIAL", "ERROR", "MFA", "SELECT_ACCOUNT")
        assert (s.pane.id == "CREDENTIAL") == bool(s.pane.notice)
    run(go())
