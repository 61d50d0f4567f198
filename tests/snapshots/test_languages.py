"""Panes in Spanish and French at 80×24: a link token with `language` "es" or "fr" (plain `def` tests:
snap_compare runs its own loop). Every other snapshot is the English one."""
import pytest

from tests.helpers import TO_CREDENTIAL, make_app, walk
from tuilink.link import tokens
from tuilink.scripts.panes import PANES

NOON = 1_767_268_800.0  # 2026-01-01T12:00:00Z: every event's timestamp

SPANISH = ["consent", "credential", "mfa_device", "numbers_wrong", "select_institution_search", "error", "exit",
           "verify_phone_wrong"]
FRENCH = ["consent", "select_institution_unsupported", "credential_degraded", "select_auth_type", "deposit_code_wrong",
          "exit_manual_entry", "connected", "mfa_questions"]


def _snap(snap_compare, language: str, name: str) -> bool:
    settings, steps = PANES[name]
    app = make_app(**settings, language=language)

    async def run_before(pilot) -> None:
        await walk(app, pilot, steps)
        await pilot.pause()

    return snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("name", SPANISH)
def test_pane_in_spanish(snap_compare, name):
    assert _snap(snap_compare, "es", name)


@pytest.mark.parametrize("name", FRENCH)
def test_pane_in_french(snap_compare, name):
    assert _snap(snap_compare, "fr", name)


def test_result_screen_in_spanish(snap_compare):
    with tokens.seeded(7):
        app = make_app(clock=lambda: NOON, show_result=True, language="es")
        steps = TO_CREDENTIAL + [{"username": "user_good", "password": "pass_good"}, {"accounts": ["0000"]},
                                 {"action": "continue"}]

        async def run_before(pilot) -> None:
            await walk(app, pilot, steps)
            await pilot.pause()

        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_both_panels_in_french(snap_compare):
    with tokens.seeded(7):
        app = make_app(clock=lambda: NOON, language="fr")

        async def run_before(pilot) -> None:
            await walk(app, pilot, TO_CREDENTIAL)
            await pilot.pause()
            await pilot.press("f1", "f2")
            await pilot.pause()

        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
