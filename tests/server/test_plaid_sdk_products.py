"""plaid-python (unmodified) against `tuilink serve` on the product endpoints app test suites call: processor
tokens and the four processor endpoints, /identity/match, /transactions/get and /transactions/refresh, Signal,
/item/webhook/update and /sandbox/item/fire_webhook. Every answer parses with the SDK's own models; webhooks
arrive in the shapes of the SDK's webhook models."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from plaid.model.accounts_get_request import AccountsGetRequest
from plaid.model.address_data_nullable_no_required_fields import AddressDataNullableNoRequiredFields
from plaid.model.auth_get_request import AuthGetRequest
from plaid.model.default_update_webhook import DefaultUpdateWebhook
from plaid.model.identity_match_request import IdentityMatchRequest
from plaid.model.identity_match_user import IdentityMatchUser
from plaid.model.item_get_request import ItemGetRequest
from plaid.model.item_remove_request import ItemRemoveRequest
from plaid.model.item_webhook_update_request import ItemWebhookUpdateRequest
from plaid.model.link_token_create_request import LinkTokenCreateRequest
from plaid.model.link_token_create_request_user import LinkTokenCreateRequestUser
from plaid.model.link_token_get_request import LinkTokenGetRequest
from plaid.model.link_token_transactions import LinkTokenTransactions
from plaid.model.new_accounts_available_webhook import NewAccountsAvailableWebhook
from plaid.model.processor_account_get_request import ProcessorAccountGetRequest
from plaid.model.processor_auth_get_request import ProcessorAuthGetRequest
from plaid.model.processor_balance_get_request import ProcessorBalanceGetRequest
from plaid.model.processor_identity_get_request import ProcessorIdentityGetRequest
from plaid.model.processor_token_create_request import ProcessorTokenCreateRequest
from plaid.model.sandbox_item_fire_webhook_request import SandboxItemFireWebhookRequest
from plaid.model.sandbox_public_token_create_request import SandboxPublicTokenCreateRequest
from plaid.model.sandbox_public_token_create_request_options import SandboxPublicTokenCreateRequestOptions
from plaid.model.signal_decision_report_request import SignalDecisionReportRequest
from plaid.model.signal_evaluate_request import SignalEvaluateRequest
from plaid.model.signal_return_report_request import SignalReturnReportRequest
from plaid.model.sync_updates_available_webhook import SyncUpdatesAvailableWebhook
from plaid.model.transactions_get_request import TransactionsGetRequest
from plaid.model.transactions_get_request_options import TransactionsGetRequestOptions
from plaid.model.transactions_refresh_request import TransactionsRefreshRequest
from plaid.model.transactions_sync_request import TransactionsSyncRequest
from plaid.model.webhook_type import WebhookType
from plaid.model.webhook_update_acknowledged_webhook import WebhookUpdateAcknowledgedWebhook

from .test_plaid_sdk import PLATYPUS, US, by_mask, new_item, plaid_error, products
from .test_server import receiving, sdk_parses


def item_with_webhook(client: Any, hook: str, *initial: str) -> str:
    public = client.sandbox_public_token_create(SandboxPublicTokenCreateRequest(
        institution_id=PLATYPUS, initial_products=products(*(initial or ("auth", "transactions"))),
        options=SandboxPublicTokenCreateRequestOptions(webhook=hook))).public_token
    from plaid.model.item_public_token_exchange_request import ItemPublicTokenExchangeRequest

    return client.item_public_token_exchange(ItemPublicTokenExchangeRequest(public_token=public)).access_token


# --- the Sandbox's numbers --------------------------------------------------------------------------------------

def test_auth_get_gives_the_sandbox_routing_numbers(client):
    """user_good at a test institution: routing 011401533, wire routing 021000021 (Plaid's sample), whatever the
    institution's own routing numbers in the catalogue."""
    for institution in (PLATYPUS, "ins_109512"):
        access = new_item(client, "auth", institution=institution)
        ach = client.auth_get(AuthGetRequest(access_token=access)).numbers.ach
        assert {(a.routing, a.wire_routing) for a in ach} == {("011401533", "021000021")}


# --- processor tokens ---------------------------------------------------------------------------------------------

def test_a_processor_reads_the_one_account_its_token_names(client):
    access = new_item(client, "auth", "identity")
    accounts = by_mask(client.accounts_get(AccountsGetRequest(access_token=access)).accounts)
    checking = accounts["0000"].account_id
    token = client.processor_token_create(ProcessorTokenCreateRequest(
        access_token=access, account_id=checking, processor="alloy")).processor_token
    assert token.startswith("processor-sandbox-")

    auth = client.processor_auth_get(ProcessorAuthGetRequest(processor_token=token))
    assert auth.account.account_id == checking
    assert (auth.numbers.ach.account, auth.numbers.ach.routing) == ("1111222233330000", "011401533")
    assert auth.numbers.ach.account_id == checking
    balance = client.processor_balance_get(ProcessorBalanceGetRequest(processor_token=token))
    assert (balance.account.balances.available, balance.account.balances.current) == (100, 110)
    identity = client.processor_identity_get(ProcessorIdentityGetRequest(processor_token=token))
    assert identity.account.owners[0].names == ["Alberta Bobbeth Charleson"]
    account = client.processor_account_get(ProcessorAccountGetRequest(processor_token=token))
    assert (account.account.mask, account.institution_id) == ("0000", PLATYPUS)

    client.item_remove(ItemRemoveRequest(access_token=access))  # revokes the processor token
    for call in (lambda: client.processor_auth_get(ProcessorAuthGetRequest(processor_token=token)),
                 lambda: client.processor_account_get(ProcessorAccountGetRequest(processor_token=token))):
        plaid_error(call, "INVALID_PROCESSOR_TOKEN")


def test_a_processor_auth_of_a_credit_card_has_no_numbers(client):
    access = new_item(client, "auth")
    card = by_mask(client.accounts_get(AccountsGetRequest(access_token=access)).accounts)["3333"].account_id
    token = client.processor_token_create(ProcessorTokenCreateRequest(
        access_token=access, account_id=card, processor="dwolla")).processor_token
    plaid_error(lambda: client.processor_auth_get(ProcessorAuthGetRequest(processor_token=token)), "NO_AUTH_ACCOUNTS")


def test_an_unknown_processor_token(client):
    plaid_error(lambda: client.processor_balance_get(ProcessorBalanceGetRequest(
        processor_token="processor-sandbox-nope")), "INVALID_PROCESSOR_TOKEN")


# --- /identity/match ----------------------------------------------------------------------------------------------

def test_identity_match_scores_each_given_field(client):
    access = new_item(client, "auth", "identity")
    same = client.identity_match(IdentityMatchRequest(access_token=access, user=IdentityMatchUser(
        legal_name="Alberta Bobbeth Charleson", phone_number="+1 111-222-3333",
        email_address="accountholder0@example.com",
        address=AddressDataNullableNoRequiredFields(street="2992 Cameron Road", city="Malakoff", region="NY",
                                                    postal_code="14236", country="US")))).accounts[0]
    assert (same.legal_name.score, same.phone_number.score, same.email_address.score, same.address.score) == (
        100, 100, 100, 100)
    assert same.address.is_postal_code_match is True
    assert same.legal_name.is_first_name_or_last_name_match is True

    other = client.identity_match(IdentityMatchRequest(access_token=access, user=IdentityMatchUser(
        legal_name="Zed Quux", email_address="someone@else.org"))).accounts[0]
    assert other.legal_name.score < 50 and other.email_address.score < 70
    assert other.legal_name.is_first_name_or_last_name_match is False
    assert (other.phone_number.score, other.address.score) == (None, None)  # fields not given are not scored


# --- transactions -------------------------------------------------------------------------------------------------

def test_transactions_get_agrees_with_sync(client):
    access = new_item(client, "transactions")
    synced = client.transactions_sync(TransactionsSyncRequest(access_token=access, count=500)).added
    today = dt.date.today()
    got = client.transactions_get(TransactionsGetRequest(
        access_token=access, start_date=today - dt.timedelta(days=400), end_date=today + dt.timedelta(days=1)))
    assert got.total_transactions == len(synced) == len(got.transactions)
    assert [t.transaction_id for t in got.transactions] == [t.transaction_id for t in synced]
    assert all(a.date >= b.date for a, b in zip(got.transactions, got.transactions[1:], strict=False))  # newest first

    page = client.transactions_get(TransactionsGetRequest(
        access_token=access, start_date=today - dt.timedelta(days=400), end_date=today + dt.timedelta(days=1),
        options=TransactionsGetRequestOptions(count=5, offset=3)))
    assert [t.transaction_id for t in page.transactions] == [t.transaction_id for t in synced[3:8]]
    week = client.transactions_get(TransactionsGetRequest(
        access_token=access, start_date=today - dt.timedelta(days=7), end_date=today))
    assert 0 < week.total_transactions < got.total_transactions
    assert all(t.date >= today - dt.timedelta(days=7) for t in week.transactions)


def test_days_requested_bounds_the_history(client):
    """transactions.days_requested on the link token (or the Sandbox's public token) bounds how far back the
    history goes; 90 days when not given."""
    def oldest(days: int | None) -> tuple[int, int]:
        options = SandboxPublicTokenCreateRequestOptions(
            transactions={"days_requested": days}) if days else SandboxPublicTokenCreateRequestOptions()
        public = client.sandbox_public_token_create(SandboxPublicTokenCreateRequest(
            institution_id=PLATYPUS, initial_products=products("transactions"), options=options)).public_token
        from plaid.model.item_public_token_exchange_request import ItemPublicTokenExchangeRequest

        access = client.item_public_token_exchange(ItemPublicTokenExchangeRequest(public_token=public)).access_token
        added = client.transactions_sync(TransactionsSyncRequest(access_token=access, count=500)).added
        return len(added), (dt.date.today() - min(t.date for t in added)).days

    count_30, age_30 = oldest(30)
    count_90, age_90 = oldest(None)
    count_730, age_730 = oldest(730)
    assert age_30 < 30 and 60 <= age_90 < 90 and 600 < age_730 < 730
    assert count_30 < count_90 < count_730


def test_link_token_days_requested_is_kept(client):
    created = client.link_token_create(LinkTokenCreateRequest(
        client_name="Budget", language="en", country_codes=US, user=LinkTokenCreateRequestUser(client_user_id="u"),
        products=products("transactions"), transactions=LinkTokenTransactions(days_requested=730)))
    assert client.link_token_get(LinkTokenGetRequest(link_token=created.link_token)).link_token


def test_transactions_refresh_sends_sync_updates_available(server_thread, client):
    with receiving() as (receiver, hook):
        access = item_with_webhook(client, hook)
        server_thread.drain_webhooks()
        before = len(receiver.bodies)
        assert client.transactions_refresh(TransactionsRefreshRequest(access_token=access)).request_id
        server_thread.drain_webhooks()
    assert receiver.codes()[before:] == ["TRANSACTIONS:SYNC_UPDATES_AVAILABLE"]
    sdk_parses(SyncUpdatesAvailableWebhook, receiver.bodies[-1])


# --- Signal -------------------------------------------------------------------------------------------------------

def test_signal_evaluate_scores_a_debit_against_the_balance(client):
    access = new_item(client, "auth", "signal")
    checking = by_mask(client.accounts_get(AccountsGetRequest(access_token=access)).accounts)["0000"].account_id

    def evaluate(txn: str, amount: float, ruleset: str | None = None) -> Any:
        extra = {"ruleset_key": ruleset} if ruleset else {}
        return client.signal_evaluate(SignalEvaluateRequest(
            access_token=access, account_id=checking, client_transaction_id=txn, amount=amount, **extra))

    small, large = evaluate("t-small", 10.0, "default"), evaluate("t-large", 5000.0, "default")
    def bank(answer: Any) -> tuple[int, int]:
        risk = answer.scores.bank_initiated_return_risk
        return risk.score.value, risk.risk_tier.value

    assert 1 <= bank(small)[0] < bank(large)[0] <= 99
    assert bank(small)[1] < bank(large)[1]
    assert 1 <= small.scores.customer_initiated_return_risk.risk_tier.value <= 5
    assert (str(small.ruleset.result), str(large.ruleset.result)) == ("ACCEPT", "REROUTE")
    assert small.core_attributes.available_balance == 100
    assert small.core_attributes.is_savings_or_money_market_account is False
    assert small.warnings == []

    assert client.signal_decision_report(SignalDecisionReportRequest(
        client_transaction_id="t-small", initiated=True)).request_id
    assert client.signal_return_report(SignalReturnReportRequest(
        client_transaction_id="t-small", return_code="R01")).request_id
    plaid_error(lambda: client.signal_return_report(SignalReturnReportRequest(
        client_transaction_id="t-never", return_code="R01")), "INVALID_FIELD")


# --- webhooks -----------------------------------------------------------------------------------------------------

def test_item_webhook_update_acknowledges_at_the_new_url(server_thread, client):
    with receiving() as (receiver, hook):
        access = new_item(client, "auth")
        item = client.item_webhook_update(ItemWebhookUpdateRequest(access_token=access, webhook=hook)).item
        assert item.webhook == hook
        server_thread.drain_webhooks()
    assert receiver.codes() == ["ITEM:WEBHOOK_UPDATE_ACKNOWLEDGED"]
    assert sdk_parses(WebhookUpdateAcknowledgedWebhook, receiver.bodies[0]).new_webhook_url == hook
    assert client.item_get(ItemGetRequest(access_token=access)).item.webhook == hook


@pytest.mark.parametrize(("code", "webhook_type", "model"), [
    ("SYNC_UPDATES_AVAILABLE", None, SyncUpdatesAvailableWebhook),
    ("DEFAULT_UPDATE", "TRANSACTIONS", DefaultUpdateWebhook),
    ("NEW_ACCOUNTS_AVAILABLE", None, NewAccountsAvailableWebhook),
])
def test_fire_webhook_delivers_to_the_items_webhook(server_thread, client, code, webhook_type, model):
    with receiving() as (receiver, hook):
        access = item_with_webhook(client, hook)
        server_thread.drain_webhooks()
        before = len(receiver.bodies)
        extra = {"webhook_type": WebhookType(webhook_type)} if webhook_type else {}
        fired = client.sandbox_item_fire_webhook(SandboxItemFireWebhookRequest(
            access_token=access, webhook_code=code, **extra))
        assert fired.webhook_fired is True
        server_thread.drain_webhooks()
    assert [b["webhook_code"] for b in receiver.bodies[before:]] == [code]
    sdk_parses(model, receiver.bodies[-1])


def test_every_code_the_sandbox_can_fire_is_delivered(server_thread, client):
    from tuilink.sandbox.api import rules
    from tuilink.sandbox.validation import enum

    codes = rules()["fire_webhook"]["codes"]
    assert set(codes) == set(enum("webhook_codes"))
    with receiving() as (receiver, hook):
        access = item_with_webhook(client, hook, "auth", "transactions", "identity", "assets", "liabilities",
                                   "investments")
        server_thread.drain_webhooks()
        before = len(receiver.bodies)
        fired = []
        for code, types in codes.items():
            for webhook_type in types:
                if webhook_type in enum("webhook_types"):
                    client.sandbox_item_fire_webhook(SandboxItemFireWebhookRequest(
                        access_token=access, webhook_code=code, webhook_type=WebhookType(webhook_type)))
                    fired.append(f"{webhook_type}:{code}")
        server_thread.drain_webhooks()
    assert receiver.codes()[before:] == fired


def test_fire_webhook_errors(client):
    access = new_item(client, "auth")  # no webhook, no transactions
    plaid_error(lambda: client.sandbox_item_fire_webhook(SandboxItemFireWebhookRequest(
        access_token=access, webhook_code="SYNC_UPDATES_AVAILABLE")), "SANDBOX_PRODUCT_NOT_ENABLED")
    plaid_error(lambda: client.sandbox_item_fire_webhook(SandboxItemFireWebhookRequest(
        access_token=access, webhook_code="NEW_ACCOUNTS_AVAILABLE")), "SANDBOX_WEBHOOK_INVALID")
    plaid_error(lambda: client.sandbox_item_fire_webhook(SandboxItemFireWebhookRequest(
        access_token=access, webhook_code="LOGIN_REPAIRED", webhook_type=WebhookType("TRANSACTIONS"))),
        "INVALID_FIELD")


def test_link_token_get_returns_the_documented_parts_of_any_documented_body(client):
    from plaid.model.depository_account_subtype import DepositoryAccountSubtype
    from plaid.model.depository_account_subtypes import DepositoryAccountSubtypes
    from plaid.model.depository_filter import DepositoryFilter
    from plaid.model.link_token_account_filters import LinkTokenAccountFilters
    from plaid.model.link_token_create_request_statements import LinkTokenCreateRequestStatements

    created = client.link_token_create(LinkTokenCreateRequest(
        client_name="Statements", language="en", country_codes=US, user_id="usr_123",
        products=products("auth", "statements"), institution_id=PLATYPUS,
        statements=LinkTokenCreateRequestStatements(start_date=dt.date(2026, 1, 1), end_date=dt.date(2026, 2, 1)),
        account_filters=LinkTokenAccountFilters(depository=DepositoryFilter(
            account_subtypes=DepositoryAccountSubtypes([DepositoryAccountSubtype("checking")])))))
    got = client.link_token_get(LinkTokenGetRequest(link_token=created.link_token))
    assert got.user_id == "usr_123"
    assert [str(p) for p in got.metadata.initial_products] == ["auth", "statements"]
    assert [str(s) for s in got.metadata.account_filters.depository.account_subtypes.value] == ["checking"]


# --- Items made by Link: Database Auth, Instant Match, a manually entered account --------------------------------

def link_manual_item(server: Any, client: Any, routing: str, number: str, name: str, auth: dict[str, Any]) -> str:
    """An Item of one account entered by hand ("Link with account numbers") on the server's sandbox, the way Link
    makes it; its access token (exchanged with the SDK)."""
    from plaid.model.item_public_token_exchange_request import ItemPublicTokenExchangeRequest
    from plaid.model.link_token_create_request_auth import LinkTokenCreateRequestAuth

    from tuilink.plaid import link_api as L

    sb = server.sandbox
    token = client.link_token_create(LinkTokenCreateRequest(
        client_name="Acme", language="en", country_codes=US, products=products("auth"),
        user=LinkTokenCreateRequestUser(client_user_id="u"), auth=LinkTokenCreateRequestAuth(**auth))).link_token
    sid = sb.start_session(L.StartSessionRequest(link_token=token)).link_session_id
    sb.submit_numbers(L.SubmitNumbersRequest(link_session_id=sid, routing_number=routing, account_number=number))
    done = sb.complete(L.CompleteRequest(link_session_id=sid, account_ids=[], legal_name=name,
                                         account_type="checking"))
    exchanged = client.item_public_token_exchange(ItemPublicTokenExchangeRequest(public_token=done.public_token))
    return exchanged.access_token


@pytest.mark.parametrize(("number", "name", "status", "numbers_match", "verified", "score"), [
    ("1111222233331111", "John Smith", "database_insights_pass", True, True, 100),
    ("1111222233333333", "John Smith", "database_insights_pass_with_caution", True, False, 100),
    ("1111222233332222", "Alberta Charleson", "database_insights_fail", False, False, 0),
])
def test_database_auth_insights_in_auth_get(server, client, number, name, status, numbers_match, verified, score):
    access = link_manual_item(server, client, "110000000", number, name, {"database_insights_enabled": True})
    answer = client.auth_get(AuthGetRequest(access_token=access))
    (account,) = answer.accounts
    assert str(account.verification_status) == status
    assert account.verification_name == name
    insights = account.verification_insights
    assert (insights.network_status.has_numbers_match, insights.network_status.is_numbers_match_verified) == (
        numbers_match, verified)
    assert (insights.name_match_score, str(insights.account_number_format)) == (score, "valid")
    assert insights.previous_returns.has_previous_administrative_return is False
    assert [(n.account, n.routing) for n in answer.numbers.ach] == [(number, "110000000")]


def test_instant_match_keeps_the_numbers_the_user_typed(server, client):
    """Instant Match checks the last four digits against the mask; /auth/get then gives what the user typed."""
    from plaid.model.item_public_token_exchange_request import ItemPublicTokenExchangeRequest

    from tuilink.plaid import link_api as L

    sb = server.sandbox
    token = client.link_token_create(LinkTokenCreateRequest(
        client_name="Acme", language="en", country_codes=US, products=products("auth"),
        user=LinkTokenCreateRequestUser(client_user_id="u"))).link_token
    sid = sb.start_session(L.StartSessionRequest(link_token=token)).link_session_id
    sb.select_institution(L.SelectInstitutionRequest(link_session_id=sid, institution_id="ins_109512"))
    step = sb.submit_credentials(L.SubmitCredentialsRequest(
        link_session_id=sid, institution_id="ins_109512", username="user_good", password="pass_good"))
    assert step.auth_method == "INSTANT_MATCH"
    saving = next(a for a in step.accounts if a.mask == "1111")
    sb.submit_numbers(L.SubmitNumbersRequest(link_session_id=sid, account_id=saving.account_id,
                                             routing_number="021000021", account_number="9876543211111"))
    done = sb.complete(L.CompleteRequest(link_session_id=sid, account_ids=[saving.account_id]))
    access = client.item_public_token_exchange(ItemPublicTokenExchangeRequest(public_token=done.public_token))
    ach = client.auth_get(AuthGetRequest(access_token=access.access_token)).numbers.ach
    assert [(n.account, n.routing) for n in ach] == [("9876543211111", "021000021")]


@pytest.mark.parametrize(("routing", "scored"), [("011401533", True), ("110000000", False)])
def test_identity_match_of_a_manually_entered_account(server, client, routing, scored):
    """PLAID_FACTS 5.4: with routing 011401533 the account holder is user_good; with 110000000 nothing matches."""
    access = link_manual_item(server, client, routing, "1111222233330000", "Alberta Charleson",
                              {"same_day_microdeposits_enabled": True})
    match = client.identity_match(IdentityMatchRequest(access_token=access, user=IdentityMatchUser(
        legal_name="Alberta Bobbeth Charleson"))).accounts[0]
    assert (match.legal_name.score == 100) is scored
    assert (match.legal_name.score is None) is not scored


# --- coverage -----------------------------------------------------------------------------------------------------

def test_every_endpoint_served_is_called_with_plaid_python():
    """Each Plaid endpoint tuilink serves is called through plaid-python's own method somewhere in these tests."""
    import pathlib

    import plaid
    from plaid.api.plaid_api import PlaidApi

    from tuilink.sandbox.api import ENDPOINTS

    api = PlaidApi(plaid.ApiClient(plaid.Configuration()))
    method = {getattr(api, a).settings["endpoint_path"]: a.removesuffix("_endpoint") for a in dir(api)
              if a.endswith("_endpoint") and hasattr(getattr(api, a), "settings")}
    here = pathlib.Path(__file__).parent
    source = "".join(p.read_text() for p in here.glob("test_plaid_sdk*.py"))
    missing = [path for path in ENDPOINTS if not path.startswith("/tuilink/")
               and f".{method[path]}(" not in source]
    assert missing == []
