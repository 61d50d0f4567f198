"""Plaid's request validation: pydantic errors become MISSING_FIELDS / UNKNOWN_FIELDS / INVALID_FIELD /
INVALID_PRODUCT, and the /link/token/create rules beyond the schema."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from ..plaid.enums import COUNTRY_CODES, LANGUAGES
from ..plaid.errors import PlaidApiError
from ..plaid.models import LinkTokenCreateRequest
from .errors import make_error

# Products Plaid refuses in `products` although they exist (balance comes with every Item).
_NOT_INITIAL_PRODUCTS = {"balance"}


def _field(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc)


def parse(model: type[BaseModel], body: Any) -> Any:
    """`body` as `model`, or the PlaidApiError Plaid answers for it."""
    if not isinstance(body, dict):
        raise make_error("INVALID_BODY")
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        raise _plaid_error(exc) from None


def _plaid_error(exc: ValidationError) -> PlaidApiError:
    errors = exc.errors()
    missing = [_field(e["loc"]) for e in errors if e["type"] == "missing"]
    if missing:
        return make_error("MISSING_FIELDS", f"the following required fields are missing: {', '.join(missing)}")
    unknown = [_field(e["loc"]) for e in errors if e["type"] == "extra_forbidden"]
    if unknown:
        return make_error("UNKNOWN_FIELDS",
                          f"the following fields are not recognized by this endpoint: {', '.join(unknown)}")
    first = errors[0]
    loc = first["loc"]
    if loc and str(loc[0]).endswith("products") and first["type"] == "enum":
        return make_error("INVALID_PRODUCT", f"{_field(loc)}: {first.get('input')!r} is not a Plaid product")
    return make_error("INVALID_FIELD", f"{_field(loc)}: {first['msg']}")


def link_token_create(body: Any) -> LinkTokenCreateRequest:
    req: LinkTokenCreateRequest = parse(LinkTokenCreateRequest, body)
    if req.language not in LANGUAGES:
        raise make_error("INVALID_FIELD", f"language must be one of {', '.join(LANGUAGES)}")
    bad = [c for c in req.country_codes if c not in COUNTRY_CODES]
    if bad:
        raise make_error("INVALID_FIELD", f"country_codes: unsupported country code {bad[0]!r}")
    if not req.access_token and not req.products:
        raise make_error("MISSING_FIELDS", "the following required fields are missing: products")
    refused = [p.value for p in req.products or [] if p.value in _NOT_INITIAL_PRODUCTS]
    if refused:
        raise make_error("INVALID_PRODUCT", f"client is not authorized to access the following products: {refused}")
    if req.user.phone_number is not None and not valid_e164(req.user.phone_number):
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
