"""The pane catalogue (tuilink/scripts/panes.py) is what the snapshot tests, the README screenshots, the UI
fuzzing and the resize tests walk: a pane it leaves out is tested by none of them."""
from __future__ import annotations

from tuilink.scripts import panes
from tuilink.scripts.runner import walk
from tuilink.ui.screens import SCREEN_PATHS

# Link shows LOADING between panes only; the snapshot tests picture it with a slow backend
PASSING = {"LOADING"}


async def test_the_catalogue_reaches_every_pane():
    reached: dict[str, list[str]] = {}
    for name, (settings, steps) in panes.PANES.items():
        app = panes.make_app(settings)
        async with app.run_test(size=(80, 24)) as pilot:
            await walk(app, pilot, steps)
            reached.setdefault(getattr(app.screen, "pane_id", type(app.screen).__name__), []).append(name)
    missing = set(SCREEN_PATHS) - PASSING - set(reached)
    assert not missing, f"no catalogue entry reaches {sorted(missing)}"
    assert reached["INSTANT_MICRODEPOSIT_VERIFICATION"] == ["instant_deposit_code"]
