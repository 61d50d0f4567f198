"""Plaid's request validation.

Plaid's public endpoints are checked against the request contract generated from plaid-python's models
(assets/plaid_contract.json, tuilink.plaid.contract): every documented field is accepted and type-checked, a
field Plaid does not document is refused. Problems become Plaid's MISSING_FIELDS / UNKNOWN_FIELDS /
INVALID_FIELD / INVALID_PRODUCT. Then the body is read into the pydantic view of the fields tuilink acts on.
The /link/token/create rules beyond the schema live here too. Link's own calls (tuilink's protocol) are
checked by their pydantic models alone.
"""
from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..link.data import load
from ..link.errors import make_error
from ..plaid.contract import Problem, problems
from ..plaid.errors import PlaidApiError
from ..plaid.models import LinkTokenCreateRequest

# Products Plaid refuses in `products` although they exist (balance comes with every Item).
_NOT_INITIAL_PRODUCTS = {"balance"}
_PRODUCTS_SCHEMA = "Products"

M = TypeVar("M", bound=BaseModel)


def contract() -> dict[str, Any]:
    """The generated request contract (loaded once per process)."""
    result: dict[str, Any] = load("plaid_contract.json")
    return result


def enum(name: str) -> list[str]:
    """One of the contract's enums: products, country_codes, processors, webhook_types, webhook_codes,
    account_types, languages."""
    values: list[str] = contract()["enums"][name]
    return values


def _field(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc)


def parse(model: type[M], body: Any) -> M:
    """`body` as `model` (a call of Link's own protocol), or the PlaidApiError Plaid answers for it."""
    if not isinstance(body, dict):
        raise make_error("INVALID_BODY")
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        raise _pydantic_error(exc) from None


def request(path: str, model: type[M], body: Any) -> M:
    """The body of a request to Plaid's endpoint `path`, checked against Plaid's contract and read into
    `model` (the fields tuilink acts on), or the PlaidApiError Plaid answers for it."""
    check(path, body)
    return parse(model, body)


def check(path: str, body: Any) -> None:
    """Raise Plaid's error for what is wrong with `body` as a request to `path` (nothing when it conforms)."""
    if not isinstance(body, dict):
        raise make_error("INVALID_BODY")
    terms = contract()
    found = problems(terms, terms["endpoints"][path], body)
    if found:
        raise _contract_error(found)


def _contract_error(found: list[Problem]) -> PlaidApiError:
    missing = [p.path for p in found if p.kind == "missing"]
    if missing:
        return make_error("MISSING_FIELDS", f"the following required fields are missing: {', '.join(missing)}")
    unknown = [p.path for p in found if p.kind == "unknown"]
    if unknown:
        return make_error("UNKNOWN_FIELDS",
                          f"the following fields are not recognized by this endpoint: {', '.join(unknown)}")
    first = found[0]
    if first.schema == _PRODUCTS_SCHEMA:
        return make_error("INVALID_PRODUCT", f"{first.path}: {first.detail.split(' is not')[0]} is not a Plaid "
                                             "product")
    return make_error("INVALID_FIELD", f"{first.path}: {first.detail}")


def _pydantic_error(exc: ValidationError) -> PlaidApiError:
    errors = exc.errors()
    missing = [_field(e["loc"]) for e in errors if e["type"] == "missing"]
    if missing:
        return make_error("MISSING_FIELDS", f"the following required fields are missing: {', '.join(missing)}")
    unknown = [_field(e["loc"]) for e in errors if e["type"] == "extra_forbidden"]
    if unknown:
        return make_error("UNKNOWN_FIELDS",
                          f"the following fields are not recognized by this endpoint: {', '.join(unknown)}")
    first = errors[0]
    return make_error("INVALID_FIELD", f"{_field(first['loc'])}: {first['msg']}")


def link_token_create(body: Any) -> LinkTokenCreateRequest:
    req = request("/link/token/create", LinkTokenCreateRequest, body)
    languages = enum("languages")
    if req.language not in languages:
        raise make_error("INVALID_FIELD", f"language must be one of {', '.join(languages)}")
    if "user" not in body and not req.user_id:  # the schema makes both optional; Plaid needs one of them
        raise make_error("MISSING_FIELDS", "the following required fields are missing: user")
    if not req.access_token and not req.products:
        raise make_error("MISSING_FIELDS", "the following required fields are missing: products")
    refused = [p for p in req.products or [] if p in _NOT_INITIAL_PRODUCTS]
    if refused:
        raise make_error("INVALID_PRODUCT", f"client is not authorized to access the following products: {refused}")
    phone = req.user.phone_number
    if phone is not None and not valid_e164(phone):
        raise make_error("INVALID_FIELD", "user.phone_number must be a valid phone number in E.164 format")
    return req


def valid_e164(number: str) -> bool:
    if not number.startswith("+"):
        return False
    import phonenumbers  # only when a phone number is given: it is a large import on the start-up path

    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(number, None))
    except phonenumbers.NumberParseException:
        return False
