"""Plaid's checks of a request body that need no models: its conformance to Plaid's request contract, and the
/link/token/create rules beyond the schema. Each answers `(error_code, error_message)` or None, on plain JSON.

Pure Python over the generated contract, cheap to import: `tuilink` runs `link_token_problem` on the command
line's link token body before it takes the terminal over (a bad flag never flashes Link on screen), and the
Sandbox raises the same answers as Plaid errors (`tuilink.sandbox.validation`).
"""
from __future__ import annotations

from typing import Any

from ..link.data import load
from ..plaid.contract import Problem, problems

Answer = tuple[str, str]  # (error_code, error_message)

# Products Plaid refuses in `products` although they exist (balance comes with every Item).
_NOT_INITIAL_PRODUCTS = {"balance"}
_PRODUCTS_SCHEMA = "Products"


def contract() -> dict[str, Any]:
    """The generated request contract (loaded once per process)."""
    result: dict[str, Any] = load("plaid_contract.json")
    return result


def enum(name: str) -> list[str]:
    """One of the contract's enums: products, country_codes, processors, webhook_types, webhook_codes,
    account_types, languages."""
    values: list[str] = contract()["enums"][name]
    return values


def contract_problem(path: str, body: Any) -> Answer | None:
    """What is wrong with `body` as a request to Plaid's endpoint `path`, by Plaid's contract (None: it conforms)."""
    if not isinstance(body, dict):
        return "INVALID_BODY", ""
    terms = contract()
    found = problems(terms, terms["endpoints"][path], body)
    return _answer(found) if found else None


def _answer(found: list[Problem]) -> Answer:
    missing = [p.path for p in found if p.kind == "missing"]
    if missing:
        return "MISSING_FIELDS", f"the following required fields are missing: {', '.join(missing)}"
    unknown = [p.path for p in found if p.kind == "unknown"]
    if unknown:
        return "UNKNOWN_FIELDS", f"the following fields are not recognized by this endpoint: {', '.join(unknown)}"
    first = found[0]
    if first.schema == _PRODUCTS_SCHEMA:
        return "INVALID_PRODUCT", f"{first.path}: {first.detail.split(' is not')[0]} is not a Plaid product"
    return "INVALID_FIELD", f"{first.path}: {first.detail}"


def link_token_problem(body: Any) -> Answer | None:
    """What Plaid refuses in a /link/token/create body: the contract, then the rules the schema leaves out."""
    found = contract_problem("/link/token/create", body)
    if found is not None:
        return found
    languages = enum("languages")
    if body.get("language") not in languages:
        return "INVALID_FIELD", f"language must be one of {', '.join(languages)}"
    if "user" not in body and not body.get("user_id"):  # the schema makes both optional; Plaid needs one of them
        return "MISSING_FIELDS", "the following required fields are missing: user"
    products = body.get("products") or []
    if not body.get("access_token") and not products:
        return "MISSING_FIELDS", "the following required fields are missing: products"
    refused = [p for p in products if p in _NOT_INITIAL_PRODUCTS]
    if refused:
        return "INVALID_PRODUCT", f"client is not authorized to access the following products: {refused}"
    phone = (body.get("user") or {}).get("phone_number")
    if phone is not None and not valid_e164(phone):
        return "INVALID_FIELD", "user.phone_number must be a valid phone number in E.164 format"
    return None


def valid_e164(number: str) -> bool:
    if not number.startswith("+"):
        return False
    import phonenumbers  # only when a phone number is given: it is a large import on the start-up path

    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(number, None))
    except phonenumbers.NumberParseException:
        return False
