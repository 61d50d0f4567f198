"""Plaid's error codes as data (`assets/errors.json`): type, HTTP status, messages, and what Link does next."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ..plaid.errors import PlaidApiError
from ..plaid.models import PlaidError
from .data import load

LinkNext = Literal["retry_credentials", "retry_mfa", "select_institution", "exit", "stay"]


@dataclass(frozen=True)
class ErrorSpec:
    code: str
    error_type: str
    http_status: int
    error_message: str
    display_message: str | None
    title: str
    body: str
    link_next: LinkNext
    sandbox_password: bool


def spec(code: str) -> ErrorSpec:
    raw = load("errors.json")["errors"].get(code)
    if raw is None:
        raise KeyError(f"unknown Plaid error code {code}")
    return ErrorSpec(code=code, **raw)


def is_code(code: str) -> bool:
    return code in load("errors.json")["errors"]


def sandbox_password_codes() -> list[str]:
    """The codes an `error_<CODE>` Sandbox password triggers at login."""
    return sorted(c for c, e in load("errors.json")["errors"].items() if e["sandbox_password"])


def make_error(code: str, message: str | None = None) -> PlaidApiError:
    """The PlaidApiError for `code`; `message` overrides the canonical error_message."""
    s = spec(code)
    err = PlaidError(
        error_type=s.error_type,
        error_code=code,
        error_message=s.error_message if message is None else message,
        display_message=s.display_message,
        documentation_url=f"https://plaid.com/docs/errors/{s.error_type.lower().replace('_', '-')}/#{code.lower()}",
    )
    return PlaidApiError(err, s.http_status)


def error_json(error: PlaidError | dict[str, Any]) -> dict[str, Any]:
    """An error object as Plaid nests it in an Item or a webhook: display_message may be null, unset optional
    fields are left out (the SDKs refuse a null request_id there)."""
    raw = error.model_dump(mode="json") if isinstance(error, PlaidError) else error
    return {k: v for k, v in raw.items() if v is not None or k == "display_message"}
