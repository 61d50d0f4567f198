"""An Item as the Sandbox keeps it: one model, whichever way it was made (a Link session's login, manual entry,
/sandbox/public_token/create), stored as its JSON."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from ..plaid.models import Account


class TypedNumbers(BaseModel):
    """An account's numbers as the user typed them in Link (manual entry, Instant Match, Automated
    Micro-deposits): /auth/get returns them."""

    routing: str
    account: str


class Item(BaseModel):
    institution_id: str | None = None  # None: a manually entered account (no institution)
    institution_name: str | None = None
    products: list[str] = Field(default_factory=list)
    webhook: str | None = None
    accounts: list[Account] = Field(default_factory=list)  # the accounts the user shared
    numbers: dict[str, TypedNumbers] = Field(default_factory=dict)  # account_id → the numbers typed for it
    auth_method: str | None = None  # INSTANT_AUTH, INSTANT_MATCH, SAME_DAY_MICRODEPOSITS, DATABASE_INSIGHTS, …
    legal_name: str | None = None
    name_match_score: int | None = None  # Database Auth: the legal name against the account's owner
    code_attempts: int = 0  # micro-deposit codes tried
    error: dict[str, Any] | None = None  # the Item's error (ITEM_LOGIN_REQUIRED after reset_login), as JSON
    days_requested: int | None = None  # transactions.days_requested of its link token

    def account(self, account_id: str) -> Account | None:
        return next((a for a in self.accounts if a.account_id == account_id), None)


class StoredItem(BaseModel):
    """An Item with its ids, as `tuilink items` lists it."""

    item_id: str
    access_token: str
    created_at: float
    item: Item
