"""Regenerate the README screenshots: one SVG per pane/flow in assets/screenshots/.

Drives the real app headlessly at 80x24 through its widgets (the same Driver that runs scenario
scripts), walks to each pane and saves Textual's SVG screenshot of it.

    python tools/screenshots.py              # every screenshot
    python tools/screenshots.py consent mfa_device   # only these
    python tools/screenshots.py --list       # the names
"""
from __future__ import annotations

import os

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")  # read by Textual at import time

import asyncio  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from tuilink.flow import Options  # noqa: E402
from tuilink.launch import embedded_session, link_token_body  # noqa: E402
from tuilink.scripts.runner import walk  # noqa: E402
from tuilink.ui.app import LinkApp  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assets" / "screenshots"
SIZE = (80, 24)

# Steps are scenario-script step tables (see README "Scenario scripts"), applied pane by pane.
CONTINUE = {"action": "continue"}
TO_CREDENTIAL = [CONTINUE, {"search": "First Platypus", "select": "ins_109508"}]
LOGIN = TO_CREDENTIAL + [{"username": "user_good", "password": "pass_good"}]
RUX = [CONTINUE, {"phone": "4155550011"}, {"otp": "123456"}]
OAUTH = [CONTINUE, {"search": "Platypus OAuth", "select": "ins_127287"}]


def login(password: str) -> list[dict[str, Any]]:
    return TO_CREDENTIAL + [{"username": "user_good", "password": password}]


# name -> (link token fields and session options, steps leading to the pane)
SHOTS: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {
    # Instant Auth
    "consent": ({}, []),
    "select_institution": ({}, [CONTINUE]),
    "select_institution_search": ({}, [CONTINUE, {"search": "platypus"}]),
    "select_institution_unsupported": ({"products": ["investments"]},
                                       [CONTINUE, {"search": "Balance Bank", "select": "ins_130016"}]),
    "select_institution_down": ({}, [CONTINUE, {"search": "Unhealthy Platypus Bank - Down", "select": "ins_132361"}]),
    "credential": ({}, TO_CREDENTIAL),
    "credential_pin": ({}, [CONTINUE, {"search": "Tattersall", "select": "ins_109510"}]),
    "credential_degraded": ({}, [CONTINUE, {"search": "Degraded", "select": "ins_132363"}]),
    "select_account": ({}, LOGIN),
    "select_account_single": ({"account_select": "single"}, LOGIN),
    "connected": ({}, LOGIN + [{"accounts": ["0000"]}]),
    # MFA
    "mfa_device": ({}, login("mfa_device")),
    "mfa_code": ({}, login("mfa_device") + [{"device": 0}]),
    "mfa_questions": ({}, login("mfa_questions_2_2")),
    "mfa_selections": ({}, login("mfa_selections_1_2_3")),
    # Returning user
    "submit_phone": ({"returning_user": True}, [CONTINUE]),
    "submit_phone_invalid": ({"returning_user": True}, [CONTINUE, {"phone": "4151231234"}]),
    "verify_phone": ({"returning_user": True}, [CONTINUE, {"phone": "4155550011"}]),
    "verify_phone_wrong": ({"returning_user": True}, RUX[:2] + [{"otp": "000000"}]),
    "select_institution_otp_locked": ({"returning_user": True},
                                      RUX[:2] + [{"otp": "000000"}, {"otp": "111111"}, {"otp": "222222"}]),
    "select_saved_institution": ({"returning_user": True}, RUX),
    "select_saved_account": ({"returning_user": True},
                             [CONTINUE, {"phone": "4155550012"}, {"otp": "123456"}, {"select": "ins_109508"}]),
    "select_institution_saved_first": ({"returning_user": True},
                                       [CONTINUE, {"phone": "4155550014"}, {"otp": "123456"}]),
    # Errors and exit
    "error": ({}, login("error_ITEM_LOCKED")),
    "error_invalid_credentials": ({}, login("error_INVALID_CREDENTIALS")),
    "exit": ({}, TO_CREDENTIAL + [{"action": "exit"}]),
    # OAuth
    "oauth": ({}, OAUTH),
    "oauth_bank": ({}, OAUTH + [CONTINUE]),
    "oauth_select_account": ({}, OAUTH + [CONTINUE, {"action": "approve"}]),
}

SESSION_OPTIONS = {"returning_user", "account_select"}


def make_app(settings: dict[str, Any]) -> LinkApp:
    body = {k: v for k, v in settings.items() if k not in SESSION_OPTIONS}
    options = Options(returning_user=settings.get("returning_user", False),
                      account_select=settings.get("account_select", "multiple"))
    session = embedded_session(link_token_body(**body), options, latency_ms=0)
    return LinkApp(session, test_mode=True)


async def capture(name: str) -> Path:
    settings, steps = SHOTS[name]
    app = make_app(settings)
    async with app.run_test(headless=True, size=SIZE) as pilot:
        await walk(app, pilot, steps)
        await pilot.pause()
        OUT.mkdir(parents=True, exist_ok=True)
        app.save_screenshot(f"{name}.svg", str(OUT))
    return OUT / f"{name}.svg"


async def main(names: list[str]) -> int:
    unknown = [n for n in names if n not in SHOTS]
    if unknown:
        print(f"unknown screenshot(s): {', '.join(unknown)} (see --list)", file=sys.stderr)
        return 2
    failed = 0
    for name in names or list(SHOTS):
        started = time.perf_counter()
        try:
            path = await capture(name)
        except Exception as exc:  # report every failure, keep going
            failed += 1
            print(f"FAIL {name}: {exc}", file=sys.stderr)
            continue
        print(f"{path.relative_to(ROOT)}  ({time.perf_counter() - started:.1f}s)")
    return 1 if failed else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if args == ["--list"]:
        print("\n".join(SHOTS))
        sys.exit(0)
    sys.exit(asyncio.run(main(args)))
