"""Pydantic models of Plaid's wire types: /link/token/create, Link callbacks and events, accounts, errors."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _View(BaseModel):
    """The fields of a Plaid request body that tuilink acts on. The body has already been checked against Plaid's
    generated contract (tuilink.plaid.contract), so other documented fields are ignored here, not refused."""

    model_config = ConfigDict(extra="ignore")


# --- /link/token/create ------------------------------------------------------------------------------


class LinkTokenUser(_View):
    client_user_id: str = ""
    legal_name: str | None = None
    phone_number: str | None = None
    email_address: str | None = None


class AccountSubtypes(_View):
    account_subtypes: list[str] = Field(min_length=1)


class DepositorySubtypes(AccountSubtypes):
    limited_purpose_types: list[str] | None = None  # which limited-purpose accounts may show


class AccountFilters(_View):
    depository: DepositorySubtypes | None = None
    credit: AccountSubtypes | None = None
    loan: AccountSubtypes | None = None
    investment: AccountSubtypes | None = None
    other: AccountSubtypes | None = None


class InstitutionData(_View):
    routing_number: str | None = None


class LinkTokenAuth(_View):
    instant_match_enabled: bool | None = None
    automated_microdeposits_enabled: bool | None = None
    same_day_microdeposits_enabled: bool | None = None
    instant_microdeposits_enabled: bool | None = None
    auth_type_select_enabled: bool | None = None
    reroute_to_credentials: Literal["OFF", "OPTIONAL", "FORCED"] | None = None
    database_match_enabled: bool | None = None
    database_insights_enabled: bool | None = None


class LinkTokenTransactions(_View):
    days_requested: int | None = None


class LinkTokenCreateRequest(_View):
    client_name: str
    language: str
    country_codes: list[str]
    user: LinkTokenUser = Field(default_factory=LinkTokenUser)
    user_id: str | None = None
    products: list[str] | None = None
    required_if_supported_products: list[str] | None = None
    optional_products: list[str] | None = None
    additional_consented_products: list[str] | None = None
    webhook: str | None = None
    access_token: str | None = None
    redirect_uri: str | None = None
    account_filters: AccountFilters | None = None
    auth: LinkTokenAuth | None = None
    institution_data: InstitutionData | None = None
    institution_id: str | None = None  # Link opens at this institution (no Institution Select)
    transactions: LinkTokenTransactions | None = None


class LinkTokenCreateResponse(BaseModel):
    link_token: str
    expiration: str
    request_id: str


# --- errors ------------------------------------------------------------------------------------------


class PlaidError(BaseModel):
    """Plaid's error object. `link_error()` is the four-field form Link hands to onExit."""

    error_type: str
    error_code: str
    error_message: str
    display_message: str | None = None
    error_code_reason: str | None = None
    request_id: str | None = None
    causes: list[Any] = Field(default_factory=list)
    status: int | None = None
    documentation_url: str | None = None
    suggested_action: str | None = None

    def link_error(self) -> dict[str, Any]:
        return {
            "error_type": self.error_type,
            "error_code": self.error_code,
            "error_message": self.error_message,
            "display_message": self.display_message,
        }


# --- accounts ----------------------------------------------------------------------------------------


class Balances(BaseModel):
    available: float | None = None
    current: float | None = None
    limit: float | None = None
    iso_currency_code: str | None = "USD"
    unofficial_currency_code: str | None = None


class Account(BaseModel):
    """AccountBase as /accounts/get returns it."""

    account_id: str
    balances: Balances
    mask: str | None = None
    name: str
    official_name: str | None = None
    type: str
    subtype: str | None = None
    verification_status: str | None = None
    holder_category: str | None = None


# --- Link callbacks and events -----------------------------------------------------------------------


class LinkInstitution(BaseModel):
    name: str | None
    institution_id: str | None


class LinkAccount(BaseModel):
    id: str
    name: str | None
    mask: str | None
    type: str
    subtype: str | None
    verification_status: str | None = None
    class_type: str | None = None


class LinkEventMetadata(BaseModel):
    """onEvent metadata: every key is always present, null when not populated."""

    account_number_mask: str | None = None
    brand_name: str | None = None
    error_type: str | None = None
    error_code: str | None = None
    error_message: str | None = None
    exit_status: str | None = None
    institution_id: str | None = None
    institution_name: str | None = None
    institution_search_query: str | None = None
    is_update_mode: str | None = None
    match_reason: str | None = None
    mfa_type: str | None = None
    routing_number: str | None = None
    selection: str | None = None
    view_name: str | None = None
    request_id: str | None = None
    link_session_id: str
    timestamp: str


class LinkEvent(BaseModel):
    event_name: str
    metadata: LinkEventMetadata


class SuccessMetadata(BaseModel):
    institution: LinkInstitution | None
    accounts: list[LinkAccount]
    link_session_id: str
    transfer_status: str | None = None


class ExitMetadata(BaseModel):
    institution: LinkInstitution | None
    status: str | None
    link_session_id: str
    request_id: str | None


class OnSuccess(BaseModel):
    callback: Literal["onSuccess"] = "onSuccess"
    public_token: str
    metadata: SuccessMetadata


class OnExit(BaseModel):
    callback: Literal["onExit"] = "onExit"
    error: dict[str, Any] | None
    metadata: ExitMetadata


LinkResult = OnSuccess | OnExit
