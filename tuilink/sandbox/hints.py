"""The Sandbox's magic values that do something on a given pane: what the hints panel offers.

Every value comes from the Sandbox's own data (`assets/sandbox_users.json`, `assets/errors.json`,
`assets/institutions.json`), so a hint can never drift from what the Sandbox does with it. A hint fills
hint fills a pane as a scenario step would: its `fill` is a step table (`username`, `password`, `pin`, `phone`,
`otp`, `code`, `search`, `routing_number`, `account_number`, `legal_name`, `answer`, and the lists `answers`
and `selections`), and the pane's view puts each value where it belongs.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..link.data import load
from ..link.errors import spec
from ..plaid import link_api as L
from .catalogue import Catalogue, Institution, default_catalogue

# A few invalid entries worth trying on each kind of field (what Plaid answers is in the effect).
_WRONG_OTP = "000000"
_WRONG_DEPOSIT_CODE = "XYZ"
_INVALID_PHONE = "4151231234"


Hint = L.Hint


def _hint(label: str, effect: str, fill: dict[str, str | list[str]] | None = None) -> Hint:
    return Hint(label=label, effect=effect, fill=fill or {})


@dataclass(frozen=True)
class PaneContext:
    """What a pane shows that changes its hints (all optional)."""

    institution_id: str | None = None
    account_mask: str | None = None  # NUMBERS: the account being verified
    mfa_type: str | None = None
    mfa_round: int = 1
    mfa_questions: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (text, options) per question
    challenge: str | None = None  # RECAPTCHA: the word on screen
    products: tuple[str, ...] = ()
    country_codes: tuple[str, ...] = ()
    catalogue: Catalogue | None = None  # the session's (None: the default catalogue)

    @property
    def institutions(self) -> Catalogue:
        return self.catalogue or default_catalogue()


def for_pane(pane_id: str, context: PaneContext | None = None) -> list[Hint]:
    """The hints for `pane_id` (empty when nothing typed there changes what the Sandbox does)."""
    context = context or PaneContext()
    make = _BY_PANE.get(pane_id)
    return make(context) if make is not None else []


def _users() -> dict[str, Any]:
    users: dict[str, Any] = load("sandbox_users.json")
    return users


def _institution(context: PaneContext) -> Institution | None:
    return context.institutions.get(context.institution_id) if context.institution_id else None


def _phone(_: PaneContext) -> list[Hint]:
    returning = _users()["returning_users"]
    hints = [_hint(_national(number), f"{user['scenario']} (code {returning['otp']})", {"phone": number})
             for number, user in returning["phones"].items()]
    hints.append(_hint(_INVALID_PHONE, "Not a valid number: INVALID_PHONE_NUMBER, stay on this pane",
                      {"phone": _INVALID_PHONE}))
    return hints


def _national(e164: str) -> str:
    digits = e164.removeprefix("+1")
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}" if len(digits) == 10 else e164


def _otp(_: PaneContext) -> list[Hint]:
    returning = _users()["returning_users"]
    return [
        _hint(returning["otp"], "The Sandbox's code: verifies the phone", {"otp": returning["otp"]}),
        _hint(_WRONG_OTP, f"Wrong code: INVALID_OTP; the {_ordinal(returning['max_otp_attempts'])} wrong one ends "
                         "verification (PROFILE_AUTHENTICATION_FAILED) and goes on as a guest", {"otp": _WRONG_OTP}),
    ]


def _ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}.get(n, f"{n}th")


def _search(context: PaneContext) -> list[Hint]:
    hints = []
    for inst in context.institutions.institutions:
        if inst.sandbox and inst.note:
            countries = list(context.country_codes or inst.country_codes)
            if not inst.supports(list(context.products), countries):
                continue
            hints.append(_hint(inst.name, inst.note, {"search": inst.name}))
    for inst in _instant_microdeposit_banks(context)[:1]:
        routing = inst.routing_numbers[0]
        hints.append(_hint(routing, f"A routing number finds its bank: {inst.name}", {"search": routing}))
    hints.append(_hint("no match", "A search that finds nothing offers \"Link with account numbers\" when a "
                                  "manual Auth flow is on", {"search": "zzzz"}))
    return hints


def _instant_microdeposit_banks(context: PaneContext) -> list[Institution]:
    """The test institutions a typed routing number sends to Instant Micro-deposits (Windowpane Bank)."""
    return [i for i in context.institutions.institutions
            if i.sandbox and "instant_microdeposits" in i.auth_methods and i.routing_numbers]


def _credentials(context: PaneContext) -> list[Hint]:
    logins = _users()["logins"]
    inst = _institution(context)
    pin = {"pin": logins["good_pin"]} if inst is not None and inst.needs_pin else {}
    user = logins["good_usernames"][0]

    def login(password: str, effect: str, username: str = user) -> Hint:
        extra = f" (PIN {logins['good_pin']})" if pin else ""
        return _hint(f"{username} / {password}{extra}", effect, {"username": username, "password": password, **pin})

    hints = [
        login(logins["good_password"], "Logs in, no MFA"),
        login(logins["mfa_device_password"], f"MFA: pick a device, then code {logins['mfa_device_code']}"),
        login("mfa_questions_1_1", "MFA: one security question (answer_0_0)"),
        login("mfa_questions_3_2", "MFA: three rounds of two questions (answer_<round>_<question>, from 0)"),
        login(logins["mfa_selections_password"],
              f"MFA: one multiple-choice question ({logins['mfa_selections_answer']})"),
        login("mfa_selections_2_2_3", "MFA: two rounds of two choices (answer_<round>_<question>_0)"),
        login('{"recaptcha":"good"}', "A reCAPTCHA to solve, then logged in"),
        login('{"recaptcha":"bad"}', "A reCAPTCHA to solve, then RECAPTCHA_BAD"),
    ]
    if inst is not None and "automated_microdeposits" in inst.auth_methods:
        hints.insert(1, login(logins["microdeposits_password"],
                              "Automated Micro-deposits (with auth.automated_microdeposits_enabled)"))
    hints.append(login("wrong", "INVALID_CREDENTIALS: try again"))
    codes = load("errors.json")["errors"]
    for code in codes:
        if spec(code).sandbox_password:
            hints.append(login(f"error_{code}", f"Fails with {code}"))
    persona = logins["persona_usernames"][0]
    hints.append(login("any password", f"A persona user ({', '.join(logins['persona_usernames'][:3])}, …): logs "
                                       "in with any password", username=persona))
    return hints


def _mfa(context: PaneContext) -> list[Hint]:
    logins = _users()["logins"]
    if context.mfa_type == "code":
        code = logins["mfa_device_code"]
        return [_hint(code, "The device code: passes MFA", {"code": code}),
                _hint("0000", "Wrong code: INVALID_MFA", {"code": "0000"})]
    if context.mfa_type == "device":
        return [_hint("any device", f"Pick where the code goes; the code is {logins['mfa_device_code']}")]
    if context.mfa_type == "questions":
        answers = [f"answer_{context.mfa_round - 1}_{j}" for j in range(len(context.mfa_questions))]
        return [_hint(", ".join(answers) or "answer_<round>_<question>", "The right answers", {"answers": answers}),
                _hint("wrong", "Wrong answers: INVALID_MFA", {"answers": ["wrong"] * len(answers)})]
    if context.mfa_type == "selections":
        right = [_right_option(options) for _, options in context.mfa_questions]
        wrong = [options[-1] if options else "" for _, options in context.mfa_questions]
        return [_hint(", ".join(right), "The right choices", {"selections": right}),
                _hint(", ".join(wrong), "Wrong choices: INVALID_MFA", {"selections": wrong})]
    return []


def _right_option(options: tuple[str, ...]) -> str:
    answer: str = _users()["logins"]["mfa_selections_answer"]
    if answer in options:
        return answer
    return next((o for o in options if o.endswith("_0")), options[0] if options else "")


def _recaptcha(context: PaneContext) -> list[Hint]:
    if not context.challenge:
        return []
    return [_hint(context.challenge, "The word on screen: solves the challenge", {"answer": context.challenge}),
            _hint("wrong", "Not the word: a new challenge", {"answer": "wrong"})]


def _numbers(context: PaneContext) -> list[Hint]:
    users = _users()
    prefix = users["ach"]["account_prefix"]
    inst = _institution(context)
    if inst is not None and context.account_mask:  # Instant Match / Automated Micro-deposits: this account's numbers
        routing = inst.routing_numbers[0] if inst.routing_numbers else users["ach"]["routing"]
        account = prefix + context.account_mask
        return [_hint(f"{routing} / {account}", f"This account's numbers at {inst.name}: they match",
                     {"routing_number": routing, "account_number": account}),
                _hint(f"{routing} / {prefix}9999", "Another account number: they do not match",
                     {"routing_number": routing, "account_number": prefix + "9999"})]
    hints = []
    for inst in _instant_microdeposit_banks(context):
        routing = inst.routing_numbers[0]
        hints.append(_hint(f"{routing} / {prefix}0000", f"{inst.name}: Instant Micro-deposits "
                                                      "(with auth.instant_microdeposits_enabled)",
                          {"routing_number": routing, "account_number": prefix + "0000"}))
    routing = users["ach"]["routing"]
    hints.append(_hint(f"{routing} / {prefix}0000", "Any valid numbers: Same-Day Micro-deposits",
                      {"routing_number": routing, "account_number": prefix + "0000"}))
    for account, result in users["auth"]["database_auth"]["results"].items():
        hints.append(_hint(f"{routing} / {account}", f"Database Auth: {result}",
                          {"routing_number": routing, "account_number": account}))
    hints.append(_hint("123456789", "Fails the ABA checksum: an invalid routing number",
                      {"routing_number": "123456789"}))
    return hints


def _legal_name(_: PaneContext) -> list[Hint]:
    names = _users()["auth"]["database_auth"]["name_match"]
    return [_hint(name.title(), f"Any name; Database Auth scores this one {score}", {"legal_name": name.title()})
            for name, score in names.items()]


def _deposit_code(_: PaneContext) -> list[Hint]:
    manual = _users()["auth"]["manual_entry"]
    code = manual["deposit_code"]
    return [_hint(code, "The code in the deposit's description: verifies the account", {"code": code}),
            _hint(_WRONG_DEPOSIT_CODE, f"Wrong code: {manual['max_code_attempts']} attempts, then "
                                      "TOO_MANY_VERIFICATION_ATTEMPTS", {"code": _WRONG_DEPOSIT_CODE})]


def _oauth_bank(_: PaneContext) -> list[Hint]:
    return [_hint("any username / password", "The bank's page accepts anything; Deny ends with OAUTH_ERROR",
                 {"username": "user_good", "password": "pass_good"})]


def _matched_credential(_: PaneContext) -> list[Hint]:
    logins = _users()["logins"]
    return [_hint(logins["good_password"], "The remembered user's password", {"password": logins["good_password"]})]


def _matched_mfa(_: PaneContext) -> list[Hint]:
    otp = _users()["legacy_returning_user"]["otp"]
    return [_hint(otp, "The Sandbox's code", {"otp": otp})]


_BY_PANE = {
    "SUBMIT_PHONE": _phone,
    "VERIFY_PHONE": _otp,
    "SELECT_INSTITUTION": _search,
    "CREDENTIAL": _credentials,
    "MFA": _mfa,
    "RECAPTCHA": _recaptcha,
    "NUMBERS": _numbers,
    "LEGAL_NAME": _legal_name,
    "SAME_DAY_MICRODEPOSIT_VERIFICATION": _deposit_code,
    "INSTANT_MICRODEPOSIT_VERIFICATION": _deposit_code,
    "OAUTH_BANK": _oauth_bank,
    "MATCHED_CREDENTIAL": _matched_credential,
    "MATCHED_MFA": _matched_mfa,
}
