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

import asyncio  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from .panes import PANES, make_app  # noqa: E402
from .runner import walk  # noqa: E402

OUT = Path("assets") / "screenshots"
SIZE = (80, 24)


async def capture(name: str) -> Path:
    settings, steps = PANES[name]
    app = make_app(settings)
    async with app.run_test(headless=True, size=SIZE) as pilot:
        await walk(app, pilot, steps)
        await pilot.pause()
        OUT.mkdir(parents=True, exist_ok=True)
        app.save_screenshot(f"{name}.svg", str(OUT))
    return OUT / f"{name}.svg"


async def main(names: list[str]) -> int:
    unknown = [n for n in names if n not in PANES]
    if unknown:
        print(f"unknown screenshot(s): {', '.join(unknown)} (see --list)", file=sys.stderr)
        return 2
    failed = 0
    for name in names or list(PANES):
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
        print("\n".join(PANES))
        sys.exit(0)
    sys.exit(asyncio.run(main(args)))
