"""Snapshots of the side panels and the result screen (ids seeded and the clock fixed, so they reproduce)."""
import pytest

from tests.helpers import TO_CREDENTIAL, make_app, walk
from tuilink.link import tokens
from tuilink.scripts.panes import PANES

NOON = 1_767_268_800.0  # 2026-01-01T12:00:00Z: every event's timestamp


def _snap(snap_compare, settings, steps, keys, size, **app_options) -> bool:
    with tokens.seeded(7):
        app = make_app(clock=lambda: NOON, **app_options, **settings)

        async def run_before(pilot) -> None:
            await walk(app, pilot, steps)
            await pilot.pause()
            await pilot.press(*keys)
            await pilot.pause()

        return snap_compare(app, terminal_size=size, run_before=run_before)


# One pane of each kind that has hints, and one without.
HINT_PANES = ["consent", "submit_phone", "verify_phone", "select_institution", "credential", "credential_pin",
              "mfa_device", "mfa_code", "mfa_questions", "mfa_selections", "recaptcha", "numbers", "numbers_manual",
              "legal_name", "deposit_code", "oauth_bank", "matched_credential"]


@pytest.mark.parametrize("name", HINT_PANES)
def test_hints_panel(snap_compare, name):
    settings, steps = PANES[name]
    assert _snap(snap_compare, settings, steps, ["f1"], (120, 32))


def test_hints_panel_80x24(snap_compare):
    settings, steps = PANES["credential"]
    assert _snap(snap_compare, settings, steps, ["f1"], (80, 24))


def test_events_panel(snap_compare):
    assert _snap(snap_compare, {}, TO_CREDENTIAL + [{"username": "user_good", "password": "mfa_device"}], ["f2"],
                 (120, 32))


def test_both_panels_80x24(snap_compare):
    assert _snap(snap_compare, {}, TO_CREDENTIAL, ["f1", "f2"], (80, 24))


LINK = TO_CREDENTIAL + [{"username": "user_good", "password": "pass_good"}, {"accounts": ["0000"]},
                        {"action": "continue"}]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_result_screen_on_success(snap_compare, size):
    assert _snap(snap_compare, {}, LINK, [], size, show_result=True)


def test_result_screen_on_exit(snap_compare):
    steps = TO_CREDENTIAL + [{"username": "user_good", "password": "error_ITEM_LOCKED"}, {"action": "exit"},
                             {"action": "exit"}]
    assert _snap(snap_compare, {}, steps, [], (80, 24), show_result=True)
