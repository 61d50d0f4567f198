"""Regenerate the README screenshots: one SVG per pane of the catalogue (`tuilink.scripts.panes`).

Drives the real app headlessly at 80x24 through its widgets (the same Driver that runs scenario scripts),
walks to each pane and saves Textual's SVG screenshot of it.

    python -m tuilink.scripts.screenshots                      # every screenshot, into assets/screenshots/
    python -m tuilink.scripts.screenshots consent mfa_device   # only these
    python -m tuilink.scripts.screenshots --list               # the names
"""
from __future__ import annotations

import os

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")  # read by Textual at import time

import asyncio
import sys
import time
from pathlib import Path

from ..link import tokens
from .panes import CONTINUE, LOGIN, PANES, TO_CREDENTIAL, make_app
from .runner import walk

OUT = Path("assets") / "screenshots"
SIZE = (80, 24)
NOON = 1_767_268_800.0  # 2026-01-01T12:00:00Z: the events' timestamps in the pictures

# Beyond the panes: the side panels and the result screen — settings, steps, keys pressed after them, size,
# and whether the app shows the result screen.
EXTRAS: dict[str, tuple[dict, list, list[str], tuple[int, int], bool]] = {
    "hints_credential": ({}, TO_CREDENTIAL, ["f1"], (120, 32), False),
    "hints_submit_phone": ({"returning_user": True}, [CONTINUE], ["f1"], (120, 32), False),
    "hints_numbers": ({}, PANES["numbers"][1], ["f1"], (120, 32), False),
    "events_panel": ({}, TO_CREDENTIAL + [{"username": "user_good", "password": "mfa_device"}], ["f2"], (120, 32),
                     False),
    "result_on_success": ({}, LOGIN + [{"accounts": ["0000"]}, CONTINUE], [], (100, 32), True),
    "result_on_exit": ({}, TO_CREDENTIAL + [{"username": "user_good", "password": "error_ITEM_LOCKED"},
                                            {"action": "exit"}, {"action": "exit"}], [], (100, 32), True),
}
NAMES = [*PANES, *EXTRAS]


async def capture(name: str) -> Path:
    if name in EXTRAS:
        settings, steps, keys, size, show_result = EXTRAS[name]
    else:
        (settings, steps), keys, size, show_result = PANES[name], [], SIZE, False
    with tokens.seeded(7):  # the same ids and tokens every time: a picture changes only when the app does
        app = make_app(settings, show_result=show_result, clock=lambda: NOON)
        async with app.run_test(headless=True, size=size) as pilot:
            await walk(app, pilot, steps)
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
            await pilot.pause()
            OUT.mkdir(parents=True, exist_ok=True)
            app.save_screenshot(f"{name}.svg", str(OUT))
    return OUT / f"{name}.svg"


async def main(names: list[str]) -> int:
    unknown = [n for n in names if n not in NAMES]
    if unknown:
        print(f"unknown screenshot(s): {', '.join(unknown)} (see --list)", file=sys.stderr)
        return 2
    failed = 0
    for name in names or NAMES:
        started = time.perf_counter()
        try:
            path = await capture(name)
        except Exception as exc:  # report every failure, keep going
            failed += 1
            print(f"FAIL {name}: {exc}", file=sys.stderr)
            continue
        print(f"{path}  ({time.perf_counter() - started:.1f}s)")
    return 1 if failed else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if args == ["--list"]:
        print("\n".join(NAMES))
        sys.exit(0)
    sys.exit(asyncio.run(main(args)))
