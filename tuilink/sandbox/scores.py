"""The Sandbox's scores: /identity/match (how well what a client knows of its user matches the Item's identity)
and /signal/evaluate (the return risk of a planned ACH debit). Pure functions over data; the rules' numbers live
in assets/plaid_api.json ("identity_match", "signal")."""
from __future__ import annotations

import bisect
import re
from difflib import SequenceMatcher
from typing import Any

from ..link.data import load


def _rules(name: str) -> dict[str, Any]:
    rules: dict[str, Any] = load("plaid_api.json")[name]
    return rules


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold())


def _similarity(a: str, b: str) -> int:
    """0-100: how alike two normalised strings are."""
    if not a or not b:
        return 0
    return round(SequenceMatcher(None, a, b).ratio() * 100)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)[-10:]


def name_score(given: str, names: list[str]) -> dict[str, Any]:
    words = _words(given)
    best = max((_similarity(" ".join(words), " ".join(_words(n))) for n in names), default=0)
    known = [_words(n) for n in names]
    first_or_last = any(w and (words[:1] == w[:1] or words[-1:] == w[-1:]) for w in known) if words else False
    business = bool(set(words) & set(_rules("identity_match")["business_words"]))
    return {"score": best, "is_first_name_or_last_name_match": first_or_last, "is_nickname_match": False,
            "is_business_name_detected": business}


def phone_score(given: str, phones: list[str]) -> dict[str, Any]:
    return {"score": max((100 if _digits(given) == _digits(p) else _similarity(_digits(given), _digits(p))
                          for p in phones), default=0)}


def email_score(given: str, emails: list[str]) -> dict[str, Any]:
    return {"score": max((_similarity(given.strip().casefold(), e.casefold()) for e in emails), default=0)}


def address_score(given: dict[str, Any], addresses: list[dict[str, Any]]) -> dict[str, Any]:
    def line(a: dict[str, Any]) -> str:
        return " ".join(" ".join(_words(str(a.get(k) or ""))) for k in ("street", "city", "region", "country"))

    postal = _words(str(given.get("postal_code") or ""))[:1]
    return {"score": max((_similarity(line(given), line(a)) for a in addresses), default=0),
            "is_postal_code_match": bool(postal) and any(_words(str(a.get("postal_code") or ""))[:1] == postal
                                                         for a in addresses)}


_UNSCORED: dict[str, dict[str, Any]] = {
    "legal_name": {"score": None, "is_first_name_or_last_name_match": None, "is_nickname_match": None,
                   "is_business_name_detected": None},
    "phone_number": {"score": None},
    "email_address": {"score": None},
    "address": {"score": None, "is_postal_code_match": None},
}


def identity_match(user: dict[str, Any], owners: list[dict[str, Any]] | None) -> dict[str, Any]:
    """The match scores of one account, for each of Plaid's four fields: null scores for a field the client did
    not give, or when the Item has no identity to match against."""
    owners = owners or []
    out = {field: dict(unscored) for field, unscored in _UNSCORED.items()}
    if not owners:
        return out
    if user.get("legal_name"):
        out["legal_name"] = name_score(user["legal_name"], [n for o in owners for n in o["names"]])
    if user.get("phone_number"):
        out["phone_number"] = phone_score(user["phone_number"], [p["data"] for o in owners for p in o["phone_numbers"]])
    if user.get("email_address"):
        out["email_address"] = email_score(user["email_address"], [e["data"] for o in owners for e in o["emails"]])
    if user.get("address"):
        out["address"] = address_score(user["address"], [a["data"] for o in owners for a in o["addresses"]])
    return out


def _tier(score: int, bands: list[int]) -> int:
    return bisect.bisect_left(bands, score) + 1


def signal_scores(amount: float, available: float | None) -> dict[str, Any]:
    """Scores of a planned debit of `amount` from an account with `available` balance (None: unknown)."""
    rules = _rules("signal")
    if available is None or available <= 0:
        bank = 99 if amount > 0 else 1
    else:
        bank = max(1, min(99, round(amount / available * 80)))
    customer = rules["customer_initiated"]["score"]
    return {
        "customer_initiated_return_risk": {"score": customer,
                                           "risk_tier": _tier(customer, rules["customer_initiated_tiers"])},
        "bank_initiated_return_risk": {"score": bank, "risk_tier": _tier(bank, rules["bank_initiated_tiers"])},
    }


def signal_result(scores: dict[str, Any]) -> str:
    """The ruleset's result for these scores: ACCEPT, REVIEW or REROUTE (Plaid's default ruleset bands)."""
    rules = _rules("signal")
    tier = scores["bank_initiated_return_risk"]["risk_tier"]
    if tier >= rules["reroute_from_tier"]:
        return "REROUTE"
    return "REVIEW" if tier >= rules["review_from_tier"] else "ACCEPT"
