"""The official plaid-python SDK (46.0.0, unmodified) against `tuilink serve`: every endpoint's answer parses
with the SDK's own models, and every Plaid error arrives as plaid.ApiException with Plaid's error object."""
from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import plaid
import pytest
from plaid.api import plaid_api
from plaid.model.accounts_balance_get_request import AccountsBalanceGetRequest
from plaid.model.accounts_get_request import AccountsGetRequest
from plaid.model.accounts_get_request_options import AccountsGetRequestOptions
from plaid.model.auth_get_request import AuthGetRequest
from plaid.model.country_code import CountryCode
from plaid.model.identity_get_request import IdentityGetRequest
from plaid.model.institutions_get_by_id_request import InstitutionsGetByIdRequest
from plaid.model.institutions_get_by_id_request_options import InstitutionsGetByIdRequestOptions
from plaid.model.institutions_search_request import InstitutionsSearchRequest
from plaid.model.item_get_request import ItemGetRequest
from plaid.model.item_public_token_exchange_request import ItemPublicTokenExchangeRequest
from plaid.model.item_remove_request import ItemRemoveRequest
from plaid.model.link_token_create_request import LinkTokenCreateRequest
from plaid.model.link_token_create_request_auth import LinkTokenCreateRequestAuth
from plaid.model.link_token_create_request_user import LinkTokenCreateRequestUser
from plaid.model.link_token_get_request import LinkTokenGetRequest
from plaid.model.processor_token_create_request import ProcessorTokenCreateRequest
from plaid.model.products import Products
from plaid.model.sandbox_item_reset_login_request import SandboxItemResetLoginRequest
from plaid.model.sandbox_item_set_verification_status_request import SandboxItemSetVerificationStatusRequest
from plaid.model.sandbox_public_token_create_request import SandboxPublicTokenCreateRequest
from plaid.model.transactions_sync_request import TransactionsSyncRequest

from tuilink.link import tokens
from tuilink.plaid import link_api as L
from tuilink.plaid.models import Account, Balances
from tuilink.sandbox.item import Item
from tuilink.server.app import Keys
from tuilink.server.run import Server, ServerThread

from .conftest import sdk_client

PLATYPUS = "ins_109508"  # First Platypus Bank: Instant Auth, routing 101095082
HOUNDSTOOTH = "ins_109512"  # Houndstooth Bank: Instant Match and Automated Micro-deposits, routing 021000021
US = [CountryCode("US")]
ERROR_KEYS = {"error_type", "error_code", "error_message", "display_message", "request_id"}


# --- helpers ---------------------------------------------------------------------------------------------

def products(*names: str) -> list[Products]:
    return [Products(n) for n in names]


def new_item(client: Any, *initial: str, institution: str = PLATYPUS) -> str:
    """An Item with user_good's accounts (sandbox_public_token_create + exchange); its access token."""
    public = client.sandbox_public_token_create(SandboxPublicTokenCreateRequest(
        institution_id=institution, initial_products=products(*(initial or ("auth", "transactions"))))).public_token
    return client.item_public_token_exchange(ItemPublicTokenExchangeRequest(public_token=public)).access_token


def plaid_error(call: Any, code: str, status: int = 400) -> dict[str, Any]:
    """Run `call`, which must raise plaid.ApiException with Plaid's error `code` and HTTP `status`."""
    with pytest.raises(plaid.ApiException) as raised:
        call()
    exc = raised.value
    body = json.loads(exc.body)
    assert (body.get("error_code"), exc.status) == (code, status), body
    assert ERROR_KEYS <= body.keys()
    assert body["error_type"] and body["error_message"] and body["request_id"]
    return body


def by_mask(accounts: Any) -> dict[str, Any]:
    return {a.mask: a for a in accounts}


@pytest.fixture
def keyed() -> Iterator[Server]:
    """A server that accepts only the keys ("cid", "sec")."""
    with ServerThread(keys=Keys("cid", "sec")) as server:
        yield server


def body_client(url: str) -> Any:
    """plaid-python with no API keys configured: the credentials must come in each request body."""
    return plaid_api.PlaidApi(plaid.ApiClient(plaid.Configuration(host=url)))


# --- Link tokens -----------------------------------------------------------------------------------------

def test_link_token_create_and_get(client):
    created = client.link_token_create(LinkTokenCreateRequest(
        client_name="Acme Pay", language="en", country_codes=[CountryCode("US"), CountryCode("CA")],
        user=LinkTokenCreateRequestUser(client_user_id="user-1", phone_number="+14155550011",
                                        legal_name="Alberta Charleson"),
        products=products("auth"), webhook="https://example.com/plaid-webhook"))
    assert created.link_token.startswith("link-sandbox-")
    assert created.expiration > datetime.now(UTC)
    assert created.request_id

    got = client.link_token_get(LinkTokenGetRequest(link_token=created.link_token))
    assert got.link_token == created.link_token
    assert got.metadata.client_name == "Acme Pay"
    assert [str(c) for c in got.metadata.country_codes] == ["US", "CA"]
    assert [str(p) for p in got.metadata.initial_products] == ["auth"]
    assert got.metadata.webhook == "https://example.com/plaid-webhook"
    assert got.metadata.language == "en"
    assert got.created_at < got.expiration
    assert got.link_sessions == []


def test_link_token_get_of_an_unknown_token(client):
    plaid_error(lambda: client.link_token_get(LinkTokenGetRequest(link_token="link-sandbox-nope")),
                "INVALID_LINK_TOKEN")


# --- Items: create, exchange, read, remove -------------------------------------------------------------------

def test_public_token_exchange_and_item_get(client):
    public = client.sandbox_public_token_create(SandboxPublicTokenCreateRequest(
        institution_id=PLATYPUS, initial_products=products("auth", "transactions")))
    assert public.public_token.startswith("public-sandbox-")
    exchanged = client.item_public_token_exchange(ItemPublicTokenExchangeRequest(public_token=public.public_token))
    assert exchanged.access_token.startswith("access-sandbox-")
    assert exchanged.item_id

    item = client.item_get(ItemGetRequest(access_token=exchanged.access_token)).item
    assert item.item_id == exchanged.item_id
    assert item.institution_id == PLATYPUS
    assert [str(p) for p in item.billed_products] == ["auth", "transactions"]
    assert "auth" not in [str(p) for p in item.available_products]
    assert str(item.auth_method) == "INSTANT_AUTH"
    assert item.error is None


def test_accounts_get(client):
    access = new_item(client)
    answer = client.accounts_get(AccountsGetRequest(access_token=access))
    accounts = by_mask(answer.accounts)
    assert len(answer.accounts) == 12
    checking = accounts["0000"]
    assert (checking.name, checking.official_name) == ("Plaid Checking", "Plaid Gold Standard 0% Interest Checking")
    assert (str(checking.type), str(checking.subtype)) == ("depository", "checking")
    assert (checking.balances.available, checking.balances.current) == (100, 110)
    assert accounts["1111"].name == "Plaid Saving"
    assert accounts["3333"].balances.limit == 2000
    assert answer.item.institution_id == PLATYPUS

    only = client.accounts_get(AccountsGetRequest(
        access_token=access, options=AccountsGetRequestOptions(account_ids=[checking.account_id])))
    assert [a.account_id for a in only.accounts] == [checking.account_id]


def test_accounts_balance_get(client):
    access = new_item(client)
    accounts = by_mask(client.accounts_balance_get(AccountsBalanceGetRequest(access_token=access)).accounts)
    assert (accounts["0000"].balances.available, accounts["0000"].balances.current) == (100, 110)
    assert (accounts["1111"].balances.available, accounts["1111"].balances.current) == (200, 210)
    assert str(accounts["0000"].balances.iso_currency_code) == "USD"


def test_auth_get_instant_auth(client):
    access = new_item(client)
    answer = client.auth_get(AuthGetRequest(access_token=access))
    accounts = by_mask(answer.accounts)
    assert set(accounts) == {"0000", "1111", "9002"}  # checking, savings, cash management
    ach = {a.account_id: a for a in answer.numbers.ach}
    checking = ach[accounts["0000"].account_id]
    assert checking.account == "1111222233330000"
    assert re.fullmatch(r"\d{9}", checking.routing)
    assert checking.routing == "011401533"  # the Sandbox's, at every test institution
    assert re.fullmatch(r"\d{9}", checking.wire_routing)
    assert ach[accounts["1111"].account_id].account == "1111222233331111"
    assert answer.numbers.eft == [] and answer.numbers.bacs == [] and answer.numbers.international == []


def test_identity_get(client):
    access = new_item(client, "auth", "identity")
    accounts = client.identity_get(IdentityGetRequest(access_token=access)).accounts
    assert len(accounts) == 12
    owner = by_mask(accounts)["0000"].owners[0]
    assert owner.names == ["Alberta Bobbeth Charleson"]
    assert owner.emails and owner.phone_numbers and owner.addresses
    assert any(e.primary for e in owner.emails)


def test_item_remove_then_the_access_token_is_invalid(client):
    access = new_item(client)
    removed = client.item_remove(ItemRemoveRequest(access_token=access))
    assert removed.request_id
    plaid_error(lambda: client.accounts_get(AccountsGetRequest(access_token=access)), "INVALID_ACCESS_TOKEN")
    plaid_error(lambda: client.item_remove(ItemRemoveRequest(access_token=access)), "INVALID_ACCESS_TOKEN")


def test_sandbox_item_reset_login(client):
    access = new_item(client)
    assert client.sandbox_item_reset_login(SandboxItemResetLoginRequest(access_token=access)).reset_login is True
    body = plaid_error(lambda: client.accounts_balance_get(AccountsBalanceGetRequest(access_token=access)),
                       "ITEM_LOGIN_REQUIRED")
    assert body["error_type"] == "ITEM_ERROR"
    plaid_error(lambda: client.auth_get(AuthGetRequest(access_token=access)), "ITEM_LOGIN_REQUIRED")
    plaid_error(lambda: client.transactions_sync(TransactionsSyncRequest(access_token=access)), "ITEM_LOGIN_REQUIRED")


def test_item_in_error_parses_with_the_sdk(client):
    """/item/get and /accounts/get report the Item's error in item.error, a PlaidError the SDK can parse."""
    access = new_item(client)
    client.sandbox_item_reset_login(SandboxItemResetLoginRequest(access_token=access))
    item = client.item_get(ItemGetRequest(access_token=access)).item
    assert item.error is not None
    assert (item.error.error_code, str(item.error.error_type)) == ("ITEM_LOGIN_REQUIRED", "ITEM_ERROR")
    item = client.accounts_get(AccountsGetRequest(access_token=access)).item
    assert item.error is not None and item.error.error_code == "ITEM_LOGIN_REQUIRED"


# --- institutions -------------------------------------------------------------------------------------------

def test_institutions_get_by_id(client):
    inst = client.institutions_get_by_id(InstitutionsGetByIdRequest(
        institution_id=PLATYPUS, country_codes=US,
        options=InstitutionsGetByIdRequestOptions(include_optional_metadata=True))).institution
    assert (inst.institution_id, inst.name) == (PLATYPUS, "First Platypus Bank")
    assert [str(c) for c in inst.country_codes] == ["US"]
    assert "auth" in [str(p) for p in inst.products]
    assert inst.routing_numbers == ["101095082"]
    assert inst.oauth is False
    assert inst.url == "https://plaid.com" and inst.primary_color == "#1f1f1f"


def test_institutions_search(client):
    found = client.institutions_search(InstitutionsSearchRequest(query="platypus", country_codes=US)).institutions
    assert 1 <= len(found) <= 10
    assert PLATYPUS in [i.institution_id for i in found]
    assert all("platypus" in i.name.lower() for i in found)
    houndstooth = client.institutions_search(InstitutionsSearchRequest(
        query="houndstooth", country_codes=US, products=products("auth"))).institutions
    assert houndstooth[0].institution_id == HOUNDSTOOTH


def test_unknown_institution(client):
    plaid_error(lambda: client.institutions_get_by_id(InstitutionsGetByIdRequest(
        institution_id="ins_999999999", country_codes=US)), "INVALID_INSTITUTION")
    plaid_error(lambda: client.sandbox_public_token_create(SandboxPublicTokenCreateRequest(
        institution_id="ins_999999999", initial_products=products("auth"))), "INVALID_INSTITUTION")


# --- processor tokens ----------------------------------------------------------------------------------------

def test_processor_token_create(client):
    access = new_item(client)
    checking = by_mask(client.accounts_get(AccountsGetRequest(access_token=access)).accounts)["0000"]
    token = client.processor_token_create(ProcessorTokenCreateRequest(
        access_token=access, account_id=checking.account_id, processor="alloy")).processor_token
    assert token.startswith("processor-sandbox-")


def test_processor_token_create_with_a_bad_account_id(client):
    access = new_item(client)
    plaid_error(lambda: client.processor_token_create(ProcessorTokenCreateRequest(
        access_token=access, account_id="no-such-account", processor="alloy")), "INVALID_ACCOUNT_ID")


# --- transactions ----------------------------------------------------------------------------------------

def test_transactions_sync_everything_then_nothing_new(client):
    access = new_item(client)
    first = client.transactions_sync(TransactionsSyncRequest(access_token=access))
    assert first.added and first.modified == [] and first.removed == []
    assert first.next_cursor and first.has_more is False
    assert str(first.transactions_update_status) == "HISTORICAL_UPDATE_COMPLETE"
    account_ids = {a.account_id for a in first.accounts}
    assert all(t.account_id in account_ids for t in first.added)
    assert len({t.transaction_id for t in first.added}) == len(first.added)
    t = first.added[0]
    assert t.name and t.amount and str(t.iso_currency_code) == "USD" and t.date

    second = client.transactions_sync(TransactionsSyncRequest(access_token=access, cursor=first.next_cursor))
    assert second.has_more is False
    assert second.added == [] and second.modified == [] and second.removed == []
    assert second.next_cursor


def test_transactions_sync_pages_with_count(client):
    access = new_item(client)
    everything = client.transactions_sync(TransactionsSyncRequest(access_token=access)).added
    seen, cursor, pages = [], None, []
    while True:
        kwargs = {"cursor": cursor} if cursor else {}
        page = client.transactions_sync(TransactionsSyncRequest(access_token=access, count=5, **kwargs))
        assert len(page.added) <= 5
        pages.append(page.has_more)
        seen += [t.transaction_id for t in page.added]
        cursor = page.next_cursor
        assert cursor
        if not page.has_more:
            break
        assert len(page.added) == 5
        assert len(pages) < 50
    assert pages[0] is True and pages[-1] is False
    assert len(pages) == -(-len(everything) // 5)
    assert seen == [t.transaction_id for t in everything]


# --- Auth per verification status (Automated Micro-deposits) ------------------------------------------------

def put_microdeposit_item(server: Server, status: str = "pending_automatic_verification") -> tuple[str, str]:
    """An Automated Micro-deposits Item at Houndstooth Bank whose one account (user_good's checking) waits for its
    deposit: put straight into the server's store. (access_token, account_id)."""
    item, access, account_id = tokens.item_id(), tokens.access_token(), tokens.account_id()
    account = Account(account_id=account_id, balances=Balances(available=100, current=110), mask="0000",
                      name="Plaid Checking", official_name="Plaid Gold Standard 0% Interest Checking",
                      type="depository", subtype="checking", verification_status=status)
    server.sandbox.store.put_item(item, access, Item(
        institution_id=HOUNDSTOOTH, institution_name="Houndstooth Bank", products=["auth"], accounts=[account],
        auth_method="AUTOMATED_MICRODEPOSITS", legal_name="Alberta Charleson"), time.time())
    return access, account_id


def test_auth_get_waits_for_automated_microdeposit_verification(server, client):
    access, account_id = put_microdeposit_item(server)
    account = client.accounts_get(AccountsGetRequest(access_token=access)).accounts[0]
    assert str(account.verification_status) == "pending_automatic_verification"
    body = plaid_error(lambda: client.auth_get(AuthGetRequest(access_token=access)), "PRODUCT_NOT_READY")
    assert body["error_type"] == "ITEM_ERROR"

    answer = client.sandbox_item_set_verification_status(SandboxItemSetVerificationStatusRequest(
        access_token=access, account_id=account_id, verification_status="automatically_verified"))
    assert answer.request_id

    auth = client.auth_get(AuthGetRequest(access_token=access))
    assert [a.account_id for a in auth.accounts] == [account_id]
    assert str(auth.accounts[0].verification_status) == "automatically_verified"
    ach = auth.numbers.ach[0]  # an Item written without typed numbers: the Sandbox's own
    assert (ach.account_id, ach.account, ach.routing) == (account_id, "1111222233330000", "011401533")
    assert str(client.item_get(ItemGetRequest(access_token=access)).item.auth_method) == "AUTOMATED_MICRODEPOSITS"


def link_microdeposits(sb: Any, token: str) -> tuple[str, str]:
    """An Automated Micro-deposits Item made the way Link makes it, in a Link session for `token` on the
    sandbox `sb` (microdeposits_good at Houndstooth Bank, checking's numbers typed): (public token, account id)."""
    sid = sb.start_session(L.StartSessionRequest(link_token=token)).link_session_id
    sb.select_institution(L.SelectInstitutionRequest(link_session_id=sid, institution_id=HOUNDSTOOTH))
    step = sb.submit_credentials(L.SubmitCredentialsRequest(
        link_session_id=sid, institution_id=HOUNDSTOOTH, username="user_good", password="microdeposits_good"))
    assert step.auth_method == "AUTOMATED_MICRODEPOSITS"
    checking = next(a for a in step.accounts if a.mask == "0000")
    sb.submit_numbers(L.SubmitNumbersRequest(link_session_id=sid, account_id=checking.account_id,
                                             routing_number="021000021", account_number="1111222233330000"))
    done = sb.complete(L.CompleteRequest(link_session_id=sid, account_ids=[checking.account_id]))
    assert [(a.id, a.verification_status) for a in done.accounts] == \
        [(checking.account_id, "pending_automatic_verification")]
    return done.public_token, checking.account_id


def link_microdeposit_item(server: Server, client: Any) -> tuple[str, str]:
    """link_microdeposits on the server's sandbox, its link token made and its public token exchanged with the
    SDK: (access_token, account_id)."""
    token = client.link_token_create(LinkTokenCreateRequest(
        client_name="Acme", language="en", country_codes=US, products=products("auth"),
        user=LinkTokenCreateRequestUser(client_user_id="u", legal_name="Alberta Charleson"),
        auth=LinkTokenCreateRequestAuth(automated_microdeposits_enabled=True))).link_token
    public, account_id = link_microdeposits(server.sandbox, token)
    access = client.item_public_token_exchange(ItemPublicTokenExchangeRequest(public_token=public))
    return access.access_token, account_id


def test_auth_get_of_an_automated_microdeposit_item_made_by_link(server, client):
    """Houndstooth Bank has no Instant Auth: until the deposit is verified /auth/get has no numbers at all, and
    afterwards only the verified account's."""
    access, account_id = link_microdeposit_item(server, client)
    plaid_error(lambda: client.auth_get(AuthGetRequest(access_token=access)), "PRODUCT_NOT_READY")
    client.sandbox_item_set_verification_status(SandboxItemSetVerificationStatusRequest(
        access_token=access, account_id=account_id, verification_status="automatically_verified"))
    auth = client.auth_get(AuthGetRequest(access_token=access))
    assert [(n.account_id, n.account, n.routing) for n in auth.numbers.ach] == \
        [(account_id, "1111222233330000", "021000021")]


def test_expired_automated_microdeposit_has_no_auth_accounts(server, client):
    access, account_id = put_microdeposit_item(server)
    client.sandbox_item_set_verification_status(SandboxItemSetVerificationStatusRequest(
        access_token=access, account_id=account_id, verification_status="verification_expired"))
    plaid_error(lambda: client.auth_get(AuthGetRequest(access_token=access)), "NO_AUTH_ACCOUNTS")
    # the state machine: an expired deposit cannot be verified any more
    plaid_error(lambda: client.sandbox_item_set_verification_status(SandboxItemSetVerificationStatusRequest(
        access_token=access, account_id=account_id, verification_status="automatically_verified")),
        "INVALID_FIELD")


# --- negative cases ----------------------------------------------------------------------------------------

def test_bad_public_token(client):
    body = plaid_error(lambda: client.item_public_token_exchange(ItemPublicTokenExchangeRequest(
        public_token="public-sandbox-00000000-0000-0000-0000-000000000000")), "INVALID_PUBLIC_TOKEN")
    assert body["error_type"] == "INVALID_INPUT"


def test_public_token_is_spent_by_its_exchange(client):
    public = client.sandbox_public_token_create(SandboxPublicTokenCreateRequest(
        institution_id=PLATYPUS, initial_products=products("auth"))).public_token
    client.item_public_token_exchange(ItemPublicTokenExchangeRequest(public_token=public))
    plaid_error(lambda: client.item_public_token_exchange(ItemPublicTokenExchangeRequest(public_token=public)),
                "INVALID_PUBLIC_TOKEN")


def test_bad_access_token(client):
    body = plaid_error(lambda: client.accounts_get(AccountsGetRequest(access_token="access-sandbox-nope")),
                       "INVALID_ACCESS_TOKEN")
    assert body["error_type"] == "INVALID_INPUT"


def test_sandbox_public_token_create_refuses_balance(client):
    body = plaid_error(lambda: client.sandbox_public_token_create(SandboxPublicTokenCreateRequest(
        institution_id=PLATYPUS, initial_products=products("auth", "balance"))), "INVALID_PRODUCT")
    assert "balance" in body["error_message"]


def test_accounts_get_with_an_unknown_account_id(client):
    access = new_item(client)
    checking = by_mask(client.accounts_get(AccountsGetRequest(access_token=access)).accounts)["0000"]
    plaid_error(lambda: client.accounts_get(AccountsGetRequest(
        access_token=access, options=AccountsGetRequestOptions(account_ids=[checking.account_id, "nope"]))),
        "INVALID_ACCOUNT_ID")


# --- API keys --------------------------------------------------------------------------------------------

def test_wrong_keys_on_a_keyed_server(keyed):
    right = sdk_client(keyed.url, "cid", "sec")
    assert right.institutions_get_by_id(InstitutionsGetByIdRequest(
        institution_id=PLATYPUS, country_codes=US)).institution.name == "First Platypus Bank"
    for client_id, secret in (("cid", "wrong"), ("other", "sec")):
        wrong = sdk_client(keyed.url, client_id, secret)
        body = plaid_error(lambda wrong=wrong: wrong.institutions_get_by_id(InstitutionsGetByIdRequest(
            institution_id=PLATYPUS, country_codes=US)), "INVALID_API_KEYS")
        assert body["error_type"] == "INVALID_INPUT"
    wrong = sdk_client(keyed.url, "cid", "wrong")
    plaid_error(lambda: new_item(wrong), "INVALID_API_KEYS")


def test_credentials_in_the_request_body(keyed):
    public = sdk_client(keyed.url, "cid", "sec").sandbox_public_token_create(SandboxPublicTokenCreateRequest(
        institution_id=PLATYPUS, initial_products=products("auth"))).public_token
    client = body_client(keyed.url)
    exchanged = client.item_public_token_exchange(ItemPublicTokenExchangeRequest(
        public_token=public, client_id="cid", secret="sec"))
    assert exchanged.access_token.startswith("access-sandbox-")
    accounts = client.accounts_get(AccountsGetRequest(access_token=exchanged.access_token, client_id="cid",
                                                      secret="sec")).accounts
    assert by_mask(accounts)["0000"].name == "Plaid Checking"


def test_wrong_secret_in_the_request_body(keyed):
    public = sdk_client(keyed.url, "cid", "sec").sandbox_public_token_create(SandboxPublicTokenCreateRequest(
        institution_id=PLATYPUS, initial_products=products("auth"))).public_token
    client = body_client(keyed.url)
    plaid_error(lambda: client.item_public_token_exchange(ItemPublicTokenExchangeRequest(
        public_token=public, client_id="cid", secret="wrong")), "INVALID_API_KEYS")
    # the refused request did not spend the public token
    assert client.item_public_token_exchange(ItemPublicTokenExchangeRequest(
        public_token=public, client_id="cid", secret="sec")).access_token


# --- raw requests the SDK would not send ---------------------------------------------------------------------

HEADERS = {"PLAID-CLIENT-ID": "test-client", "PLAID-SECRET": "test-secret"}
LINK_BODY = {"client_name": "Acme", "language": "en", "country_codes": ["US"], "user": {"client_user_id": "u"},
             "products": ["auth"]}


def raw_error(response: httpx.Response, code: str, status: int = 400) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["error_code"] == code, body
    assert ERROR_KEYS <= body.keys()
    assert body["error_type"] and body["error_message"] and body["request_id"]
    return body


def test_raw_link_token_create_succeeds(server):
    response = httpx.post(f"{server.url}/link/token/create", json=LINK_BODY, headers=HEADERS)
    assert response.status_code == 200, response.text
    assert response.json()["link_token"].startswith("link-sandbox-")


def test_raw_missing_field(server):
    body = {k: v for k, v in LINK_BODY.items() if k != "user"}
    error = raw_error(httpx.post(f"{server.url}/link/token/create", json=body, headers=HEADERS), "MISSING_FIELDS")
    assert error["error_type"] == "INVALID_REQUEST"
    assert "user" in error["error_message"]


def test_raw_unknown_field(server):
    error = raw_error(httpx.post(f"{server.url}/link/token/create", json={**LINK_BODY, "colour": "blue"},
                                 headers=HEADERS), "UNKNOWN_FIELDS")
    assert error["error_type"] == "INVALID_REQUEST"
    assert "colour" in error["error_message"]


def test_raw_body_not_json(server):
    error = raw_error(httpx.post(f"{server.url}/link/token/create", content=b"not json",
                                 headers={**HEADERS, "Content-Type": "application/json"}), "INVALID_BODY")
    assert error["error_type"] == "INVALID_REQUEST"


def test_raw_unsupported_plaid_version(server):
    error = raw_error(httpx.post(f"{server.url}/link/token/create", json=LINK_BODY,
                                 headers={**HEADERS, "Plaid-Version": "1999-01-01"}), "INVALID_HEADERS")
    assert "Plaid-Version" in error["error_message"]
    ok = httpx.post(f"{server.url}/link/token/create", json=LINK_BODY,
                    headers={**HEADERS, "Plaid-Version": "2020-09-14"})
    assert ok.status_code == 200, ok.text


def test_raw_unknown_path(server):
    error = raw_error(httpx.post(f"{server.url}/no/such/endpoint", json={}, headers=HEADERS), "NOT_FOUND", 404)
    assert error["error_type"] == "INVALID_REQUEST"


def test_raw_errors_carry_distinct_request_ids(server):
    ids = {raw_error(httpx.post(f"{server.url}/item/get", json={"access_token": "nope"}, headers=HEADERS),
                     "INVALID_ACCESS_TOKEN")["request_id"] for _ in range(3)}
    assert len(ids) == 3
