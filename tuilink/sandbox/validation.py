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

from ..link.errors import make_error
from ..plaid.errors import PlaidApiError
from ..plaid.models import LinkTokenCreateRequest
from .token_rules import contract, contract_problem, enum, link_token_problem, valid_e164

__all__ = ["check", "contract", "enum", "link_token_create", "parse", "request", "valid_e164"]

M = TypeVar("M", bound=BaseModel)


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
    found = contract_problem(path, body)
    if found is not None:
        raise make_error(*found) if found[1] else make_error(found[0])


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
    """A /link/token/create body, checked by Plaid's contract and rules, read into its view."""
    found = link_token_problem(body)
    if found is not None:
        raise make_error(*found) if found[1] else make_error(found[0])
    return parse(LinkTokenCreateRequest, body)
