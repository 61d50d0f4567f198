"""The format checks Link makes on what a user types, before it asks the Sandbox: routing and account
numbers, a one-time code, a micro-deposit code. Each answers None, or what is wrong in Link's words in the
session's language."""
from __future__ import annotations

from stdnum.exceptions import ValidationError
from stdnum.us import rtn

from ..copy import ENGLISH, text

ACCOUNT_DIGITS = (4, 17)


def routing_problem(routing: str, language: str = ENGLISH) -> str | None:
    """What is wrong with a typed routing number, in Link's words (None: a valid ABA routing number)."""
    if not routing.isascii() or not routing.isdigit() or len(routing) != 9:
        return text("numbers.routing_digits", language)
    try:
        rtn.validate(routing)
    except ValidationError:
        return text("numbers.routing_invalid", language)
    return None


def account_problem(account: str, language: str = ENGLISH) -> str | None:
    low, high = ACCOUNT_DIGITS
    if not account.isascii() or not account.isdigit() or not low <= len(account) <= high:
        return text("numbers.account_digits", language, low=low, high=high)
    return None


def code_problem(code: str, language: str = ENGLISH) -> str | None:
    """What is wrong with a typed micro-deposit code (three letters), in Link's words."""
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        return text("deposit.code_format", language)
    return None


def otp_problem(code: str, language: str = ENGLISH) -> str | None:
    """What is wrong with a typed one-time code (six digits), in Link's words."""
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return text("phone.otp_format", language)
    return None
