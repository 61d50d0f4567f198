"""Which Auth flow verifies an Item's numbers, and the checks on typed routing and account numbers.

Instant Auth where the institution has it; otherwise Instant Match, or Automated Micro-deposits for the
`microdeposits_good` login when the link token enables it (PLAID_FACTS §3.1, §5.0, §5.2, §5.3). The
extended flows need `country_codes == ["US"]`.
"""
from __future__ import annotations

from typing import Any

from ..link.data import load
from ..link.errors import make_error
from ..link.formats import account_problem, routing_problem
from ..plaid.models import LinkTokenCreateRequest
from .catalogue import Institution


def rules() -> dict[str, Any]:
    found: dict[str, Any] = load("sandbox_users.json")["auth"]
    return found


def auth_method(inst: Institution, request: LinkTokenCreateRequest, microdeposits_login: bool) -> str | None:
    """The `item.auth_method` of a login at `inst` (None when `auth` is not requested)."""
    if "auth" not in list(request.products or []):
        return None
    methods = inst.auth_methods
    if "instant_auth" in methods:
        return "INSTANT_AUTH"
    options = request.auth
    extended = request.country_codes == rules()["extended_flows_countries"]
    if (microdeposits_login and extended and "automated_microdeposits" in methods
            and options is not None and options.automated_microdeposits_enabled):
        return "AUTOMATED_MICRODEPOSITS"
    if extended and "instant_match" in methods and (options is None or options.instant_match_enabled is not False):
        return "INSTANT_MATCH"
    if "instant_match" in methods:
        raise make_error("INSTANT_MATCH_FAILED")
    raise make_error("NO_AUTH_ACCOUNTS")


def needs_numbers(method: str | None) -> bool:
    return method in rules()["single_account_methods"]


def needs_legal_name(method: str | None) -> bool:
    return method in rules()["legal_name_methods"]


def verification_status(method: str | None) -> str | None:
    statuses: dict[str, str | None] = rules()["verification_status"]
    return statuses.get(method or "INSTANT_AUTH")


def sandbox_account_number(mask: str) -> str:
    """The ACH account number the Sandbox gives the `user_good` account with this mask."""
    prefix: str = load("sandbox_users.json")["ach"]["account_prefix"]
    return prefix + mask


def check_numbers(inst: Institution, method: str | None, mask: str | None, routing: str, account: str) -> None:
    """Instant Match / Automated Micro-deposits at an institution: the numbers typed for the selected account.
    Raises INVALID_ACCOUNT_NUMBER ("Account or routing number incorrect") unless they pass.

    Both flows: the routing number must pass the ABA checksum and be the institution's own (the bank the user
    just logged in to; at Houndstooth Bank the Sandbox's 021000021, PLAID_FACTS §3.1, §5.2).
    Instant Match (seed 000: "Plaid will then verify the last four digits of the user-provided account number
    against the account mask"): any 4–17 digit account number whose last four digits are the selected account's
    mask passes, so 1111222233331111 for Plaid Saving is one such number, not the only one.
    Automated Micro-deposits: seed 000 states the last-four rule for Instant Match only; an automated
    micro-deposit is sent to the exact number typed, and the Sandbox's deposit lands only in its own account, so
    the documented number stays the only one that passes (1111222233330000 for Plaid Checking, PLAID_FACTS §5.3).
    """
    if routing_problem(routing) or account_problem(account) or routing not in inst.routing_numbers or not mask:
        raise make_error("INVALID_ACCOUNT_NUMBER")
    if method == "INSTANT_MATCH":
        if account[-4:] != mask:
            raise make_error("INVALID_ACCOUNT_NUMBER")
    elif account != sandbox_account_number(mask):
        raise make_error("INVALID_ACCOUNT_NUMBER")


# --- Same-Day Micro-deposits ------------------------------------------------------------------------------

def manual_rules() -> dict[str, Any]:
    found: dict[str, Any] = rules()["manual_entry"]
    return found


def database_auth_enabled(request: LinkTokenCreateRequest) -> bool:
    """Database Auth checks manually entered numbers instead of a micro-deposit."""
    return bool(request.auth is not None and (request.auth.database_insights_enabled or
                                              request.auth.database_match_enabled))


def manual_entry_enabled(request: LinkTokenCreateRequest) -> bool:
    """"Link with account numbers" is offered: Same-Day Micro-deposits or Database Auth on, only auth/transfer
    products, US only."""
    products = list(request.products or [])
    return bool(
        request.auth is not None and (request.auth.same_day_microdeposits_enabled or database_auth_enabled(request))
        and products and set(products) <= set(manual_rules()["products"])
        and request.country_codes == rules()["extended_flows_countries"]
    )


def database_result(account_number: str, legal_name: str | None) -> tuple[str, int]:
    """(verification_status, name_match_score) Database Auth gives these numbers and name."""
    r = rules()["database_auth"]
    name = " ".join((legal_name or "").casefold().split())
    return r["results"].get(account_number, r["other_result"]), r["name_match"].get(name, r["other_name_score"])


def instant_microdeposits(request: LinkTokenCreateRequest) -> bool:
    """Instant Micro-deposits are on: `auth.instant_microdeposits_enabled`, US only, and products only Auth or
    Transfer (seed 000: Items created for micro-deposit verification "cannot be used with any Plaid products other
    than Auth or Transfer"; the same product rule as Same-Day Micro-deposits, `manual_entry.products`). With any
    other product the session behaves as if the flag were off: an institution whose only Auth method is Instant
    Micro-deposits (Windowpane Bank) is then a login bank without a usable Auth method, so a login there ends with
    NO_AUTH_ACCOUNTS, as `auth_method` says."""
    products = list(request.products or [])
    return bool(request.auth is not None and request.auth.instant_microdeposits_enabled
                and request.country_codes == rules()["extended_flows_countries"]
                and products and set(products) <= set(manual_rules()["products"]))


def manual_account_name(account_type: str, account_number: str) -> str:
    """How Plaid names a manually entered account: "Checking...1234"."""
    return f"{account_type.capitalize()}...{account_number[-4:]}"


def check_code(code: str, attempts_used: int) -> tuple[bool, int]:
    """(whether `code` is the deposit code, attempts left after this one)."""
    r = manual_rules()
    left = r["max_code_attempts"] - attempts_used - 1
    return code.strip().upper() == r["deposit_code"], left


def can_move(status: str | None, new_status: str) -> bool:
    """The verification-status state machine: pending → verified / failed (manual) or expired (automatic)."""
    return new_status in rules()["verification_transitions"].get(status or "", [])
