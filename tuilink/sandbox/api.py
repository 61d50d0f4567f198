"""Plaid's public API over the Sandbox's state: what `tuilink serve` answers (SPEC §6, PLAID_FACTS §7).

Each endpoint takes its validated request model and returns the JSON body Plaid returns, with every field
the official SDKs require (null where nullable). Errors are raised as PlaidApiError.
"""
from __future__ import annotations

import base64
import binascii
import calendar
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..link import tokens
from ..link.data import load
from ..link.errors import error_json, make_error, spec
from ..plaid import api as A
from ..plaid.models import Account
from . import auth, scores, validation, webhooks
from .catalogue import Institution
from .item import Item
from .service import Sandbox, iso


def rules() -> dict[str, Any]:
    found: dict[str, Any] = load("plaid_api.json")
    return found


@dataclass(frozen=True)
class Endpoint:
    model: type[A.ApiRequest] | None  # None: /link/token/create's body (and its raw bytes), validated by the sandbox
    handler: str  # the PlaidApi method
    sandbox_only: bool = False


ENDPOINTS: dict[str, Endpoint] = {
    "/link/token/create": Endpoint(None, "link_token_create"),
    "/link/token/get": Endpoint(A.LinkTokenGetRequest, "link_token_get"),
    "/item/public_token/exchange": Endpoint(A.PublicTokenExchangeRequest, "public_token_exchange"),
    "/item/get": Endpoint(A.AccessTokenRequest, "item_get"),
    "/item/remove": Endpoint(A.AccessTokenRequest, "item_remove"),
    "/accounts/get": Endpoint(A.AccountsGetRequest, "accounts_get"),
    "/accounts/balance/get": Endpoint(A.BalanceGetRequest, "balance_get"),
    "/auth/get": Endpoint(A.AccountsGetRequest, "auth_get"),
    "/identity/get": Endpoint(A.AccountsGetRequest, "identity_get"),
    "/institutions/get_by_id": Endpoint(A.InstitutionGetByIdRequest, "institutions_get_by_id"),
    "/institutions/search": Endpoint(A.InstitutionSearchRequest, "institutions_search"),
    "/processor/token/create": Endpoint(A.ProcessorTokenCreateRequest, "processor_token_create"),
    "/transactions/sync": Endpoint(A.TransactionsSyncRequest, "transactions_sync"),
    "/sandbox/public_token/create": Endpoint(A.SandboxPublicTokenCreateRequest, "sandbox_public_token_create",
                                             sandbox_only=True),
    "/sandbox/item/set_verification_status": Endpoint(A.SetVerificationStatusRequest, "set_verification_status",
                                                      sandbox_only=True),
    "/sandbox/item/reset_login": Endpoint(A.AccessTokenRequest, "reset_login", sandbox_only=True),
    "/sandbox/item/fire_webhook": Endpoint(A.FireWebhookRequest, "fire_webhook", sandbox_only=True),
    "/item/webhook/update": Endpoint(A.ItemWebhookUpdateRequest, "item_webhook_update"),
    "/identity/match": Endpoint(A.IdentityMatchRequest, "identity_match"),
    "/processor/auth/get": Endpoint(A.ProcessorRequest, "processor_auth_get"),
    "/processor/identity/get": Endpoint(A.ProcessorRequest, "processor_identity_get"),
    "/processor/balance/get": Endpoint(A.ProcessorRequest, "processor_balance_get"),
    "/processor/account/get": Endpoint(A.ProcessorRequest, "processor_account_get"),
    "/transactions/get": Endpoint(A.TransactionsGetRequest, "transactions_get"),
    "/transactions/refresh": Endpoint(A.AccessTokenRequest, "transactions_refresh"),
    "/signal/evaluate": Endpoint(A.SignalEvaluateRequest, "signal_evaluate"),
    "/signal/decision/report": Endpoint(A.SignalDecisionReportRequest, "signal_decision_report"),
    "/signal/return/report": Endpoint(A.SignalReturnReportRequest, "signal_return_report"),
    "/tuilink/reset": Endpoint(A.ResetRequest, "reset", sandbox_only=True),
}


class PlaidApi:
    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.store = sandbox.store

    def call(self, path: str, body: dict[str, Any], raw: bytes | None = None) -> dict[str, Any]:
        """Validate `body` (parsed from `raw`, when given) for the endpoint at `path` and answer it
        (PlaidApiError on a Plaid error)."""
        endpoint = ENDPOINTS.get(path)
        if endpoint is None:
            raise make_error("NOT_FOUND")
        handler: Callable[..., dict[str, Any]] = getattr(self, endpoint.handler)
        if endpoint.model is None:
            answer = handler(body, raw)
        elif path.startswith("/tuilink/"):  # tuilink's own endpoints: not Plaid's, so not in Plaid's contract
            answer = handler(validation.parse(endpoint.model, body))
        else:
            answer = handler(validation.request(path, endpoint.model, body))
        answer["request_id"] = tokens.request_id()
        return answer

    # --- lookups ---------------------------------------------------------------------------------------

    def _item(self, access_token: str) -> tuple[str, Item]:
        found = self.store.item_by_access_token(access_token)
        if found is None:
            raise make_error("INVALID_ACCESS_TOKEN")
        return found

    def _working_item(self, access_token: str) -> tuple[str, Item]:
        """The Item, unless it is in error (then its error, e.g. ITEM_LOGIN_REQUIRED after reset_login)."""
        item_id, data = self._item(access_token)
        if data.error:
            raise make_error(data.error["error_code"])
        return item_id, data

    def _institution(self, data: Item) -> Institution | None:
        return self.sandbox.catalogue.get(data.institution_id) if data.institution_id else None

    def _accounts(self, data: Item, options: A.AccountIdsOptions | None) -> list[dict[str, Any]]:
        accounts = [_account(a) for a in data.accounts]
        wanted = options.account_ids if options is not None else None
        if wanted is not None:
            known = {a["account_id"] for a in accounts}
            if any(w not in known for w in wanted):
                raise make_error("INVALID_ACCOUNT_ID")
            accounts = [a for a in accounts if a["account_id"] in wanted]
        return accounts

    def _item_json(self, item_id: str, data: Item) -> dict[str, Any]:
        inst = self._institution(data)
        billed = list(data.products)
        offered = list(inst.products) if inst else list(billed)
        return {
            "item_id": item_id,
            "institution_id": data.institution_id,
            "institution_name": data.institution_name,
            "webhook": data.webhook,
            "auth_method": data.auth_method,
            "error": error_json(data.error) if data.error else None,
            "available_products": [p for p in offered if p not in billed],
            "billed_products": billed,
            "products": billed,
            "consented_products": billed,
            "consent_expiration_time": None,
            "update_type": "background",
        }

    # --- Link tokens -------------------------------------------------------------------------------------

    def link_token_create(self, body: dict[str, Any], raw: bytes | None = None) -> dict[str, Any]:
        token, expiration = self.sandbox.create_link_token(body, raw)
        return {"link_token": token, "expiration": expiration}

    def link_token_get(self, req: A.LinkTokenGetRequest) -> dict[str, Any]:
        found = self.store.get_link_token(req.link_token)
        if found is None:
            raise make_error("INVALID_LINK_TOKEN")
        request, created, expires = found
        metadata = {
            "initial_products": request.get("products") or [],
            "webhook": request.get("webhook"),
            "country_codes": request["country_codes"],
            "language": request["language"],
            "redirect_uri": request.get("redirect_uri"),
            "client_name": request["client_name"],
        }
        for optional in ("institution_data", "account_filters"):  # not nullable: left out when not set
            if request.get(optional) is not None:
                metadata[optional] = request[optional]
        # The whole body is kept; Plaid's answer carries these parts of it (and user_id, when one was given).
        extra = {"user_id": request["user_id"]} if isinstance(request.get("user_id"), str) else {}
        return {
            **extra,
            "link_token": req.link_token,
            "created_at": iso(created),
            "expiration": iso(expires),
            "metadata": metadata,
            "link_sessions": [_link_session(s) for s in self.store.link_sessions(req.link_token)],
        }

    # --- Items -------------------------------------------------------------------------------------------

    def public_token_exchange(self, req: A.PublicTokenExchangeRequest) -> dict[str, Any]:
        access, item = self.sandbox.exchange_public_token(req.public_token)
        return {"access_token": access, "item_id": item}

    def item_get(self, req: A.AccessTokenRequest) -> dict[str, Any]:
        item_id, data = self._item(req.access_token)
        item = self._item_json(item_id, data)
        item["created_at"] = iso(self.store.item_created_at(item_id) or self.sandbox.clock())
        item["consented_use_cases"] = []
        item["consented_data_scopes"] = []
        return {"item": item, "status": {"investments": None, "transactions": None, "last_webhook": None}}

    def item_remove(self, req: A.AccessTokenRequest) -> dict[str, Any]:
        item_id, _ = self._item(req.access_token)
        self.store.remove_item(item_id)
        return {}

    def accounts_get(self, req: A.AccountsGetRequest) -> dict[str, Any]:
        item_id, data = self._item(req.access_token)
        return {"accounts": self._accounts(data, req.options), "item": self._item_json(item_id, data)}

    def balance_get(self, req: A.BalanceGetRequest) -> dict[str, Any]:
        item_id, data = self._working_item(req.access_token)
        accounts = self._accounts(data, req.options)
        for a in accounts:
            a["balances"]["last_updated_datetime"] = None
        return {"accounts": accounts, "item": self._item_json(item_id, data)}

    def auth_get(self, req: A.AccountsGetRequest) -> dict[str, Any]:
        """Numbers of the Item's checking, savings and cash-management accounts, once they are verified."""
        item_id, data = self._working_item(req.access_token)
        ready = self._auth_ready(data, self._accounts(data, req.options))
        return {"accounts": ready, "numbers": {"ach": [self._ach(data, a) for a in ready], "eft": [],
                                               "international": [], "bacs": []},
                "item": self._item_json(item_id, data)}

    def _auth_ready(self, data: Item, wanted: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The accounts of `wanted` whose numbers /auth/get gives (PRODUCT_NOT_READY while every one waits for
        verification, NO_AUTH_ACCOUNTS when none can have them)."""
        subtypes = set(load("sandbox_users.json")["auth_subtypes"])
        statuses = rules()["auth_get"]
        eligible = [a for a in wanted if a["subtype"] in subtypes]
        if eligible and all(a.get("verification_status") in statuses["not_ready"] for a in eligible):
            raise make_error("PRODUCT_NOT_READY")
        ready = [a for a in eligible if a.get("verification_status") not in statuses["not_ready"]
                 and a.get("verification_status") not in statuses["excluded"]]
        if not ready:
            raise make_error("NO_AUTH_ACCOUNTS")
        if data.auth_method == "DATABASE_INSIGHTS":
            for a in ready:
                a.update(self._database_insights(data, a))
        return ready

    @staticmethod
    def _ach(data: Item, account: dict[str, Any]) -> dict[str, Any]:
        """The ACH numbers of one account. The numbers a user typed in Link (manual entry, Instant Match, Automated
        Micro-deposits) are the account's; otherwise the Sandbox's: account 111122223333 + mask, routing 011401533,
        wire routing 021000021 at every test institution (the catalogue's per-bank routing numbers serve only
        Link's institution_data.routing_number match and /institutions/*)."""
        ach_rules = load("sandbox_users.json")["ach"]
        own = data.numbers.get(account["account_id"])
        return {
            "account_id": account["account_id"],
            "account": own.account if own else auth.sandbox_account_number(account["mask"]),
            "routing": own.routing if own else ach_rules["routing"],
            "wire_routing": None if own else ach_rules["wire_routing"],
            "is_tokenized_account_number": False,
            "can_transfer_in": True,
            "can_transfer_out": True,
        }

    @staticmethod
    def _database_insights(data: Item, account: dict[str, Any]) -> dict[str, Any]:
        """Database Auth's fields of an account (PLAID_FACTS 5.6): what the numbers check found, the name it
        checked and its match score."""
        status = account.get("verification_status")
        matched = status in ("database_insights_pass", "database_insights_pass_with_caution")
        return {
            "verification_name": data.legal_name,
            "verification_insights": {
                "network_status": {"has_numbers_match": matched,
                                   "is_numbers_match_verified": status == "database_insights_pass"},
                "previous_returns": {"has_previous_administrative_return": False},
                "account_number_format": "valid",
                "name_match_score": data.name_match_score,
            },
        }

    def identity_get(self, req: A.AccountsGetRequest) -> dict[str, Any]:
        item_id, data = self._working_item(req.access_token)
        if self._institution(data) is None:  # a manually entered account has no identity at a bank
            raise make_error("PRODUCTS_NOT_SUPPORTED", "the identity product is not supported for this Item")
        owners = self._owners(data)
        accounts = [{**a, "owners": owners} for a in self._accounts(data, req.options)]
        return {"accounts": accounts, "item": self._item_json(item_id, data)}

    def processor_token_create(self, req: A.ProcessorTokenCreateRequest) -> dict[str, Any]:
        item_id, data = self._item(req.access_token)
        if data.account(req.account_id) is None:
            raise make_error("INVALID_ACCOUNT_ID")
        token = f"processor-sandbox-{tokens.link_session_id()}"
        self.store.put_processor_token(token, item_id, req.account_id, req.processor, self.sandbox.clock())
        return {"processor_token": token}

    def transactions_sync(self, req: A.TransactionsSyncRequest) -> dict[str, Any]:
        """The Item's transaction history, `count` at a time; the cursor is an opaque position in it."""
        item_id, data = self._working_item(req.access_token)
        if self._institution(data) is None:
            raise make_error("PRODUCTS_NOT_SUPPORTED", "the transactions product is not supported for this Item")
        history = self._transactions(item_id, data)
        if req.options is not None and req.options.account_id is not None:
            history = [t for t in history if t["account_id"] == req.options.account_id]
        offset = _decode_cursor(req.cursor, item_id)
        count = req.count or rules()["transactions_sync"]["default_count"]
        added = history[offset:offset + count]
        end = min(offset + count, len(history))
        return {
            "transactions_update_status": "HISTORICAL_UPDATE_COMPLETE",
            "accounts": [_account(a) for a in data.accounts],
            "added": added, "modified": [], "removed": [],
            "next_cursor": _encode_cursor(item_id, end),
            "has_more": end < len(history),
        }

    def transactions_get(self, req: A.TransactionsGetRequest) -> dict[str, Any]:
        """The Item's transactions dated start_date..end_date, newest first, `count` from `offset`: the same
        history /transactions/sync pages through."""
        item_id, data = self._working_item(req.access_token)
        if self._institution(data) is None:
            raise make_error("PRODUCTS_NOT_SUPPORTED", "the transactions product is not supported for this Item")
        if req.end_date < req.start_date:
            raise make_error("INVALID_FIELD", "end_date must be on or after start_date")
        options = req.options or A.TransactionsGetOptions()
        accounts = self._accounts(data, A.AccountIdsOptions(account_ids=options.account_ids))
        wanted = {a["account_id"] for a in accounts}
        found = [t for t in self._transactions(item_id, data)
                 if t["account_id"] in wanted and req.start_date <= t["date"] <= req.end_date]
        offset = options.offset or 0
        count = options.count if options.count is not None else rules()["transactions_sync"]["default_count"]
        return {"accounts": accounts, "transactions": found[offset:offset + count], "total_transactions": len(found),
                "item": self._item_json(item_id, data)}

    def transactions_refresh(self, req: A.AccessTokenRequest) -> dict[str, Any]:
        """An on-demand refresh: the Sandbox has nothing new, and says so with SYNC_UPDATES_AVAILABLE."""
        item_id, data = self._working_item(req.access_token)
        if self._institution(data) is None:
            raise make_error("PRODUCTS_NOT_SUPPORTED", "the transactions product is not supported for this Item")
        self.sandbox.send_webhook(data.webhook, webhooks.sync_updates_available(item_id))
        return {}

    def _transactions(self, item_id: str, data: Item) -> list[dict[str, Any]]:
        """The Item's history, newest first: the Sandbox's transactions repeated every cycle_days, back to the
        Item's days_requested (the link token's transactions.days_requested, or 90 days)."""
        by_mask = {a.mask: a.account_id for a in data.accounts}
        created = self.store.item_created_at(item_id) or self.sandbox.clock()
        shape = rules()["transactions_history"]
        days = data.days_requested or shape["default_days_requested"]
        templates = sorted(enumerate(rules()["transactions"]), key=lambda e: e[1]["days_ago"])
        out = []
        for cycle in range(-(-days // shape["cycle_days"])):
            for n, t in templates:
                ago = t["days_ago"] + cycle * shape["cycle_days"]
                account_id = by_mask.get(t["account_mask"])
                if account_id is None or ago >= days:
                    continue
                day = time.strftime("%Y-%m-%d", time.gmtime(created - ago * 86400))
                key = f"{item_id}:{n}" if cycle == 0 else f"{item_id}:{cycle}:{n}"
                out.append(_transaction(t, hashlib.sha256(key.encode()).hexdigest()[:37], account_id, day))
        return out


    # --- processor endpoints: the one account a processor token names ---------------------------------------

    def _processor(self, token: str) -> tuple[str, Item, dict[str, Any]]:
        """(item_id, Item, account) of a processor token; the Item's error when it is in one."""
        found = self.store.processor_token(token)
        if found is None:
            raise make_error("INVALID_PROCESSOR_TOKEN")
        item_id, account_id, _ = found
        data = self.store.get_item(item_id)
        if data is None:
            raise make_error("INVALID_PROCESSOR_TOKEN")
        if data.error:
            raise make_error(data.error["error_code"])
        (account,) = self._accounts(data, A.AccountIdsOptions(account_ids=[account_id]))
        return item_id, data, account

    def processor_account_get(self, req: A.ProcessorRequest) -> dict[str, Any]:
        _, data, account = self._processor(req.processor_token)
        return {"account": account, "institution_id": data.institution_id or ""}

    def processor_balance_get(self, req: A.ProcessorRequest) -> dict[str, Any]:
        _, _, account = self._processor(req.processor_token)
        account["balances"]["last_updated_datetime"] = None
        return {"account": account}

    def processor_auth_get(self, req: A.ProcessorRequest) -> dict[str, Any]:
        _, data, account = self._processor(req.processor_token)
        (ready,) = self._auth_ready(data, [account])
        return {"account": ready, "numbers": {"ach": self._ach(data, ready), "eft": None, "international": None,
                                              "bacs": None}}

    def processor_identity_get(self, req: A.ProcessorRequest) -> dict[str, Any]:
        _, data, account = self._processor(req.processor_token)
        owners = self._owners(data)
        if owners is None:
            raise make_error("PRODUCTS_NOT_SUPPORTED", "the identity product is not supported for this Item")
        return {"account": {**account, "owners": owners}}

    # --- identity ------------------------------------------------------------------------------------------

    def _owners(self, data: Item) -> list[dict[str, Any]] | None:
        """The account holders' identity: user_good's at a bank; for a manually entered account, user_good's
        only when it was entered with the Sandbox's identity routing number (PLAID_FACTS 5.4), else none."""
        owners: list[dict[str, Any]] = rules()["identity"]["owners"]
        if self._institution(data) is not None:
            return owners
        typed = list(data.numbers.values())
        routing = rules()["identity_match"]["identity_routing"]
        return owners if typed and typed[0].routing == routing else None

    def identity_match(self, req: A.IdentityMatchRequest) -> dict[str, Any]:
        item_id, data = self._working_item(req.access_token)
        user = req.user.model_dump(exclude_none=True) if req.user is not None else {}
        matched = scores.identity_match(user, self._owners(data))
        accounts = [{**a, **matched} for a in self._accounts(data, req.options)]
        return {"accounts": accounts, "item": self._item_json(item_id, data)}

    # --- webhooks --------------------------------------------------------------------------------------------

    def item_webhook_update(self, req: A.ItemWebhookUpdateRequest) -> dict[str, Any]:
        """A new webhook URL for the Item; WEBHOOK_UPDATE_ACKNOWLEDGED is sent to it."""
        item_id, data = self._item(req.access_token)
        data.webhook = req.webhook or None
        self.store.update_item(item_id, data)
        self.sandbox.send_webhook(data.webhook, webhooks.webhook_update_acknowledged(item_id, data.webhook))
        return {"item": self._item_json(item_id, data)}

    def fire_webhook(self, req: A.FireWebhookRequest) -> dict[str, Any]:
        """/sandbox/item/fire_webhook: one of the Item's webhooks, sent now to its webhook URL."""
        item_id, data = self._item(req.access_token)
        fire = rules()["fire_webhook"]
        types: list[str] = fire["codes"][req.webhook_code]
        webhook_type = req.webhook_type or types[0]
        if webhook_type not in types:
            raise make_error("INVALID_FIELD", f"webhook_type {webhook_type} cannot be fired with webhook_code "
                                              f"{req.webhook_code} (valid: {', '.join(types)})")
        product = fire["products"].get(webhook_type)
        if product is not None and product not in data.products:
            raise make_error("SANDBOX_PRODUCT_NOT_ENABLED", f"The {product} product is not enabled on this item")
        if not data.webhook:
            raise make_error("SANDBOX_WEBHOOK_INVALID")
        new = req.options.new_transactions if req.options is not None and req.options.new_transactions else 0
        account = data.accounts[0].account_id if data.accounts else None
        self.sandbox.send_webhook(data.webhook, webhooks.fired(webhook_type, req.webhook_code, item_id, new,
                                                                  account))
        return {"webhook_fired": True}

    # --- signal ----------------------------------------------------------------------------------------------

    def signal_evaluate(self, req: A.SignalEvaluateRequest) -> dict[str, Any]:
        """The return risk of debiting `amount` from the account: scores from its balance, the Item's core
        attributes, and the ruleset's result when a ruleset_key is given."""
        item_id, data = self._working_item(req.access_token)
        (account,) = self._accounts(data, A.AccountIdsOptions(account_ids=[req.account_id]))
        balances = account["balances"]
        found = scores.signal_scores(req.amount, balances.get("available"))
        now = self.sandbox.clock()
        created = self.store.item_created_at(item_id) or now
        history = [t for t in self._transactions(item_id, data) if t["account_id"] == req.account_id]
        debits = [t["amount"] for t in history if t["amount"] > 0 and _days_ago(t["date"], now) <= 10]
        credits = [-t["amount"] for t in history if t["amount"] < 0 and _days_ago(t["date"], now) <= 10]
        answer: dict[str, Any] = {
            "scores": found,
            "core_attributes": {
                "available_balance": balances.get("available"),
                "current_balance": balances.get("current"),
                "days_since_first_plaid_connection": int((now - created) // 86400),
                "plaid_connections_count_7d": 1, "plaid_connections_count_30d": 1, "total_plaid_connections_count": 1,
                "is_savings_or_money_market_account": account.get("subtype") in ("savings", "money market"),
                "total_debit_transactions_amount_10d": round(sum(debits), 2),
                "total_credit_transactions_amount_10d": round(sum(credits), 2),
                "nsf_overdraft_transactions_count_30d": 0, "unauthorized_transactions_count_30d": 0,
            },
            "warnings": [],
        }
        if req.ruleset_key:
            answer["ruleset"] = {"ruleset_key": req.ruleset_key, "result": scores.signal_result(found),
                                 "outcome": scores.signal_result(found).lower()}
        self.store.put_signal_transaction(req.client_transaction_id, item_id, {
            "account_id": req.account_id, "amount": req.amount, "scores": found}, now)
        return answer

    def _signal_transaction(self, client_transaction_id: str) -> tuple[str, dict[str, Any]]:
        found = self.store.signal_transaction(client_transaction_id)
        if found is None:
            raise make_error("INVALID_FIELD", "client_transaction_id: no /signal/evaluate call was made with it")
        return found

    def signal_decision_report(self, req: A.SignalDecisionReportRequest) -> dict[str, Any]:
        item_id, data = self._signal_transaction(req.client_transaction_id)
        data["decision"] = {"initiated": req.initiated}
        self.store.put_signal_transaction(req.client_transaction_id, item_id, data, self.sandbox.clock())
        return {}

    def signal_return_report(self, req: A.SignalReturnReportRequest) -> dict[str, Any]:
        item_id, data = self._signal_transaction(req.client_transaction_id)
        data["return_code"] = req.return_code
        self.store.put_signal_transaction(req.client_transaction_id, item_id, data, self.sandbox.clock())
        return {}

    # --- institutions ------------------------------------------------------------------------------------

    def institutions_get_by_id(self, req: A.InstitutionGetByIdRequest) -> dict[str, Any]:
        inst = self.sandbox.catalogue.get(req.institution_id)
        if inst is None or not set(req.country_codes) & set(inst.country_codes):
            raise make_error("INVALID_INSTITUTION")
        return {"institution": _institution(inst, req.options)}

    def institutions_search(self, req: A.InstitutionSearchRequest) -> dict[str, Any]:
        products = list(req.products or [])
        found = [i for i in self.sandbox.catalogue.search(req.query, limit=500)
                 if set(req.country_codes) & set(i.country_codes) and all(p in i.products for p in products)]
        if req.options is not None and req.options.oauth is not None:
            found = [i for i in found if i.oauth == req.options.oauth]
        return {"institutions": [_institution(i, req.options) for i in found[:10]]}

    # --- Sandbox-only endpoints ----------------------------------------------------------------------------

    def sandbox_public_token_create(self, req: A.SandboxPublicTokenCreateRequest) -> dict[str, Any]:
        """An Item at `institution_id` with every account of user_good, without Link."""
        inst = self.sandbox.catalogue.get(req.institution_id)
        if inst is None:
            raise make_error("INVALID_INSTITUTION")
        if not inst.supported:
            raise make_error("INSTITUTION_NO_LONGER_SUPPORTED")
        products = list(req.initial_products)
        if "balance" in products:
            raise make_error("INVALID_PRODUCT", "client is not authorized to access the following products: "
                                                "['balance']")
        missing = [p for p in products if p not in inst.products]
        if missing:
            raise make_error("PRODUCTS_NOT_SUPPORTED", f"{inst.name} does not support {', '.join(missing)}")
        options = req.options or A.SandboxPublicTokenOptions()
        password = options.override_password or "pass_good"
        if password.startswith("error_"):
            code = password.removeprefix("error_")
            try:
                if spec(code).sandbox_password:
                    raise make_error(code)
            except KeyError:
                pass
        days = options.transactions.days_requested if options.transactions is not None else None
        return {"public_token": self.sandbox.create_item(inst, products, options.webhook, days)}

    def set_verification_status(self, req: A.SetVerificationStatusRequest) -> dict[str, Any]:
        self.sandbox.set_verification_status(req.access_token, req.account_id, req.verification_status)
        return {}

    def reset_login(self, req: A.AccessTokenRequest) -> dict[str, Any]:
        self.sandbox.reset_login(req.access_token)
        return {"reset_login": True}

    def reset(self, req: A.ResetRequest) -> dict[str, Any]:
        self.store.reset()
        return {"reset": True}


def _account(account: Account) -> dict[str, Any]:
    """AccountBase as Plaid returns it: optional enum fields left out rather than null."""
    a = account.model_dump(mode="json")
    for key in ("verification_status", "holder_category"):
        if a.get(key) is None:
            a.pop(key, None)
    return a


def _institution(inst: Institution, options: A.InstitutionOptions | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "institution_id": inst.institution_id,
        "name": inst.name,
        "products": list(inst.products),
        "country_codes": list(inst.country_codes),
        "routing_numbers": list(inst.routing_numbers),
        "dtc_numbers": [],
        "oauth": inst.oauth,
        "status": None,
        "connection_availability": "SUPPORTED" if inst.supported else "NOT_SUPPORTED",
    }
    if options is not None and options.include_optional_metadata:
        out.update(url=inst.url, primary_color=inst.primary_color, logo=None)
    return out


def _link_session(raw: dict[str, Any]) -> dict[str, Any]:
    return {
        "link_session_id": raw["link_session_id"],
        "started_at": iso(raw["started_at"]),
        "finished_at": iso(raw["finished_at"]) if raw["finished_at"] else None,
        "events": raw["events"],
        "results": {
            "item_add_results": raw["item_add_results"],
            "cra_item_add_results": [], "cra_update_results": [], "bank_income_results": [],
            "payroll_income_results": [], "document_income_results": None,
        },
        "exit": raw["exit"],
    }


def _encode_cursor(item_id: str, offset: int) -> str:
    return base64.urlsafe_b64encode(f"{item_id}:{offset}".encode()).decode().rstrip("=")


def _decode_cursor(cursor: str | None, item_id: str) -> int:
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        owner, _, offset = raw.rpartition(":")
        if owner == item_id and offset.isdigit():
            return int(offset)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise make_error("INVALID_FIELD", "cursor: not a cursor returned by /transactions/sync for this Item")


def _transaction(t: dict[str, Any], tid: str, account_id: str, day: str) -> dict[str, Any]:
    """One Transaction as plaid-python's model has it, from a history template."""
    return {
        "transaction_id": tid, "account_id": account_id, "amount": t["amount"],
        "iso_currency_code": "USD", "unofficial_currency_code": None,
        "date": day, "authorized_date": day, "authorized_datetime": None, "datetime": None,
        "name": t["name"], "merchant_name": t["merchant_name"], "original_description": None,
        "pending": t["pending"], "pending_transaction_id": None, "account_owner": None,
        "payment_channel": t["payment_channel"], "transaction_code": None, "transaction_type": "special",
        "check_number": None, "logo_url": None, "website": None, "merchant_entity_id": None,
        "category": None, "category_id": None,
        "location": {"address": None, "city": t["city"], "region": t["region"], "postal_code": None,
                     "country": None, "lat": None, "lon": None, "store_number": None},
        "payment_meta": {"reference_number": None, "ppd_id": None, "payee": None, "by_order_of": None,
                         "payer": None, "payment_method": None, "payment_processor": None, "reason": None},
        "personal_finance_category": {"primary": t["category"][0], "detailed": t["category"][1],
                                      "confidence_level": "VERY_HIGH"},
        "counterparties": [],
    }


def _days_ago(day: str, now: float) -> int:
    return int((now - calendar.timegm(time.strptime(day, "%Y-%m-%d"))) // 86400)
