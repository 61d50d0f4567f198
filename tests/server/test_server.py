"""`tuilink serve` as a service: single-use tokens under concurrency, state across a restart, webhooks
(delivered, retried, never blocking, in the SDK's webhook shapes), the request log, reset, and failures that
are always Plaid error objects."""
from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import plaid
import pytest
from plaid.model.automatically_verified_webhook import AutomaticallyVerifiedWebhook
from plaid.model.item_add_result_webhook import ItemAddResultWebhook
from plaid.model.item_error_webhook import ItemErrorWebhook
from plaid.model.link_events_webhook import LinkEventsWebhook
from plaid.model.link_session_finished_webhook import LinkSessionFinishedWebhook
from plaid.model.sync_updates_available_webhook import SyncUpdatesAvailableWebhook
from plaid.model_utils import validate_and_convert_types
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.server.test_faults import asgi_server
from tuilink.backends.http import HttpBackend
from tuilink.plaid import link_api as L
from tuilink.plaid.models import Account, Balances
from tuilink.sandbox.item import Item
from tuilink.server.run import ServerThread

KEYS = {"PLAID-CLIENT-ID": "client", "PLAID-SECRET": "s3cr3t-value"}
BODY = {"client_name": "Server", "language": "en", "country_codes": ["US"], "user": {"client_user_id": "u"},
        "products": ["auth", "transactions"]}


def post(url: str, path: str, body: Any, **kw: Any) -> httpx.Response:
    return httpx.post(url + path, json=body, headers=KEYS, **kw)


def new_public_token(url: str, **options: Any) -> str:
    body = {"institution_id": "ins_109508", "initial_products": ["auth"], **({"options": options} if options else {})}
    return post(url, "/sandbox/public_token/create", body).json()["public_token"]


def new_access_token(url: str) -> str:
    return post(url, "/item/public_token/exchange", {"public_token": new_public_token(url)}).json()["access_token"]


async def test_fifty_concurrent_exchanges_of_one_public_token_exactly_one_wins(server):
    public = new_public_token(server.url)
    async with httpx.AsyncClient(base_url=server.url, headers=KEYS) as client:
        answers = await asyncio.gather(*[client.post("/item/public_token/exchange", json={"public_token": public})
                                         for _ in range(50)])
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200] + [400] * 49
    assert {a.json()["error_code"] for a in answers if a.status_code == 400} == {"INVALID_PUBLIC_TOKEN"}


@pytest.mark.parametrize("how", ["keys in headers", "keys in the body", "utf-16 body"])
def test_a_link_token_keeps_its_configuration_and_never_the_keys(server, how):
    """The create body is stored as sent (its bytes, when they carry no keys) and read back by /link/token/get."""
    body = {**BODY, "client_name": "Café  Ünïcode"}
    if how == "keys in headers":
        answer = httpx.post(server.url + "/link/token/create", headers={**KEYS, "Content-Type": "application/json"},
                            content=json.dumps(body, indent=2, ensure_ascii=False).encode())
    elif how == "keys in the body":
        answer = httpx.post(server.url + "/link/token/create",
                            json={**body, "client_id": "c", "secret": "s3cr3t-value"})
    else:
        answer = httpx.post(server.url + "/link/token/create", headers={**KEYS, "Content-Type": "application/json"},
                            content=json.dumps(body).encode("utf-16"))
    token = answer.json()["link_token"]
    stored, _, _ = server.sandbox.store.get_link_token(token)
    assert stored == body
    metadata = post(server.url, "/link/token/get", {"link_token": token}).json()["metadata"]
    assert metadata["client_name"] == "Café  Ünïcode" and metadata["initial_products"] == ["auth", "transactions"]


def test_state_survives_a_restart(tmp_path):
    state = str(tmp_path / "state.db")
    with ServerThread(state=state) as first:
        access = new_access_token(first.url)
        spent = new_public_token(first.url)
        assert post(first.url, "/item/public_token/exchange", {"public_token": spent}).status_code == 200
        link_token = post(first.url, "/link/token/create", BODY).json()["link_token"]
        before = post(first.url, "/accounts/get", {"access_token": access}).json()["accounts"]
    with ServerThread(state=state) as second:
        after = post(second.url, "/accounts/get", {"access_token": access}).json()["accounts"]
        assert after == before
        assert post(second.url, "/link/token/get", {"link_token": link_token}).json()["metadata"]["client_name"] \
            == "Server"
        again = post(second.url, "/item/public_token/exchange", {"public_token": spent})
        assert again.json()["error_code"] == "INVALID_PUBLIC_TOKEN"  # still spent


def test_reset_forgets_everything(server):
    access = new_access_token(server.url)
    assert post(server.url, "/tuilink/reset", {}).json()["reset"] is True
    assert post(server.url, "/accounts/get", {"access_token": access}).json()["error_code"] == "INVALID_ACCESS_TOKEN"


def test_the_request_log_has_method_path_status_ms_and_code_never_a_secret():
    lines: list[str] = []
    with ServerThread(log=lines.append) as server:
        post(server.url, "/item/public_token/exchange", {"public_token": "public-sandbox-nope"})
        access = new_access_token(server.url)
        post(server.url, "/accounts/get", {"access_token": access, "secret": "body-secret-value"})
    assert any(line.startswith("POST /item/public_token/exchange 400 ") and line.endswith("ms INVALID_PUBLIC_TOKEN")
               for line in lines), lines
    assert any(line.startswith("POST /accounts/get 200 ") for line in lines)
    text = "\n".join(lines)
    for secret in ("s3cr3t-value", "body-secret-value", access):
        assert secret not in text


@pytest.mark.parametrize("method", ["GET", "PUT"])
def test_other_methods_are_plaid_not_found(server, method):
    answer = httpx.request(method, server.url + "/accounts/get")
    assert answer.status_code == 404 and answer.json()["error_code"] == "NOT_FOUND"


def test_missing_keys_name_the_missing_field(server):
    answer = httpx.post(server.url + "/accounts/get", json={"access_token": "x"})
    assert answer.json()["error_code"] == "MISSING_FIELDS" and "client_id" in answer.json()["error_message"]


def test_link_calls_need_no_api_keys_but_the_public_api_does(server):
    token = post(server.url, "/link/token/create", BODY).json()["link_token"]
    started = httpx.post(server.url + "/link/session/start", json={"link_token": token})
    assert started.status_code == 200 and started.json()["config"]["client_name"] == "Server"


def test_a_bug_is_a_plaid_internal_server_error_not_a_traceback(server, monkeypatch):
    def broken(req):
        raise ZeroDivisionError("secret internals")

    monkeypatch.setattr(server.sandbox, "search", broken)
    token = post(server.url, "/link/token/create", BODY).json()["link_token"]
    session = httpx.post(server.url + "/link/session/start", json={"link_token": token}).json()["link_session_id"]
    answer = httpx.post(server.url + "/link/session/institutions/search", json={"link_session_id": session})
    assert answer.status_code == 500
    body = answer.json()
    assert (body["error_type"], body["error_code"]) == ("API_ERROR", "INTERNAL_SERVER_ERROR")
    assert "secret internals" not in answer.text and "Traceback" not in answer.text


def test_production_environment_refuses_sandbox_endpoints():
    with ServerThread(environment="production") as server:
        answer = post(server.url, "/sandbox/public_token/create",
                      {"institution_id": "ins_109508", "initial_products": ["auth"]})
        assert answer.json()["error_code"] == "SANDBOX_ONLY"
        assert post(server.url, "/link/token/create", BODY).status_code == 200


# --- webhooks ---------------------------------------------------------------------------------------------


class Receiver:
    """An app server's webhook endpoint: records each body; can fail the first attempts or hold answers."""

    def __init__(self, fail_first: int = 0) -> None:
        self.bodies: list[dict[str, Any]] = []
        self.attempts = 0
        self.fail_first = fail_first
        self.gate: threading.Event | None = None

    async def endpoint(self, request: Request) -> JSONResponse:
        self.attempts += 1
        if self.attempts <= self.fail_first:
            return JSONResponse({"error": "try later"}, status_code=503)
        if self.gate is not None:
            await asyncio.to_thread(self.gate.wait, 10)
        self.bodies.append(json.loads(await request.body()))
        return JSONResponse({})

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/hook", self.endpoint, methods=["POST"])])

    def codes(self) -> list[str]:
        return [f"{b['webhook_type']}:{b['webhook_code']}" for b in self.bodies]


@contextlib.contextmanager
def receiving(fail_first: int = 0) -> Iterator[tuple[Receiver, str]]:
    receiver = Receiver(fail_first)
    with asgi_server(receiver.app()) as url:
        yield receiver, url + "/hook"


def sdk_parses(model: Any, body: dict[str, Any]) -> Any:
    """`body` deserialised into plaid-python's webhook model (raises if a field is missing or mistyped)."""
    return validate_and_convert_types(body, (model,), ["webhook"], True, True, plaid.Configuration())


async def link_through(url: str, webhook: str) -> str:
    """A Link session over HTTP (the calls the TUI makes) at First Platypus, reported at the end; its token."""
    backend = HttpBackend(url, client_id="c", secret="s")
    try:
        token = (await backend.link_token_create({**BODY, "webhook": webhook})).link_token
        session = (await backend.start_session(L.StartSessionRequest(link_token=token))).link_session_id
        await backend.select_institution(L.SelectInstitutionRequest(link_session_id=session,
                                                                    institution_id="ins_109508"))
        login = await backend.submit_credentials(L.SubmitCredentialsRequest(
            link_session_id=session, institution_id="ins_109508", username="user_good", password="pass_good"))
        done = await backend.complete(L.CompleteRequest(link_session_id=session,
                                                        account_ids=[login.accounts[0].account_id]))
        from tuilink.plaid.models import OnSuccess, SuccessMetadata

        result = OnSuccess(public_token=done.public_token, metadata=SuccessMetadata(
            institution=done.institution, accounts=done.accounts, link_session_id=session))
        await backend.report(L.ReportRequest(link_session_id=session, events=[], result=result))
        return token
    finally:
        await backend.aclose()


def test_link_webhooks_arrive_in_plaid_shapes(server_thread):
    server = server_thread.server
    with receiving() as (receiver, hook):
        token = asyncio.run(link_through(server.url, hook))
        server_thread.drain_webhooks()
    assert receiver.codes() == ["TRANSACTIONS:SYNC_UPDATES_AVAILABLE", "LINK:ITEM_ADD_RESULT",
                                "LINK:SESSION_FINISHED", "LINK:EVENTS"]
    sync, added, finished, events = receiver.bodies
    sdk_parses(SyncUpdatesAvailableWebhook, sync)
    sdk_parses(ItemAddResultWebhook, added)
    parsed = sdk_parses(LinkSessionFinishedWebhook, finished)
    assert parsed.status == "SUCCESS" and parsed.link_token == token
    assert parsed.public_tokens == [added["public_token"]]
    sdk_parses(LinkEventsWebhook, events)


def test_item_webhooks_for_verification_and_reset_login(server_thread):
    server = server_thread.server
    with receiving() as (receiver, hook):
        account = Account(account_id="acc-1", balances=Balances(available=None, current=None), mask="0000",
                          name="Plaid Checking", type="depository", subtype="checking",
                          verification_status="pending_automatic_verification")
        server.sandbox.store.put_item("item-1", "access-sandbox-1", Item(
            institution_id="ins_109512", institution_name="Houndstooth Bank", products=["auth"], webhook=hook,
            accounts=[account], auth_method="AUTOMATED_MICRODEPOSITS"), 0)
        post(server.url, "/sandbox/item/set_verification_status", {
            "access_token": "access-sandbox-1", "account_id": "acc-1", "verification_status": "automatically_verified"})
        post(server.url, "/sandbox/item/reset_login", {"access_token": "access-sandbox-1"})
        server_thread.drain_webhooks()
    assert receiver.codes() == ["AUTH:AUTOMATICALLY_VERIFIED", "ITEM:ERROR"]
    verified, error = receiver.bodies
    assert sdk_parses(AutomaticallyVerifiedWebhook, verified).account_id == "acc-1"
    assert sdk_parses(ItemErrorWebhook, error).error.error_code == "ITEM_LOGIN_REQUIRED"


def test_a_failing_webhook_endpoint_is_retried_with_backoff():
    lines: list[str] = []
    thread = ServerThread(log=lines.append, webhook_options={"first_delay": 0.05})
    with thread as server, receiving(fail_first=2) as (receiver, hook):
        post(server.url, "/sandbox/public_token/create", {
            "institution_id": "ins_109508", "initial_products": ["transactions"], "options": {"webhook": hook}})
        thread.drain_webhooks()
    assert receiver.attempts == 3 and receiver.codes() == ["TRANSACTIONS:SYNC_UPDATES_AVAILABLE"]
    name = f"webhook TRANSACTIONS SYNC_UPDATES_AVAILABLE -> {hook}"
    assert [line for line in lines if line.startswith("webhook")] == [
        f"{name} HTTP 503, retrying in 0.05 s", f"{name} HTTP 503, retrying in 0.1 s", f"{name} HTTP 200"]


def test_webhooks_to_one_url_arrive_in_order_even_when_one_is_retried():
    """The first webhook of a session fails once; the three after it wait rather than overtake it."""
    thread = ServerThread(webhook_options={"first_delay": 0.05})
    with thread as server, receiving(fail_first=1) as (receiver, hook):
        asyncio.run(link_through(server.url, hook))
        thread.drain_webhooks()
    assert receiver.attempts == 5
    assert receiver.codes() == ["TRANSACTIONS:SYNC_UPDATES_AVAILABLE", "LINK:ITEM_ADD_RESULT",
                                "LINK:SESSION_FINISHED", "LINK:EVENTS"]


def test_a_webhook_never_holds_up_the_request_that_caused_it(server_thread):
    server = server_thread.server
    with receiving() as (receiver, hook):
        receiver.gate = threading.Event()  # the endpoint does not answer until the gate opens
        answer = post(server.url, "/sandbox/public_token/create", {
            "institution_id": "ins_109508", "initial_products": ["transactions"], "options": {"webhook": hook}})
        assert answer.status_code == 200 and not receiver.bodies  # answered while the webhook is still held
        receiver.gate.set()
        server_thread.drain_webhooks()
    assert receiver.codes() == ["TRANSACTIONS:SYNC_UPDATES_AVAILABLE"]


def test_a_link_session_through_the_ui_is_polled_with_the_sdk(server_thread, tuilink_flow):
    """A Hosted-Link-style client: create a token, let the user link (the real UI over HTTP), poll
    /link/token/get with the SDK for the public token; the EVENTS webhook carries the same events."""
    from plaid.model.link_token_get_request import LinkTokenGetRequest

    from tests.server.conftest import sdk_client
    from tests.test_scenarios import SCENARIOS

    server = server_thread.server
    script = next(p for p in SCENARIOS if p.endswith("/instant_auth.toml"))
    with receiving() as (receiver, hook):
        token = post(server.url, "/link/token/create", {**BODY, "webhook": hook}).json()["link_token"]
        flow = tuilink_flow(script, backend=server.url, link_token=token)
        server_thread.drain_webhooks()
    assert flow.ok, flow.reason
    answer = sdk_client(server.url).link_token_get(LinkTokenGetRequest(link_token=token))
    [session] = answer.link_sessions
    assert session.link_session_id == flow.callback["metadata"]["link_session_id"]
    assert [str(e.event_name) for e in session.events] == flow.event_names
    assert session.events[0].event_metadata.view_name == "CONSENT"
    [added] = session.results.item_add_results
    assert added.public_token == flow.public_token
    assert added.institution.institution_id == "ins_109508" and [a.mask for a in added.accounts] == ["0000"]
    assert session.finished_at is not None
    events = next(b for b in receiver.bodies if b["webhook_code"] == "EVENTS")
    parsed = sdk_parses(LinkEventsWebhook, events)
    assert [str(e.event_name) for e in parsed.events] == flow.event_names
    finished = next(b for b in receiver.bodies if b["webhook_code"] == "SESSION_FINISHED")
    assert finished["public_tokens"] == [flow.public_token]


def test_the_server_shares_its_state_file_with_the_embedded_sandbox(tmp_path, tuilink_flow):
    """`tuilink --state F` links an Item in the terminal; `tuilink serve --state F` exchanges its public token."""
    from tests.test_scenarios import SCENARIOS

    state = str(tmp_path / "shared.db")
    script = next(p for p in SCENARIOS if p.endswith("/instant_auth.toml"))
    flow = tuilink_flow(script, state=state)
    assert flow.ok, flow.reason
    with ServerThread(state=state) as server:
        exchanged = post(server.url, "/item/public_token/exchange", {"public_token": flow.public_token})
        assert exchanged.status_code == 200
        accounts = post(server.url, "/accounts/get", {"access_token": exchanged.json()["access_token"]}).json()
        assert [a["mask"] for a in accounts["accounts"]] == [a["mask"] for a in flow.callback["metadata"]["accounts"]]


async def test_the_app_speaks_the_lifespan_protocol():
    """Run under a server with lifespan on (uvicorn's default), startup and shutdown are acknowledged."""
    from tuilink.sandbox.service import Sandbox
    from tuilink.server.app import create_app

    app = create_app(Sandbox())
    incoming = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[dict] = []

    async def receive():
        return incoming.pop(0)

    async def send(message):
        sent.append(message)

    await app({"type": "lifespan"}, receive, send)
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]


def test_a_client_that_goes_away_mid_request_is_one_log_line_not_a_traceback(caplog):
    """The HTTP backend drops a search the next keystroke supersedes; a page closes mid-call. Nobody is left to
    answer: the server logs one line, and uvicorn has no exception to report."""
    import socket
    import time

    lines: list[str] = []
    with ServerThread(log=lines.append) as server, caplog.at_level("ERROR"):
        with socket.create_connection(("127.0.0.1", server.port)) as raw:
            raw.sendall(b"POST /link/session/institutions/search HTTP/1.1\r\nHost: x\r\n"
                        b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"query\"")
        deadline = time.monotonic() + 30
        while not any("closed by the client" in line for line in lines):
            assert time.monotonic() < deadline, lines
            time.sleep(0.01)
        assert httpx.post(server.url + "/link/token/get", json={}).status_code == 400  # still answering
    assert lines[0] == "POST /link/session/institutions/search - closed by the client"
    assert not [r for r in caplog.records if r.levelname == "ERROR"], caplog.text
