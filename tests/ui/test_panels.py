"""The side panels, driven by keys: F1 Sandbox hints (filled into the pane with one key), F2 live events."""
import json

from textual.widgets import Input, OptionList, RadioButton, Static

from tests.helpers import TO_CREDENTIAL, make_app, until_pane, walk
from tuilink.flow.events import event_json
from tuilink.ui.widgets.panels import EventsPanel, HintsPanel


def hint_labels(app) -> list[str]:
    return [h.label for h in app.screen.query_one(HintsPanel).hints]


async def test_f1_shows_the_panes_hints_and_a_digit_fills_them_then_enter_submits():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await walk(app, pilot, TO_CREDENTIAL)
        assert not app.screen.query("#side")  # nothing mounted while hidden
        await pilot.press("f1")
        panel = app.screen.query_one(HintsPanel)
        assert app.focused is panel.query_one("#hint-list")
        assert hint_labels(app)[:2] == ["user_good / pass_good", "user_good / mfa_device"]
        await pilot.press("2")
        assert app.screen.query_one("#username", Input).value == "user_good"
        assert app.screen.query_one("#password", Input).value == "mfa_device"
        assert app.focused.id == "continue"
        await pilot.press("enter")
        await until_pane(app, pilot, "MFA")
        assert app.session.pane.mfa.type == "device"
        assert hint_labels(app) == ["any device"]  # the panel stays open on the next pane, with its hints
        await pilot.press("f1")
        assert not app.screen.query("#side")


async def test_enter_on_a_highlighted_hint_fills_it_and_mfa_rounds_update_the_hints():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await walk(app, pilot, TO_CREDENTIAL + [{"username": "user_good", "password": "mfa_questions_2_2"}])
        await pilot.press("f1")
        assert hint_labels(app)[0] == "answer_0_0, answer_0_1"
        await pilot.press("enter")  # the first hint is highlighted
        assert [i.value for i in app.screen.query(Input)] == ["answer_0_0", "answer_0_1"]
        await pilot.press("enter")  # Submit has focus
        await until_pane(app, pilot, "MFA")
        await pilot.pause()
        assert app.session.pane.mfa.round == 2
        assert hint_labels(app)[0] == "answer_1_0, answer_1_1"
        app.screen.query_one("#hint-list", OptionList).focus()
        await pilot.press("1", "enter")
        await until_pane(app, pilot, "SELECT_ACCOUNT")


async def test_a_choice_hint_presses_the_right_options():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await walk(app, pilot, TO_CREDENTIAL + [{"username": "user_good", "password": "mfa_selections_1_2_3"}])
        await pilot.press("f1", "1")
        pressed = [str(b.label) for b in app.screen.query(RadioButton) if b.value]
        assert pressed == ["answer_1_1_0", "answer_1_2_0"]
        await pilot.press("enter")
        await until_pane(app, pilot, "SELECT_ACCOUNT")


async def test_phone_and_code_hints_link_a_returning_user():
    app = make_app(returning_user=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await walk(app, pilot, [{"action": "continue"}])
        await until_pane(app, pilot, "SUBMIT_PHONE")
        await pilot.press("f1", "2", "enter")  # 415-555-0011, a verified returning user
        await until_pane(app, pilot, "VERIFY_PHONE")
        app.screen.query_one("#hint-list", OptionList).focus()
        await pilot.press("1", "enter")
        await until_pane(app, pilot, "SELECT_SAVED_INSTITUTION")
        assert hint_labels(app) == []
        assert app.screen.query_one(HintsPanel).query_one(".panel-empty").display


async def test_a_search_hint_searches():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await walk(app, pilot, [{"action": "continue"}])
        await until_pane(app, pilot, "SELECT_INSTITUTION")
        await pilot.press("f1")
        index = hint_labels(app).index("Houndstooth Bank")
        listing = app.screen.query_one("#hint-list", OptionList)
        listing.highlighted = index
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert app.screen.query_one("#search", Input).value == "Houndstooth Bank"
        assert app.session.pane.results[0].institution_id == "ins_109512"


async def test_f2_lists_every_event_live_with_its_json():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await walk(app, pilot, TO_CREDENTIAL)
        await pilot.press("f2")
        panel = app.screen.query_one(EventsPanel)
        assert len(panel.events) == len(app.session.events) and panel.border_subtitle.startswith(
            f"{len(app.session.events)} ")
        assert json.loads(panel.detail) == json.loads(event_json(app.session.events[-1]))  # newest highlighted
        assert '"event_name": "TRANSITION_VIEW"' in str(panel.query_one("#event-json", Static).visual)
        await pilot.press("up")
        assert json.loads(panel.detail) == json.loads(event_json(app.session.events[-2]))
        app.screen.query_one("#username", Input).focus()
        await pilot.press(*"user_good", "tab", *"pass_good", "enter")
        await until_pane(app, pilot, "SELECT_ACCOUNT")
        await pilot.pause()
        panel = app.screen.query_one(EventsPanel)  # the new pane's panel: every event so far
        assert [e.event_name for e in panel.events] == [e.event_name for e in app.session.events]
        assert "SUBMIT_CREDENTIALS" in [e.event_name for e in panel.events]
        listing = panel.query_one("#event-list", OptionList)
        assert listing.option_count == len(app.session.events)
        assert listing.highlighted == listing.option_count - 1


async def test_events_arriving_on_the_same_pane_are_appended():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await walk(app, pilot, [{"action": "continue"}])
        await until_pane(app, pilot, "SELECT_INSTITUTION")
        await pilot.press("f2")
        before = app.screen.query_one(EventsPanel).query_one("#event-list", OptionList).option_count
        app.screen.query_one("#search", Input).focus()
        await pilot.press(*"tartan")
        await pilot.pause(0.6)  # the search settles: SEARCH_INSTITUTION fires on this pane
        app.session.settle_search()
        await pilot.pause()
        listing = app.screen.query_one(EventsPanel).query_one("#event-list", OptionList)
        assert listing.option_count == len(app.session.events) > before
        assert app.session.events[-1].event_name == "SEARCH_INSTITUTION"


async def test_both_panels_fit_an_80_by_24_terminal():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, TO_CREDENTIAL)
        await pilot.press("f1", "f2")
        side = app.screen.query_one("#side")
        card = app.screen.query_one("#card")
        assert side.region.x >= card.region.right  # side by side, never overlapping
        assert app.screen.query_one(HintsPanel).region.height >= 5
        assert app.screen.query_one(EventsPanel).region.height >= 5
