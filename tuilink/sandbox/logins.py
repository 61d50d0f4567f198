"""What a username/password does at a Sandbox institution: succeed, ask for MFA, or fail with a Plaid error.

The magic values are data in `assets/sandbox_users.json` and `assets/errors.json`; the patterns
(`mfa_questions_<n>_<m>`, `mfa_selections_<n>_<m>_<o>`, `error_<CODE>`) are parsed here.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ..copy import ENGLISH, plural, text
from ..link.data import load
from ..link.errors import make_error, spec
from ..plaid.link_api import MfaChallenge, MfaQuestion
from .catalogue import Institution

_QUESTIONS = re.compile(r"^mfa_questions_(\d)_(\d)$")
_SELECTIONS = re.compile(r"^mfa_selections_(\d)_(\d)_(\d)$")
_ERROR = re.compile(r"^error_([A-Z_]+)$")


@dataclass(frozen=True)
class MfaRound:
    challenge: MfaChallenge
    expected: tuple[str, ...] | None  # None: any answer is accepted (choosing a device)


def rules() -> dict[str, Any]:
    found: dict[str, Any] = load("sandbox_users.json")["logins"]
    return found


def login(institution: Institution, username: str, password: str, pin: str | None,
          language: str = ENGLISH) -> list[MfaRound]:
    """The MFA rounds the login must pass (empty: logged in), their prompts in the session's `language` (the
    questions, devices and answers are the institution's own). Raises PlaidApiError for a failed login."""
    r = rules()
    if username in r["persona_usernames"] and password:
        return []
    if username not in r["good_usernames"]:
        raise make_error("INVALID_CREDENTIALS")
    if institution.needs_pin and pin != r["good_pin"]:
        raise make_error("INVALID_CREDENTIALS")
    if password in (r["good_password"], r["microdeposits_password"]):
        return []
    if password == r["mfa_device_password"]:
        return _device_rounds(language)
    if password == r["mfa_selections_password"]:
        return [_selection_round(1, 1, [r["mfa_selections_options"]], (r["mfa_selections_answer"],), language)]
    if m := _QUESTIONS.match(password):
        n, per = int(m[1]), int(m[2])
        if n >= 1 and per >= 1:
            return [_question_round(i, n, per, language) for i in range(n)]
    if m := _SELECTIONS.match(password):
        n, per, options = int(m[1]), int(m[2]), int(m[3])
        if n >= 1 and per >= 1 and options >= 2:
            return [
                _selection_round(
                    i + 1,
                    n,
                    [[f"answer_{i + 1}_{j + 1}_{k}" for k in range(options)] for j in range(per)],
                    tuple(f"answer_{i + 1}_{j + 1}_0" for j in range(per)),
                    language,
                )
                for i in range(n)
            ]
    if (m := _ERROR.match(password)) and _is_password_code(m[1]):
        raise make_error(m[1])
    raise make_error("INVALID_CREDENTIALS")


def check_answers(mfa_round: MfaRound, answers: list[str]) -> None:
    """Raises INVALID_MFA unless `answers` answer the round."""
    if mfa_round.expected is None:
        if len(answers) == 1 and answers[0] in mfa_round.challenge.devices:
            return
        raise make_error("INVALID_MFA")
    if tuple(a.strip() for a in answers) != mfa_round.expected:
        raise make_error("INVALID_MFA")


def _is_password_code(code: str) -> bool:
    try:
        return spec(code).sandbox_password
    except KeyError:
        return False


def _device_rounds(language: str) -> list[MfaRound]:
    r = rules()
    devices = list(r["mfa_devices"])
    pick = MfaChallenge(type="device", round=1, rounds=2, devices=devices,
                        prompt=text("mfa.prompt.device", language))
    code = MfaChallenge(type="code", round=2, rounds=2, prompt=text("mfa.prompt.code", language))
    return [MfaRound(pick, None), MfaRound(code, (r["mfa_device_code"],))]


def _question_round(i: int, rounds: int, per_round: int, language: str) -> MfaRound:
    questions = [MfaQuestion(text=f"Security question {j + 1} of round {i + 1} (question_{i}_{j})")
                 for j in range(per_round)]
    return MfaRound(
        MfaChallenge(type="questions", round=i + 1, rounds=rounds, questions=questions,
                     prompt=text("mfa.prompt.questions", language)),
        tuple(f"answer_{i}_{j}" for j in range(per_round)),
    )


def _selection_round(number: int, rounds: int, options: list[list[str]], expected: tuple[str, ...],
                     language: str) -> MfaRound:
    questions = [MfaQuestion(text=f"Question {j + 1}: choose the right answer" if len(options) > 1
                             else "Did you recently make a purchase at Platypus Coffee?", options=opts)
                 for j, opts in enumerate(options)]
    return MfaRound(
        MfaChallenge(type="selections", round=number, rounds=rounds, questions=questions,
                     prompt=plural("mfa.prompt.selections", language, len(questions))),
        expected,
    )




def recaptcha_outcome(password: str) -> str | None:
    """"good" or "bad" for the reCAPTCHA passwords ({"recaptcha":"good"} / {"recaptcha":"bad"}), else None."""
    if not password.lstrip().startswith("{"):
        return None
    try:
        value = json.loads(password)
    except ValueError:
        return None
    outcome = value.get("recaptcha") if isinstance(value, dict) else None
    return outcome if outcome in ("good", "bad") else None


def recaptcha_challenge(attempt: int = 0) -> str:
    """The word a terminal reCAPTCHA asks the user to type on its `attempt`-th challenge (a fixed sequence:
    the Sandbox's challenge guards nothing, and fixed words keep pictures of the pane reproducible)."""
    words: list[str] = rules()["recaptcha"]["words"]
    return words[attempt % len(words)]
