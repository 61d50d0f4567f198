"""Request bodies of Plaid's public API endpoints that `tuilink serve` answers (PLAID_FACTS §7): the fields
tuilink acts on.

Each body is first checked against Plaid's own request schema for its endpoint (assets/plaid_contract.json,
generated from plaid-python's models): unknown fields and wrong types are refused there. These views then read
what the emulation needs and ignore the rest. `client_id` and `secret` may come in the body or in the
PLAID-CLIENT-ID / PLAID-SECRET headers.
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class ApiRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    client_id: str | None = None
    secret: str | None = None


class AccessTokenRequest(ApiRequest):
    access_token: str


class AccountIdsOptions(BaseModel):
    model_config = ConfigDict(extra="ignore")

    account_ids: list[str] | None = None


class AccountsGetRequest(AccessTokenRequest):
    options: AccountIdsOptions | None = None


class BalanceOptions(AccountIdsOptions):
    min_last_updated_datetime: str | None = None


class BalanceGetRequest(AccessTokenRequest):
    options: BalanceOptions | None = None


class LinkTokenGetRequest(ApiRequest):
    link_token: str


class PublicTokenExchangeRequest(ApiRequest):
    public_token: str


class InstitutionOptions(BaseModel):
    model_config = ConfigDict(extra="ignore")

    include_optional_metadata: bool | None = None


class InstitutionSearchOptions(InstitutionOptions):
    oauth: bool | None = None


class InstitutionGetByIdRequest(ApiRequest):
    institution_id: str
    country_codes: list[str]
    options: InstitutionOptions | None = None


class InstitutionSearchRequest(ApiRequest):
    query: str
    products: list[str] | None = None
    country_codes: list[str]
    options: InstitutionSearchOptions | None = None


class ProcessorTokenCreateRequest(AccessTokenRequest):
    account_id: str
    processor: str


class SandboxTransactionsOptions(BaseModel):
    model_config = ConfigDict(extra="ignore")

    start_date: str | None = None
    end_date: str | None = None
    days_requested: int | None = None


class SandboxPublicTokenOptions(BaseModel):
    model_config = ConfigDict(extra="ignore")

    webhook: str | None = None
    override_username: str | None = None
    override_password: str | None = None
    transactions: SandboxTransactionsOptions | None = None
    statements: dict[str, Any] | None = None
    income_verification: dict[str, Any] | None = None


class SandboxPublicTokenCreateRequest(ApiRequest):
    institution_id: str
    initial_products: list[str] = Field(min_length=1)
    options: SandboxPublicTokenOptions | None = None
    user_token: str | None = None
    user_id: str | None = None


class SetVerificationStatusRequest(AccessTokenRequest):
    account_id: str
    verification_status: Literal["automatically_verified", "verification_expired"]


class TransactionsSyncOptions(BaseModel):
    model_config = ConfigDict(extra="ignore")

    include_original_description: bool | None = None
    include_personal_finance_category: bool | None = None
    include_logo_and_counterparty_beta: bool | None = None
    personal_finance_category_version: str | None = None
    days_requested: int | None = None
    account_id: str | None = None


class TransactionsSyncRequest(AccessTokenRequest):
    cursor: str | None = None
    count: int | None = Field(default=None, ge=1, le=500)
    options: TransactionsSyncOptions | None = None


class ResetRequest(ApiRequest):
    """tuilink's own control endpoint: forget every token, Item and session."""


class ItemWebhookUpdateRequest(AccessTokenRequest):
    webhook: str | None = None


class FireWebhookOptions(BaseModel):
    model_config = ConfigDict(extra="ignore")

    new_transactions: int | None = None


class FireWebhookRequest(AccessTokenRequest):
    webhook_type: str | None = None
    webhook_code: str
    options: FireWebhookOptions | None = None


class IdentityMatchAddress(BaseModel):
    model_config = ConfigDict(extra="ignore")

    street: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None


class IdentityMatchUser(BaseModel):
    model_config = ConfigDict(extra="ignore")

    legal_name: str | None = None
    phone_number: str | None = None
    email_address: str | None = None
    address: IdentityMatchAddress | None = None


class IdentityMatchRequest(AccountsGetRequest):
    user: IdentityMatchUser | None = None


class ProcessorRequest(ApiRequest):
    processor_token: str


class TransactionsGetOptions(AccountIdsOptions):
    count: int | None = None
    offset: int | None = None
    days_requested: int | None = None


class TransactionsGetRequest(AccessTokenRequest):
    start_date: str
    end_date: str
    options: TransactionsGetOptions | None = None


class SignalEvaluateRequest(AccessTokenRequest):
    account_id: str
    client_transaction_id: str
    amount: float
    ruleset_key: str | None = None


class SignalDecisionReportRequest(ApiRequest):
    client_transaction_id: str
    initiated: bool


class SignalReturnReportRequest(ApiRequest):
    client_transaction_id: str
    return_code: str
