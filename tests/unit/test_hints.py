"""The hints panel's values do what the hints say: each one is entered through the Link session and the
outcome checked (the Sandbox's data is the single source of both)."""
import pytest

from tests.unit.test_flow import opened, to_credentials
from tuilink.flow import LinkSession
from tuilink.link.errors import spec
from tuilink.sandbox.hints import PaneContext, for_pane


async def fills(session: LinkSession) -> list[dict[str, str]]:
    return [h.fill for h in await session.load_hints() if h.fill]


def error_code(session: LinkSession) -> str | None:
    return session.pane.error.error_code if session.pane.error else None


async def test_every_phone_hint_reaches_its_scenario_and_the_invalid_one_stays():
    first = await opened(country_codes=["US"])
    await first.continue_()
    assert first.pane.id == "SUBMIT_PHONE"
    phones = [f["phone"] for f in await fills(first)]
    assert len(phones) == 7 and "+14155550011" in phones
    for phone in phones:
        s = await opened(country_codes=["US"])
        await s.continue_()
        await s.submit_phone(phone)
        if phone.startswith("+"):
            assert s.pane.id == "VERIFY_PHONE", phone
            right, wrong = await fills(s)
            await s.submit_otp(wrong["otp"])
            assert s.pane.id == "VERIFY_PHONE" and s.pane.notice
            await s.submit_otp(right["otp"])
            assert s.pane.id != "VERIFY_PHONE", phone
        else:
            assert s.pane.id == "SUBMIT_PHONE" and s.pane.notice
            assert s.events[-1].metadata.error_code == "INVALID_PHONE_NUMBER"


async def test_every_search_hint_finds_its_institution():
    s = await opened(returning_user=False)
    await s.continue_()
    hints = await s.load_hints()
    assert [h.label for h in hints][:2] == ["First Platypus Bank", "First Platypus Balance Bank"]
    for hint in hints:
        await s.search(hint.fill["search"])
        names = [r.name for r in s.pane.results]
        if hint.label == "no match":
            assert names == []
        elif hint.label.isdigit():
            assert names == ["Windowpane Bank"]
        else:
            assert names[0] == hint.label


def test_search_hints_follow_the_sessions_products_and_countries():
    us = [h.label for h in for_pane("SELECT_INSTITUTION", PaneContext(products=("auth",), country_codes=("US",)))]
    gb = [h.label for h in for_pane("SELECT_INSTITUTION", PaneContext(products=("auth",), country_codes=("GB",)))]
    investments = [h.label for h in for_pane("SELECT_INSTITUTION",
                                              PaneContext(products=("investments",), country_codes=("US",)))]
    assert "Platypus OAuth Bank" in us and "Royal Bank of Plaid" not in us
    assert "Royal Bank of Plaid" in gb and "Houndstooth Bank" not in gb
    assert "Windowpane Bank" in us and "Windowpane Bank" not in investments


def expected_after_login(password: str) -> tuple[str, str | None]:
    """(pane, error code) the Sandbox answers a login with `password` (an independent reading of the names)."""
    if password.startswith("error_"):
        return "ERROR", password.removeprefix("error_")
    if password == "wrong":
        return "ERROR", "INVALID_CREDENTIALS"
    if password.startswith("{"):
        return "RECAPTCHA", None
    if password.startswith("mfa_"):
        return "MFA", None
    return "SELECT_ACCOUNT", None


async def credential_hints(institution: str = "ins_109508", query: str = "First Platypus") -> list[dict[str, str]]:
    s = await opened(returning_user=False)
    await to_credentials(s, institution, query)
    return await fills(s)


async def test_every_credential_hint_does_what_its_password_says():
    hints = await credential_hints()
    codes = [f["password"].removeprefix("error_") for f in hints if f["password"].startswith("error_")]
    assert codes and all(spec(code).sandbox_password for code in codes)
    for fill in hints:
        s = await opened(returning_user=False)
        await to_credentials(s, "ins_109508", "First Platypus")
        await s.submit_credentials(fill["username"], fill["password"], fill.get("pin"))
        pane, code = expected_after_login(fill["password"])
        seen = s.pane.id if s.pane.id != "CREDENTIAL" else "ERROR"  # some codes are inline on the pane
        assert seen == pane, fill
        if code is not None:
            assert (error_code(s) or s.events[-1].metadata.error_code) == code, fill


async def test_a_pin_institution_gets_the_pin_in_every_hint():
    hints = await credential_hints("ins_109510", "Tattersall")
    assert hints and all(f.get("pin") == "credential_good" for f in hints)
    s = await opened(returning_user=False)
    await to_credentials(s, "ins_109510", "Tattersall")
    await s.submit_credentials(hints[0]["username"], hints[0]["password"], hints[0]["pin"])
    assert s.pane.id == "SELECT_ACCOUNT"


@pytest.mark.parametrize("password", ["mfa_device", "mfa_questions_1_1", "mfa_questions_3_2", "mfa_selections",
                                      "mfa_selections_2_2_3"])
async def test_mfa_hints_answer_every_round_and_the_wrong_ones_fail(password):
    s = await opened(returning_user=False)
    await to_credentials(s, "ins_109508", "First Platypus")
    await s.submit_credentials("user_good", password)
    rounds = 0
    while s.pane.id == "MFA":
        rounds += 1
        mfa = s.pane.mfa
        hints = await s.load_hints()
        if mfa.type == "device":
            assert [h.fill for h in hints] == [{}]  # a note: pick any device
            await s.submit_mfa([mfa.devices[0]])
            continue
        right, wrong = hints[0].fill, hints[1].fill
        key = {"code": "code", "questions": "answers", "selections": "selections"}[mfa.type]
        ordered = right[key] if isinstance(right[key], list) else [right[key]]
        wrong_answers = wrong[key] if isinstance(wrong[key], list) else [wrong[key]]
        if mfa.type == "selections" or mfa.type == "questions":
            assert len(ordered) == len(mfa.questions)
        if rounds == 1:  # a wrong answer fails first
            probe = await opened(returning_user=False)
            await to_credentials(probe, "ins_109508", "First Platypus")
            await probe.submit_credentials("user_good", password)
            if probe.pane.mfa.type == "device":
                await probe.submit_mfa([probe.pane.mfa.devices[0]])
            await probe.submit_mfa(wrong_answers)
            assert "INVALID_MFA" in (error_code(probe) or probe.events[-1].metadata.error_code or "")
        await s.submit_mfa(ordered)
    assert s.pane.id == "SELECT_ACCOUNT" and rounds >= 1


async def test_recaptcha_hint_solves_the_challenge_on_screen():
    s = await opened(returning_user=False)
    await to_credentials(s, "ins_109508", "First Platypus")
    await s.submit_credentials("user_good", '{"recaptcha":"good"}')
    right, wrong = await fills(s)
    assert right["answer"] == s.pane.challenge
    await s.submit_recaptcha(wrong["answer"])
    assert s.pane.id == "RECAPTCHA" and s.pane.notice
    await s.submit_recaptcha((await fills(s))[0]["answer"])
    assert s.pane.id == "SELECT_ACCOUNT"


async def test_instant_match_number_hints_match_and_mismatch():
    s = await opened(returning_user=False)
    await to_credentials(s, "ins_109512", "Houndstooth")
    await s.submit_credentials("user_good", "pass_good")
    await s.select_accounts([next(a.account_id for a in s.pane.accounts if a.mask == "1111")])
    right, wrong = await fills(s)
    assert right["account_number"].endswith("1111")
    await s.submit_numbers(wrong["routing_number"], wrong["account_number"])
    assert s.pane.id == "NUMBERS" and s.pane.notice
    await s.submit_numbers(right["routing_number"], right["account_number"])
    assert s.pane.id == "CONNECTED"


async def manual_numbers(state: str | None = None, **auth) -> LinkSession:
    from tuilink.flow import Options
    from tuilink.launch import embedded_session, link_token_body

    s = embedded_session(link_token_body({"auth": {"same_day_microdeposits_enabled": True, **auth}}),
                         Options(returning_user=False), state=state)
    await s.open()
    await s.continue_()
    await s.search("zzzz")
    s.link_with_account_numbers()
    assert s.pane.id == "NUMBERS"
    return s


async def by_effect(session: LinkSession) -> dict[str, dict[str, str]]:
    return {h.effect.split(":")[0]: h.fill for h in await session.load_hints()}


async def test_manual_entry_hints_link_same_day_then_the_code_hint_verifies(tmp_path):
    from tuilink.flow import Options
    from tuilink.launch import embedded_session, link_token_body
    from tuilink.sandbox.service import Sandbox
    from tuilink.sandbox.store import Store

    state = str(tmp_path / "s.db")
    s = await manual_numbers(state)
    hints = await by_effect(s)
    bad = hints["Fails the ABA checksum"]
    await s.submit_numbers(bad["routing_number"], "1111222233330000")
    assert s.pane.id == "NUMBERS" and s.pane.notice
    same_day = hints["Any valid numbers"]
    await s.submit_numbers(same_day["routing_number"], same_day["account_number"])
    assert s.pane.id == "LEGAL_NAME"
    await s.submit_legal_name((await fills(s))[0]["legal_name"])
    await s.submit_account_type("checking")
    await s.authorize_deposit()
    await s.continue_()
    await s.continue_()
    access, _ = Sandbox(Store(state)).exchange_public_token(s.result.public_token)
    second = embedded_session(link_token_body({"access_token": access, "products": None}),
                              Options(returning_user=False), state=state)
    await second.open()
    assert second.pane.id == "SAME_DAY_MICRODEPOSIT_VERIFICATION"
    right, wrong = await fills(second)
    await second.submit_deposit_code(wrong["code"])
    assert second.pane.notice.endswith("2 attempts remaining.")
    await second.submit_deposit_code(right["code"])
    assert second.pane.id == "CONNECTED"


async def test_instant_microdeposits_hint_reaches_the_instant_flow():
    s = await manual_numbers(instant_microdeposits_enabled=True)
    windowpane = (await by_effect(s))["Windowpane Bank"]
    await s.submit_numbers(windowpane["routing_number"], windowpane["account_number"])
    while s.pane.id in ("LEGAL_NAME", "ACCOUNT_TYPE"):
        if s.pane.id == "LEGAL_NAME":
            await s.submit_legal_name("John Smith")
        else:
            await s.submit_account_type("checking")
    await s.authorize_deposit()
    assert [e.metadata.view_name for e in s.events if e.event_name == "TRANSITION_VIEW"][-1].startswith("INSTANT_")


def test_panes_without_magic_values_have_no_hints():
    assert for_pane("CONSENT") == [] and for_pane("CONNECTED") == [] and for_pane("LOADING") == []


async def test_hints_come_from_the_backends_own_catalogue():
    """A Sandbox whose catalogue gives First Platypus a PIN field hints the PIN: the flow asks its backend, never
    a catalogue of its own (so `--catalogue` and a remote `tuilink serve` give hints that work there)."""
    import dataclasses

    from tuilink.backends.embedded import EmbeddedBackend
    from tuilink.flow import Options
    from tuilink.launch import link_token_body
    from tuilink.sandbox.catalogue import Catalogue, default_catalogue
    from tuilink.sandbox.service import Sandbox

    pin = {"name": "pin", "label": "PIN", "type": "password"}
    catalogue = Catalogue([dataclasses.replace(i, credentials=(*i.credentials, pin))
                           if i.institution_id == "ins_109508" else i for i in default_catalogue().institutions])
    backend = EmbeddedBackend(Sandbox(catalogue=catalogue))
    token = (await backend.link_token_create(link_token_body())).link_token
    s = LinkSession(backend, token, Options(returning_user=False))
    await s.open()
    await to_credentials(s)
    good = (await fills(s))[0]
    assert good["pin"] and good["username"] == "user_good"
    await s.submit_credentials(good["username"], good["password"], good["pin"])
    assert s.pane.id == "SELECT_ACCOUNT"
    assert await opened_has_no_pin()


async def opened_has_no_pin() -> bool:
    s = await opened(returning_user=False)
    await to_credentials(s)
    return all("pin" not in f for f in await fills(s))
