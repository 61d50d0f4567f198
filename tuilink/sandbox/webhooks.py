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
