"""One contract for every backend: the same calls give the same answers and the same Plaid errors on the
embedded sandbox and, over HTTP, on a real `tuilink serve`."""
from __future__ import annotations

from typing import Any

import httpx
import pytest

from tuilink.backends.embedded import EmbeddedBackend
from tuilink.backends.http import HttpBackend
from tuilink.plaid import link_api as L
from tuilink.plaid.errors import PlaidApiError
from tuilink.plaid.models import ExitMetadata, OnExit
from tuilink.sandbox.service import Sandbox
from tuilink.server.run import ServerThread

BODY = {"client_name": "Contract", "language": "en", "country_codes": ["US"], "user": {"client_user_id": "u"},
        "products": ["auth"]}


class Harness:
    """A backend plus what an app server does beside it (exchange a public token)."""

    def __init__(self, kind: str, backend: Any, sandbox: Sandbox, url: str | None = None) -> None:
        self.kind, self.backend, self.sandbox, self.url = kind, backend, sandbox, url

    async def token(self, **changes: Any) -> str:
        return (await self.backend.link_token_create({**BODY, **changes})).link_token

    async def start(self, **changes: Any) -> str:
        started = await self.backend.start_session(L.StartSessionRequest(link_token=await self.token(**changes)))
        return started.link_session_id

    def exchange(self, public_token: str) -> tuple[int, dict[str, Any]]:
        if self.kind == "embedded":
            try:
                access, item = self.sandbox.exchange_public_token(public_token)
            except PlaidApiError as exc:
                return exc.http_status, exc.error.model_dump()
            return 200, {"access_token": access, "item_id": item}
        r = httpx.post(f"{self.url}/item/public_token/exchange", json={"public_token": public_token},
                       headers={"PLAID-CLIENT-ID": "c", "PLAID-SECRET": "s"})
        return r.status_code, r.json()


@pytest.fixture(params=["embedded", "http"])
async def harness(request, tmp_path):
    if request.param == "embedded":
        backend = EmbeddedBackend(Sandbox())
        yield Harness("embedded", backend, backend.sandbox)
        return
    with ServerThread(state=str(tmp_path / "state.db")) as server:
        backend = HttpBackend(server.url, client_id="c", secret="s")
        try:
            yield Harness("http", backend, server.sandbox, server.url)
        finally:
            await backend.aclose()


async def _error(call) -> PlaidApiError:
    with pytest.raises(PlaidApiError) as caught:
        await call
    return caught.value


async def test_a_bad_link_token_is_invalid_link_token(harness):
    err = await _error(harness.backend.start_session(L.StartSessionRequest(link_token="link-sandbox-nope")))
    assert (err.error.error_code, err.error.error_type, err.http_status) == ("INVALID_LINK_TOKEN", "INVALID_INPUT", 400)


async def test_a_bad_link_token_body_names_the_field(harness):
    err = await _error(harness.backend.link_token_create({**BODY, "products": ["balance"]}))
    assert err.error.error_code == "INVALID_PRODUCT"
    err = await _error(harness.backend.link_token_create({k: v for k, v in BODY.items() if k != "user"}))
    assert err.error.error_code == "MISSING_FIELDS" and "user" in err.error.error_message


async def test_instant_auth_links_and_the_public_token_is_single_use(harness):
    session = await harness.start()
    found = await harness.backend.search(L.SearchRequest(link_session_id=session, query="first platypus"))
    assert found.institutions[0].institution_id == "ins_109508"
    await harness.backend.select_institution(L.SelectInstitutionRequest(link_session_id=session,
                                                                        institution_id="ins_109508"))
    login = await harness.backend.submit_credentials(L.SubmitCredentialsRequest(
        link_session_id=session, institution_id="ins_109508", username="user_good", password="pass_good"))
    assert login.auth_method == "INSTANT_AUTH" and login.mfa is None
    checking = next(a for a in login.accounts if a.mask == "0000")
    done = await harness.backend.complete(L.CompleteRequest(link_session_id=session, account_ids=[checking.account_id]))
    assert done.public_token.startswith("public-sandbox-")
    assert done.institution.institution_id == "ins_109508" and [a.mask for a in done.accounts] == ["0000"]
    status, answer = harness.exchange(done.public_token)
    assert status == 200 and answer["access_token"].startswith("access-sandbox-")
    status, answer = harness.exchange(done.public_token)
    assert status == 400 and answer["error_code"] == "INVALID_PUBLIC_TOKEN"


async def test_mfa_device_then_code(harness):
    session = await harness.start()
    await harness.backend.select_institution(L.SelectInstitutionRequest(link_session_id=session,
                                                                        institution_id="ins_109508"))
    step = await harness.backend.submit_credentials(L.SubmitCredentialsRequest(
        link_session_id=session, institution_id="ins_109508", username="user_good", password="mfa_device"))
    assert step.mfa is not None and step.mfa.type == "device"
    step = await harness.backend.submit_mfa(L.SubmitMfaRequest(link_session_id=session,
                                                               answers=[step.mfa.devices[0]]))
    assert step.mfa is not None and step.mfa.type == "code"
    err = await _error(harness.backend.submit_mfa(L.SubmitMfaRequest(link_session_id=session, answers=["0000"])))
    assert err.error.error_code == "INVALID_MFA"
    step = await harness.backend.submit_mfa(L.SubmitMfaRequest(link_session_id=session, answers=["1234"]))
    assert step.mfa is None and step.accounts


@pytest.mark.parametrize("code", ["ITEM_LOCKED", "INSTITUTION_DOWN", "INVALID_CREDENTIALS"])
async def test_error_passwords_raise_the_same_plaid_error(harness, code):
    session = await harness.start()
    await harness.backend.select_institution(L.SelectInstitutionRequest(link_session_id=session,
                                                                        institution_id="ins_109508"))
    err = await _error(harness.backend.submit_credentials(L.SubmitCredentialsRequest(
        link_session_id=session, institution_id="ins_109508", username="user_good", password=f"error_{code}")))
    assert err.error.error_code == code
    assert err.error.request_id is None or err.error.request_id


async def test_returning_user_phone_and_code(harness):
    session = await harness.start()
    sent = await harness.backend.submit_phone(L.SubmitPhoneRequest(link_session_id=session,
                                                                    phone_number="+14155550011"))
    assert sent.otp_required and sent.phone_last4 == "0011"
    err = await _error(harness.backend.submit_otp(L.SubmitOtpRequest(link_session_id=session, code="000000")))
    assert err.error.error_code == "INVALID_OTP"
    verified = await harness.backend.submit_otp(L.SubmitOtpRequest(link_session_id=session, code="123456"))
    assert [s.institution.institution_id for s in verified.saved] == ["ins_109508", "ins_109509"]


async def test_same_day_micro_deposits_manual_entry(harness):
    session = await harness.start(auth={"same_day_microdeposits_enabled": True})
    checked = await harness.backend.submit_numbers(L.SubmitNumbersRequest(
        link_session_id=session, routing_number="011401533", account_number="1111222233330000"))
    assert checked.legal_name_required
    done = await harness.backend.complete(L.CompleteRequest(link_session_id=session, account_ids=[],
                                                            legal_name="Alberta Charleson", account_type="savings"))
    assert done.institution is None
    assert [a.verification_status for a in done.accounts] == ["pending_manual_verification"]


async def test_the_report_is_kept_for_link_token_get(harness):
    token = await harness.token()
    session = (await harness.backend.start_session(L.StartSessionRequest(link_token=token))).link_session_id
    result = OnExit(error=None, metadata=ExitMetadata(institution=None, status="requires_credentials",
                                                      link_session_id=session, request_id=None))
    await harness.backend.report(L.ReportRequest(link_session_id=session, events=[], result=result))
    [kept] = harness.sandbox.store.link_sessions(token)
    assert kept["link_session_id"] == session and kept["exit"]["metadata"]["status"] == "requires_credentials"
    err = await _error(harness.backend.report(L.ReportRequest(link_session_id="nope", events=[], result=result)))
    assert err.error.error_code == "INVALID_LINK_TOKEN"


async def test_hints_are_the_sandboxs_own(harness):
    """The hints panel's values come from the backend: the same answer in process and over HTTP, from the
    Sandbox that will judge them (its catalogue and the link token's products)."""
    token = (await harness.backend.link_token_create(BODY)).link_token
    session = (await harness.backend.start_session(L.StartSessionRequest(link_token=token))).link_session_id
    found = await harness.backend.hints(L.HintsRequest(link_session_id=session, pane="CREDENTIAL",
                                                       institution_id="ins_109508"))
    assert found.hints[0].fill == {"username": "user_good", "password": "pass_good"}
    search = await harness.backend.hints(L.HintsRequest(link_session_id=session, pane="SELECT_INSTITUTION"))
    assert "First Platypus Bank" in [h.label for h in search.hints]
    assert (await _error(harness.backend.hints(L.HintsRequest(link_session_id="nope", pane="CREDENTIAL")))
            ).error.error_code == "INVALID_LINK_TOKEN"
