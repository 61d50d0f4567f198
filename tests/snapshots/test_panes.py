"""A snapshot of every pane at 80×24 and 120×40 (plain `def` tests: snap_compare runs its own loop)."""
import pytest

from tests.helpers import make_app, to_loading, walk
from tuilink.scripts.panes import PANES


def _snap(snap_compare, name: str, size: tuple[int, int]) -> bool:
    settings, steps = PANES[name]
    app = make_app(**settings)

    async def run_before(pilot) -> None:
        await walk(app, pilot, steps)
        await pilot.pause()

    return snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("name", PANES)
def test_pane_80x24(snap_compare, name):
    assert _snap(snap_compare, name, (80, 24))


@pytest.mark.parametrize("name", PANES)
def test_pane_120x40(snap_compare, name):
    assert _snap(snap_compare, name, (120, 40))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_loading_pane(snap_compare, size):
    app = make_app(latency_ms=60_000)

    async def run_before(pilot) -> None:
        await to_loading(app, pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("name", ["error", "credential_degraded", "select_account", "numbers_wrong"])
def test_pane_no_color(snap_compare, monkeypatch, name):
    """NO_COLOR: Textual's monochrome filter; warnings, errors and focus stay readable (bold, not colour)."""
    monkeypatch.setenv("NO_COLOR", "1")
    settings, steps = PANES[name]
    app = make_app(**settings)
    assert app.no_color

    async def run_before(pilot) -> None:
        await walk(app, pilot, steps)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
