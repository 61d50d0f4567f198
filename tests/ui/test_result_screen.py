"""The result screen: the callback JSON before the app closes; copy it, link another, quit."""
import json

from tests.helpers import TO_CREDENTIAL, make_app, until_pane, walk
from tuilink.flow.events import result_json
from tuilink.ui.screens.result import ResultScreen

LINK = TO_CREDENTIAL + [{"username": "user_good", "password": "pass_good"}, {"accounts": ["0000"]},
                        {"action": "continue"}]


async def until_result(app, pilot) -> ResultScreen:
    from tuilink.scripts.runner import Driver

    await Driver(app, pilot).wait_until(lambda: isinstance(app.screen, ResultScreen) and app.screen.ready,
                                        "the result screen")
    return app.screen


async def test_on_success_shows_the_json_copies_it_and_q_quits():
    app = make_app(show_result=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, LINK)
        screen = await until_result(app, pilot)
        assert str(screen.query_one("#result-title").visual) == "onSuccess: First Platypus Bank, 1 account"
        assert json.loads(screen.text) == json.loads(result_json(app.session.result))
        await pilot.press("c")
        assert app.clipboard == screen.text
        await pilot.press("q")
        await pilot.pause()
    assert app.return_value is app.sessions[0].result and app.return_value.callback == "onSuccess"


async def test_link_another_opens_a_new_session_and_every_session_is_kept():
    app = make_app(show_result=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, LINK)
        await until_result(app, pilot)
        first = app.session
        await pilot.press("n")
        await until_pane(app, pilot, "CONSENT")
        assert app.session is not first and app.session.link_session_id != first.link_session_id
        assert app.session.events[0].event_name == "OPEN"
        await pilot.press("escape")
        await until_pane(app, pilot, "EXIT")
        await pilot.click("#exit")
        screen = await until_result(app, pilot)
        assert str(screen.query_one("#result-title").visual) == "onExit: the user left (status requires_credentials)" \
            or str(screen.query_one("#result-title").visual).startswith("onExit: the user left")
        await pilot.click("#quit")
        await pilot.pause()
    assert [s.result.callback for s in app.sessions] == ["onSuccess", "onExit"]
    assert app.return_value.callback == "onExit"


async def test_an_error_exit_names_the_error():
    app = make_app(show_result=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, TO_CREDENTIAL + [{"username": "user_good", "password": "error_ITEM_LOCKED"},
                                                {"action": "exit"}, {"action": "exit"}])
        screen = await until_result(app, pilot)
        assert str(screen.query_one("#result-title").visual).startswith("onExit: ITEM_LOCKED")


async def test_without_the_result_screen_the_app_closes_on_the_callback():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, LINK)
        await pilot.pause()
    assert app.return_value.callback == "onSuccess" and len(app.sessions) == 1


async def test_ctrl_q_closes_at_once_even_with_the_result_screen():
    app = make_app(show_result=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, TO_CREDENTIAL)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not isinstance(app.screen, ResultScreen)
    assert app.return_value.callback == "onExit" and app.return_value.metadata.status == "requires_credentials"
