"""Pilot tests: the real app, driven by keys and clicks."""
import threading

import pytest

from tests.helpers import TO_CREDENTIAL, make_app, until_pane, walk
from tuilink.scripts.runner import Driver


async def test_keyboard_only_link():
    app = make_app(returning_user=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, [])
        assert app.session.pane.id == "CONSENT"
        await pilot.press("enter")  # Continue has focus
        await until_pane(app, pilot, "SUBMIT_PHONE")
        await pilot.press(*"4155550010", "enter")
        await until_pane(app, pilot, "VERIFY_PHONE")
        await pilot.press(*"123456", "enter")
        await until_pane(app, pilot, "SELECT_INSTITUTION")
        await pilot.press(*"tartan")
        await pilot.pause(0.1)
        await pilot.press("enter")
        await until_pane(app, pilot, "CREDENTIAL")
        assert app.session.institution.name == "Tartan Bank"
        await pilot.press(*"user_good", "enter", *"pass_good", "enter")
        await until_pane(app, pilot, "SELECT_ACCOUNT")
        await pilot.press("space", "tab", "enter")
        await until_pane(app, pilot, "CONNECTED")
        await pilot.press("enter")
        await pilot.pause()
    result = app.return_value
    assert result.callback == "onSuccess" and [a.mask for a in result.metadata.accounts] == ["0000"]
    assert "SEARCH_INSTITUTION" in [e.event_name for e in app.session.events]


async def test_escape_opens_exit_and_escape_again_goes_back():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, TO_CREDENTIAL)
        await pilot.press("escape")
        await until_pane(app, pilot, "EXIT")
        assert app.screen.pane_id == "EXIT"
        await pilot.press("escape")
        await until_pane(app, pilot, "CREDENTIAL")
        assert app.screen.pane_id == "CREDENTIAL"


async def test_exit_dialog_confirms_with_the_exit_status():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, TO_CREDENTIAL + [{"action": "exit"}, {"action": "exit"}])
    result = app.return_value
    assert result.callback == "onExit" and result.metadata.status == "requires_credentials"


async def test_ctrl_q_mid_flow_reports_on_exit():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, [{"action": "continue"}])
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_value.callback == "onExit"
    assert app.return_value.metadata.status == "institution_not_found"


async def test_header_close_and_back_are_clickable():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, TO_CREDENTIAL)
        await pilot.click("#header-back")
        await until_pane(app, pilot, "SELECT_INSTITUTION")
        await pilot.click("#header-close")
        await until_pane(app, pilot, "EXIT")


async def test_pasted_control_characters_get_a_message():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        driver = await walk(app, pilot, TO_CREDENTIAL)
        await driver.type("#username", "user_good\x07\x1b")
        await driver.type("#password", "pass_good")
        await driver.press("#continue")
        await driver.settled()
        notice = app.screen.query_one("#notice-username")  # under the field it is about
        assert app.session.pane.id == "CREDENTIAL" and notice.display
        assert "characters" in str(notice.render()) and "user ID" in str(notice.render())
        assert not app.screen.query_one("#notice").display


async def test_invalid_phone_shows_plaids_words_under_the_field():
    app = make_app(returning_user=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, [{"action": "continue"}, {"phone": "4151231234"}])
        assert app.session.pane.id == "SUBMIT_PHONE"
        assert str(app.screen.query_one("#notice").render()) == "Invalid phone number"


@pytest.mark.parametrize("steps,pane", [
    ([], "CONSENT"),
    ([{"action": "continue"}], "SELECT_INSTITUTION"),
    (TO_CREDENTIAL, "CREDENTIAL"),
    (TO_CREDENTIAL + [{"username": "user_good", "password": "mfa_questions_1_3"}], "MFA"),
    (TO_CREDENTIAL + [{"username": "user_good", "password": "pass_good"}], "SELECT_ACCOUNT"),
    (TO_CREDENTIAL + [{"username": "user_good", "password": "error_ITEM_LOCKED"}], "ERROR"),
])
async def test_tiny_terminal_still_works(steps, pane):
    app = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await walk(app, pilot, steps)
        assert app.session.pane.id == pane
        await pilot.resize_terminal(300, 100)
        await pilot.pause()
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert app.screen.query_one("#card").region.width <= 40


async def test_data_types_toggle_emits_view_data_types():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, [])
        scopes = app.screen.query_one("#scopes")
        assert not scopes.display
        await pilot.click("#data-types")
        await pilot.pause()
        assert scopes.display and "Account and routing number" in str(scopes.render())
        assert app.session.events[-1].event_name == "VIEW_DATA_TYPES"


def _app_opening_when(opened: threading.Event, **fields):
    """The real app whose session starts (off the event loop) only once the test sets `opened`."""
    from tuilink.flow import Options
    from tuilink.launch import embedded_session, link_token_body
    from tuilink.ui.app import LinkApp

    body = link_token_body(**fields)

    def start():
        opened.wait(30)
        return embedded_session(body, Options(returning_user=False))

    return LinkApp(start=start, preview=body, test_mode=True)


async def test_progressive_start_paints_consent_before_the_session_exists():
    opened = threading.Event()  # the session starts only once the test has looked
    app = _app_opening_when(opened, client_name="A Very Long Client Name Over Thirty Chars")
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Driver(app, pilot)
        await driver.wait_until(lambda: type(app.screen).__name__ == "ConsentScreen"
                                and bool(app.screen.query("#continue")), "the consent pane, painted first")
        assert app.session is None
        assert str(app.screen.query_one("#card-title").render()) == "This Application ⟷ Plaid"
        app.screen.query_one("#continue").press()  # pressed before the session exists: applied once it opens
        await driver.wait_until(lambda: app.continue_when_open, "the press remembered")
        opened.set()
        await until_pane(app, pilot, "SELECT_INSTITUTION")
    assert app.session.events[0].event_name == "OPEN"


async def test_a_start_that_fails_ends_the_app_with_the_error():
    from tuilink.launch import link_token_body
    from tuilink.plaid.errors import PlaidApiError
    from tuilink.sandbox.service import Sandbox
    from tuilink.ui.app import LinkApp

    body = link_token_body(products=["nope"])
    app = LinkApp(start=lambda: Sandbox().link_token_create(body), preview=body, test_mode=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
    assert isinstance(app.start_error, PlaidApiError) and app.start_error.error.error_code == "INVALID_PRODUCT"


async def test_key_hints_show_the_active_bindings_and_a_click_presses_the_key():
    from tuilink.ui.widgets.key_hints import KeyHints

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, TO_CREDENTIAL)
        hints = app.screen.query_one(KeyHints)
        shown = str(hints.render())
        assert "Exit" in shown and "Back" in shown and "Quit" in shown
        exit_at = shown.index("Exit")
        await pilot.click(KeyHints, offset=(exit_at, 0))
        await until_pane(app, pilot, "EXIT")


async def test_saved_accounts_start_selected_and_new_ones_do_not():
    app = make_app(returning_user=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, [{"action": "continue"}, {"phone": "4155550012"}, {"otp": "123456"},
                                {"select": "ins_109508"}])
        selection = app.screen.query_one("#accounts")
        masks = {a.account_id: a.mask for a in app.session.pane.accounts}
        assert sorted(masks[i] for i in selection.selected) == ["0000", "1111"]
        assert "9002" in masks.values()


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord", "tuilink"])
async def test_panes_render_in_built_in_themes(theme):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        await walk(app, pilot, TO_CREDENTIAL + [{"username": "user_good", "password": "error_ITEM_LOCKED"}])
        await pilot.pause()
        assert app.session.pane.id == "ERROR" and app.current_theme.name == theme
        assert "attempts" in str(app.screen.query_one(".title").render())
        assert "Try" in app.export_screenshot() or "Select" in app.export_screenshot()


@pytest.mark.parametrize(("routing", "account", "field"), [
    ("123456789", "1111222233330000", "routing_number"),  # the checksum fails
    ("011401533", "12", "account_number"),  # too short
])
async def test_a_numbers_error_sits_under_its_own_field(routing, account, field):
    """NUMBERS: the message about a field is under that field (its hint gives way), not at the foot of the pane."""
    from tuilink.scripts.panes import PANES

    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        await walk(app, pilot, PANES["numbers"][1])
        await walk(app, pilot, [{"routing_number": routing, "account_number": account}])
        await pilot.pause()
        screen = app.screen
        assert app.session.pane.notice and app.session.pane.notice_field == field
        below = screen.query_one(f"#notice-{field}")
        assert below.display and str(below.render()) == app.session.pane.notice
        assert not screen.query_one("#notice").display
        other = {"routing_number": "account_number", "account_number": "routing_number"}[field]
        assert not screen.query_one(f"#notice-{other}").display
        assert screen.query_one("#hint-routing_number").display == (field != "routing_number")
        top = screen.query_one(f"#{field}").region.bottom
        assert top <= below.region.y < top + 2  # right under the field


@pytest.mark.parametrize(("size", "card_width", "rows"), [
    ((60, 18), 60, 9), ((80, 24), 60, 12), ((120, 40), 84, 20), ((200, 60), 84, 30)])
async def test_the_card_and_the_results_use_the_space_there_is(size, card_width, rows):
    """The card is Link's 60 columns up to an 80-column terminal and grows to a reading width of 84; the results
    list shows as many rows as half the terminal's height."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await walk(app, pilot, [{"action": "continue"}, {"search": "bank"}])
        await pilot.pause()
        assert app.screen.query_one("#card").region.width == card_width
        results = app.screen.query_one("#results")
        assert results.region.height == min(rows, results.option_count)


async def test_quitting_before_the_session_has_opened_still_reports_on_exit():
    """Ctrl+Q on the consent pane painted before the session exists: Link closes once it has opened, with the
    onExit a user (and `tuilink > result.json`) expects, not with nothing."""
    opened = threading.Event()
    app = _app_opening_when(opened)
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Driver(app, pilot)
        await driver.wait_until(lambda: type(app.screen).__name__ == "ConsentScreen", "the consent pane")
        assert app.session is None
        await pilot.press("ctrl+q")
        await driver.wait_until(lambda: app.quit_when_open, "the quit remembered")
        opened.set()
        await driver.wait_until(lambda: app.return_value is not None, "Link closed with a callback")
    result = app.return_value
    assert result.callback == "onExit" and result.metadata.link_session_id
    assert [e.event_name for e in app.sessions[0].events][:1] == ["OPEN"]
