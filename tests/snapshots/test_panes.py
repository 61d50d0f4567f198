"""A snapshot of every pane at 80×24 and 120×40 (plain `def` tests: snap_compare runs its own loop)."""
import pytest

from tests.helpers import TO_CREDENTIAL, make_app, walk

LOGIN = TO_CREDENTIAL + [{"username": "user_good", "password": "pass_good"}]
RUX = [{"action": "continue"}, {"phone": "4155550011"}, {"otp": "123456"}]
OAUTH = [{"action": "continue"}, {"search": "Platypus OAuth", "select": "ins_127287"}]

# pane name → (app options, steps that lead there)
PANES = {
    "consent": ({}, []),
    "submit_phone": ({"returning_user": True, "phone": "+14155550011"}, [{"action": "continue"}]),
    "submit_phone_invalid": ({"returning_user": True}, [{"action": "continue"}, {"phone": "4151231234"}]),
    "verify_phone": ({"returning_user": True}, [{"action": "continue"}, {"phone": "4155550011"}]),
    "verify_phone_wrong": ({"returning_user": True}, RUX[:2] + [{"otp": "000000"}]),
    "select_saved_institution": ({"returning_user": True}, RUX),
    "select_saved_account": ({"returning_user": True, "products": ["transactions"]},
                             [{"action": "continue"}, {"phone": "4155550012"}, {"otp": "123456"},
                              {"select": "ins_109508"}]),
    "select_institution": ({}, [{"action": "continue"}]),
    "select_institution_search": ({}, [{"action": "continue"}, {"search": "platypus"}]),
    "select_institution_no_results": ({}, [{"action": "continue"}, {"search": "zzzz"}]),
    "select_institution_saved_first": ({"returning_user": True},
                                       [{"action": "continue"}, {"phone": "4155550014"}, {"otp": "123456"}]),
    "select_institution_unsupported": ({"products": ["investments"]},
                                       [{"action": "continue"}, {"search": "Balance Bank", "select": "ins_130016"}]),
    "credential": ({}, TO_CREDENTIAL),
    "credential_pin": ({}, [{"action": "continue"}, {"search": "Tattersall", "select": "ins_109510"}]),
    "credential_degraded": ({}, [{"action": "continue"}, {"search": "Degraded", "select": "ins_132363"}]),
    "mfa_device": ({}, TO_CREDENTIAL + [{"username": "user_good", "password": "mfa_device"}]),
    "mfa_code": ({}, TO_CREDENTIAL + [{"username": "user_good", "password": "mfa_device"}, {"device": 0}]),
    "mfa_questions": ({}, TO_CREDENTIAL + [{"username": "user_good", "password": "mfa_questions_2_2"}]),
    "mfa_selections": ({}, TO_CREDENTIAL + [{"username": "user_good", "password": "mfa_selections_1_2_3"}]),
    "select_account": ({}, LOGIN),
    "select_account_single": ({"account_select": "single"}, LOGIN),
    "select_account_all_products": ({"products": ["transactions"]}, LOGIN),
    "oauth": ({}, OAUTH),
    "oauth_bank": ({}, OAUTH + [{"action": "continue"}]),
    "connected": ({}, LOGIN + [{"accounts": ["0000"]}]),
    "error": ({}, TO_CREDENTIAL + [{"username": "user_good", "password": "error_INSTITUTION_NOT_RESPONDING"}]),
    "exit": ({}, TO_CREDENTIAL + [{"action": "exit"}]),
}


def _snap(snap_compare, name: str, size: tuple[int, int]) -> bool:
    options, steps = PANES[name]
    app = make_app(**options)

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
        driver = await walk(app, pilot, TO_CREDENTIAL)
        await driver.type("#username", "user_good")
        await driver.type("#password", "pass_good")
        app.screen.query_one("#continue").press()
        await driver.wait_until(lambda: app.screen.pane_id == "LOADING" and app.screen.ready, "LOADING on screen")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
