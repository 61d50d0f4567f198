"""The webhook bodies the Sandbox sends (shapes of plaid-python's webhook models). Delivery is not done here:
the sandbox hands (url, body) to whatever notifier it was given (`tuilink serve` posts them with httpx)."""
from __future__ import annotations

from typing import Any

ENVIRONMENT = "sandbox"


def _body(webhook_type: str, webhook_code: str, **fields: Any) -> dict[str, Any]:
    return {"webhook_type": webhook_type, "webhook_code": webhook_code, **fields, "environment": ENVIRONMENT}


def item_add_result(link_session_id: str, link_token: str, public_token: str) -> dict[str, Any]:
    return _body("LINK", "ITEM_ADD_RESULT", link_session_id=link_session_id, link_token=link_token,
                 public_token=public_token)


def session_finished(link_session_id: str, link_token: str, success: bool,
                     public_tokens: list[str]) -> dict[str, Any]:
    fields: dict[str, Any] = {"status": "SUCCESS" if success else "EXITED", "link_session_id": link_session_id,
                              "link_token": link_token, "public_tokens": public_tokens}
    if public_tokens:
        fields["public_token"] = public_tokens[0]  # deprecated single-token field, still sent
    return _body("LINK", "SESSION_FINISHED", **fields)


def link_events(link_session_id: str, link_token: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    return _body("LINK", "EVENTS", events=events, link_session_id=link_session_id, link_token=link_token)


def verification(item_id: str, account_id: str, status: str) -> dict[str, Any]:
    code = {"automatically_verified": "AUTOMATICALLY_VERIFIED", "verification_expired": "VERIFICATION_EXPIRED"}
    return _body("AUTH", code[status], item_id=item_id, account_id=account_id)


def item_error(item_id: str, error: dict[str, Any]) -> dict[str, Any]:
    return _body("ITEM", "ERROR", item_id=item_id, error=error)


def login_repaired(item_id: str) -> dict[str, Any]:
    return _body("ITEM", "LOGIN_REPAIRED", item_id=item_id)


def sync_updates_available(item_id: str) -> dict[str, Any]:
    return _body("TRANSACTIONS", "SYNC_UPDATES_AVAILABLE", item_id=item_id, initial_update_complete=True,
                 historical_update_complete=True)


def webhook_update_acknowledged(item_id: str, new_webhook_url: str | None) -> dict[str, Any]:
    return _body("ITEM", "WEBHOOK_UPDATE_ACKNOWLEDGED", item_id=item_id, new_webhook_url=new_webhook_url, error=None)


def fired(webhook_type: str, webhook_code: str, item_id: str, new_transactions: int = 0,
          account_id: str | None = None) -> dict[str, Any]:
    """What /sandbox/item/fire_webhook sends for one of its codes (the fields of plaid-python's model of that
    webhook)."""
    if webhook_code == "SYNC_UPDATES_AVAILABLE":
        return sync_updates_available(item_id)
    if webhook_code == "LOGIN_REPAIRED":
        return login_repaired(item_id)
    if webhook_code == "DEFAULT_UPDATE" and webhook_type in ("TRANSACTIONS", "INVESTMENTS_TRANSACTIONS"):
        key = "new_transactions" if webhook_type == "TRANSACTIONS" else "new_investments_transactions"
        extra = {} if webhook_type == "TRANSACTIONS" else {"canceled_investments_transactions": 0}
        return _body(webhook_type, webhook_code, item_id=item_id, error=None, **{key: new_transactions}, **extra)
    if webhook_code == "DEFAULT_UPDATE" and webhook_type == "HOLDINGS":
        return _body(webhook_type, webhook_code, item_id=item_id, error=None, new_holdings=0, updated_holdings=0)
    if webhook_code == "DEFAULT_UPDATE" and webhook_type == "LIABILITIES":
        return _body(webhook_type, webhook_code, item_id=item_id, error=None, account_ids_with_new_liabilities=[],
                     account_ids_with_updated_liabilities={})
    if webhook_code == "DEFAULT_UPDATE" and webhook_type == "AUTH":
        return _body(webhook_type, webhook_code, item_id=item_id, account_ids_with_new_auth=[],
                     account_ids_with_updated_auth={}, error=None)
    if webhook_code == "DEFAULT_UPDATE":  # IDENTITY
        return _body(webhook_type, webhook_code, item_id=item_id, account_ids_with_updated_identity={}, error=None)
    if webhook_code == "RECURRING_TRANSACTIONS_UPDATE":
        return _body(webhook_type, webhook_code, item_id=item_id, account_ids=[account_id] if account_id else [])
    if webhook_code == "SMS_MICRODEPOSITS_VERIFICATION":
        return _body(webhook_type, webhook_code, item_id=item_id, account_id=account_id, status="MANUALLY_VERIFIED")
    if webhook_code == "PENDING_DISCONNECT":
        return _body(webhook_type, webhook_code, item_id=item_id, reason="INSTITUTION_MIGRATION")
    if webhook_code in ("PRODUCT_READY", "ERROR") and webhook_type == "ASSETS":
        fields: dict[str, Any] = {"asset_report_id": f"sandbox-asset-report-{item_id}"}
        if webhook_code == "ERROR":
            fields["error"] = None
        return _body(webhook_type, webhook_code, **fields)
    if webhook_code == "AUTHORIZATION_GRANTED":
        return _body(webhook_type, webhook_code, user_id=f"usr_{item_id}")
    return _body(webhook_type, webhook_code, item_id=item_id, error=None)  # NEW_ACCOUNTS_AVAILABLE, USER_*_REVOKED
