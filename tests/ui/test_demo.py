"""`tuilink demo`: shipped scenarios replayed in the real app with visible typing, ending on the result screen."""
import json

import pytest
from click.testing import CliRunner

from tuilink.cli import cli
from tuilink.launch import Embedded
from tuilink.scripts import demo as demos
from tuilink.scripts.runner import Driver, check_expectations
from tuilink.scripts.script import load
from tuilink.ui.screens.result import ResultScreen

# One scenario per kind of step the demo types or presses (the others are run by tests/test_scenarios.py).
PLAYED = ["instant_auth", "mfa_device", "mfa_questions", "mfa_selections_rounds", "oauth", "recaptcha_good",
          "instant_match", "rux_0011_returning", "auth_type_select_manual", "exit_from_mfa_code",
          "update_mode_2_relogin"]


@pytest.mark.parametrize("name", PLAYED)
async def test_the_demo_plays_a_scenario_to_its_callback(name, tmp_path):
    state = None
    if demos.earlier_in_series(name):
        state = str(tmp_path / "state.db")
        await demos.prepare_series(name, state)
    app, demo = demos.demo_app(name, speed=1000, backend=Embedded(state=state))
    app.test_mode = True
    async with app.run_test(size=(80, 24)) as pilot:
        await Driver(app, pilot).wait_until(lambda: isinstance(app.screen, ResultScreen) or demo.failure,
                                            "the demo to reach the result screen", timeout=30)
        assert demo.failure is None
        await pilot.press("q")
    script = load(str(demos.scenario_path(name)))
    assert check_expectations(script, app.session) is None
    assert app.return_value is app.session.result


async def test_typing_is_visible_one_character_at_a_time():
    app, demo = demos.demo_app("instant_auth", speed=1)
    typed: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await Driver(app, pilot).wait_until(lambda: getattr(app.screen, "pane_id", "") == "SELECT_INSTITUTION"
                                            and app.screen.ready, "search", 20)
        field = app.screen.query_one("#search")
        for _ in range(400):
            await pilot.pause(0.01)
            if field.value and (not typed or typed[-1] != field.value):
                typed.append(field.value)
            if field.value == "First Platypus":
                break
        app.exit()
    assert typed[:3] == ["F", "Fi", "Fir"] and typed[-1] == "First Platypus"


def test_series_run_their_earlier_scenarios_first():
    assert demos.earlier_in_series("update_mode_2_relogin") == ["update_mode_1_link"]
    assert demos.earlier_in_series("same_day_microdeposits_4_three_wrong_codes") == [
        "same_day_microdeposits_1_link", "same_day_microdeposits_2_verify", "same_day_microdeposits_3_link_from_exit"]
    assert demos.earlier_in_series("instant_auth") == []


def test_demo_list_names_every_shipped_scenario():
    answer = CliRunner().invoke(cli, ["demo", "--list"])
    assert answer.exit_code == 0
    names = [line.split()[0] for line in answer.output.splitlines()]
    assert names == demos.scenario_names() and len(names) >= 60
    assert "Instant Auth" in answer.output


def test_an_unknown_demo_is_one_line_and_status_2():
    answer = CliRunner().invoke(cli, ["demo", "no_such_flow"])
    assert answer.exit_code == 2
    assert answer.output.strip() == ("tuilink: no scenario named 'no_such_flow' (tuilink demo --list shows them; "
                                     "a script file ends in .toml)")


def test_a_demo_script_file_that_cannot_run_is_one_line_and_status_2(tmp_path):
    missing = CliRunner().invoke(cli, ["demo", str(tmp_path / "nope.toml")])
    assert (missing.exit_code, missing.output.count("\n")) == (2, 1)
    assert "nope.toml: cannot read" in missing.output
    typo = tmp_path / "typo.toml"
    typo.write_text('[[steps]]\nview = "CONSENT"\naction = "contnue"\n')
    answer = CliRunner().invoke(cli, ["demo", str(typo)])
    assert answer.exit_code == 2
    assert "unknown action 'contnue' (did you mean continue?)" in answer.output


def test_demo_in_a_real_terminal_ends_on_the_result_screen(tmp_path):
    from tests.server.test_cli import drive_in_a_terminal

    result = tmp_path / "result.json"
    code, screen = drive_in_a_terminal(["demo", "instant_auth", "--speed", "20", "--result", str(result)],
                                       [("as tuilink prints it", "q")])
    assert code == 0, screen[-2000:]
    assert json.loads(result.read_text())["callback"] == "onSuccess"
