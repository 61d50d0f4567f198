"""Regenerate the screenshots (docs/SCREENSHOTS.md): one SVG per pane of the catalogue (`tuilink.scripts.panes`).

Drives the real app headlessly at 80x24 through its widgets (the same Driver that runs scenario scripts),
walks to each pane and saves Textual's SVG screenshot of it.

    python -m tuilink.scripts.screenshots                      # every screenshot, into assets/screenshots/
    python -m tuilink.scripts.screenshots consent mfa_device   # only these
    python -m tuilink.scripts.screenshots --list               # the names

`flow` is the README's recording: one Instant Auth flow, typed by the same Driver, a frame after each step,
played as an animated SVG (each frame is Textual's own screenshot; CSS shows them in turn, in any browser).
"""
from __future__ import annotations

import os

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")  # read by Textual at import time

import asyncio
import re
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
# The recording: (what to do, seconds the frame stays on screen). Each step is a scenario step (tuilink's
# script format), a list of keys (None: nothing, the pane as it opens).
FLOW: list[tuple[dict | list[str] | None, float]] = [
    (None, 2.5),
    ({"search": "First Platypus"}, 2.0),
    ({"select": "ins_109508"}, 1.5),
    (["u", "s", "e", "r", "_", "g", "o", "o", "d", "tab", *"pass_good"], 2.0),
    (["enter"], 2.5),
    (["space"], 1.5),
    (["tab", "enter"], 2.5),
    (["enter"], 3.5),
]
NAMES = [*PANES, *EXTRAS, "flow"]


async def capture(name: str) -> Path:
    if name == "flow":
        return await record_flow()
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


async def record_flow() -> Path:
    """The README's recording: the FLOW steps through the real app, a screenshot after each, animated."""
    frames: list[tuple[str, float]] = []
    with tokens.seeded(7):
        app = make_app({}, show_result=True, clock=lambda: NOON)
        async with app.run_test(headless=True, size=SIZE) as pilot:
            await walk(app, pilot, [])
            for step, seconds in FLOW:
                if isinstance(step, dict):
                    await walk(app, pilot, [step])
                elif step:
                    await pilot.press(*step)
                    await pilot.pause(0.3)  # the LOADING pane gives way to the next one
                await pilot.pause()
                frames.append((app.export_screenshot(title="tuilink"), seconds))
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "flow.svg"
    path.write_text(animate(frames), encoding="utf-8")
    return path


def animate(frames: list[tuple[str, float]]) -> str:
    """One SVG that shows Textual's SVG screenshots `frames` in turn, each for its seconds, then starts again.

    Each screenshot keeps its own styles (their class names carry a hash of the picture, so they do not clash);
    a CSS animation per frame makes it visible for its slice of the loop."""
    total = sum(seconds for _, seconds in frames)
    header = re.match(r"<svg[^>]*>", frames[0][0])
    assert header is not None, "not an SVG"
    parts, styles, start = [], [], 0.0
    for n, (svg, seconds) in enumerate(frames):
        inner = svg[svg.index(">", svg.index("<svg")) + 1: svg.rindex("</svg>")]
        begin, end = start / total * 100, (start + seconds) / total * 100
        styles.append(f"@keyframes frame{n} {{ 0%, {begin:.3f}% {{ opacity: {1 if n == 0 else 0} }} "
                      f"{begin:.3f}%, {end:.3f}% {{ opacity: 1 }} {end:.3f}%, 100% {{ opacity: 0 }} }}\n"
                      f".frame{n} {{ animation: frame{n} {total:g}s step-end infinite; }}")
        parts.append(f'<g class="frame frame{n}">{inner}</g>')
        start += seconds
    return (f"{header.group(0)}\n<style>\n.frame {{ opacity: 0; }}\n" + "\n".join(styles) + "\n</style>\n"
            + "\n".join(parts) + "\n</svg>\n")


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
