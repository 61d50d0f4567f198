"""The command palette's entries: the panels, restarting Link with another configuration, switching backend."""
from textual.command import CommandPalette
from textual.widgets import Input

from tests.helpers import TO_CREDENTIAL, make_app, until_pane, walk
from tuilink.backends.http import HttpBackend
from tuilink.launch import Embedded, Remote
from tuilink.server.run import ServerThread
from tuilink.ui.screens.prompt import PromptScreen
from tuilink.ui.widgets.panels import HintsPanel


def command(app, title: str):
    return next(c for c in app.get_system_commands(app.screen) if c.title == title)


async def answer(app, pilot, title: str, text: str) -> None:
    """Run the palette command `title`, type `text` into its dialog, wait for a new session or a message."""
    before, notes = app.session, len(app._notifications)
    command(app, title).callback()
    await pilot.pause()
    assert isinstance(app.screen, PromptScreen)
    app.screen.query_one(Input).value = text
    await pilot.press("enter")
    for _ in range(200):
        await pilot.pause(0.05)
        if app.session is not before or len(app._notifications) > notes:
            return
    raise AssertionError("neither a new session nor a message")


async def test_the_palette_lists_textuals_commands_and_ours():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, [])
        titles = [c.title for c in app.get_system_commands(app.screen)]
    for title in ["Theme", "Screenshot", "Quit", "Hints panel", "Events panel", "Restart Link",
                  "Restart Link with other products", "Restart Link with other country codes",
                  "Restart Link with another phone number", "Switch backend"]:
        assert title in titles


async def test_hints_panel_from_the_palette_by_typing_its_name():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await walk(app, pilot, TO_CREDENTIAL)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"hints panel")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert app.show_hints and app.screen.query(HintsPanel)


async def test_restart_with_other_products_ends_the_session_and_opens_a_new_one():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, TO_CREDENTIAL)
        first = app.session
        await answer(app, pilot, "Restart Link with other products", "auth, identity")
        await until_pane(app, pilot, "CONSENT")
        assert app.session is not first and app.session.config.products == ["auth", "identity"]
        assert first.result.callback == "onExit" and first.result.metadata.status == "requires_credentials"
        assert app.sessions == [first, app.session]


async def test_a_bad_restart_value_gets_plaids_error_and_keeps_the_session():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, TO_CREDENTIAL)
        first = app.session
        await answer(app, pilot, "Restart Link with other products", "auth,bogus")
        await pilot.pause()
        assert app.session is first and not first.finished
        assert any("INVALID_PRODUCT" in str(n.message) for n in app._notifications)
        assert app.session.pane.id == "CREDENTIAL"


async def test_restart_with_a_phone_number_prefills_it():
    app = make_app(returning_user=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, [])
        await answer(app, pilot, "Restart Link with another phone number", "+14155550011")
        await until_pane(app, pilot, "CONSENT")
        await walk(app, pilot, [{"action": "continue"}])
        await until_pane(app, pilot, "SUBMIT_PHONE")
        assert app.session.pane.phone_last4 == "0011"


async def test_restart_with_gb_country_codes_offers_uk_banks():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, [])
        await answer(app, pilot, "Restart Link with other country codes", "GB")
        await until_pane(app, pilot, "CONSENT")
        assert app.session.config.country_codes == ["GB"]
        await walk(app, pilot, [{"action": "continue"}])
        await until_pane(app, pilot, "SELECT_INSTITUTION")
        assert "Royal Bank of Plaid" in [h.label for h in await app.session.load_hints()]


async def test_switch_backend_to_a_server_and_back():
    app = make_app()
    with ServerThread() as server:
        await switch_there_and_back(app, server)


async def switch_there_and_back(app, server) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, [])
        await answer(app, pilot, "Switch backend", server.url)
        await until_pane(app, pilot, "CONSENT")
        assert isinstance(app.session.backend, HttpBackend), [str(n.message) for n in app._notifications]
        assert app.launcher.backend == Remote(server.url)
        await walk(app, pilot, TO_CREDENTIAL + [{"username": "user_good", "password": "pass_good"}])
        assert app.session.pane.id == "SELECT_ACCOUNT"
        await answer(app, pilot, "Switch backend", "embedded")
        await until_pane(app, pilot, "CONSENT")
        assert not isinstance(app.session.backend, HttpBackend) and isinstance(app.launcher.backend, Embedded)


async def test_switch_backend_refuses_what_is_not_a_backend_and_a_server_that_is_down():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, [])
        first = app.session
        await answer(app, pilot, "Switch backend", "ftp://nowhere")
        await answer(app, pilot, "Switch backend", "http://127.0.0.1:9")  # nothing listens on the discard port
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any("Not a backend" in m for m in messages) and any("Cannot open Link" in m for m in messages)
        assert app.session is first and isinstance(app.launcher.backend, Embedded)


async def test_the_screenshot_command_saves_an_svg_of_the_pane(tmp_path, monkeypatch):
    """Into ~/Downloads, or the current directory where there is none."""
    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, TO_CREDENTIAL)
        command(app, "Screenshot").callback()
        for _ in range(100):
            await pilot.pause(0.05)
            saved = list(tmp_path.glob("*.svg"))  # HOME is tmp_path in tests: no Downloads folder there
            if saved:
                break
    assert saved and "Log in at First Platypus Bank" in saved[0].read_text().replace("&#160;", " ")


async def test_the_theme_command_switches_theme():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, [])
        assert app.theme == "tuilink"
        app.theme = "nord"  # what the palette's Theme picker sets
        await pilot.pause()
        assert app.current_theme.name == "nord" and command(app, "Theme")


async def test_the_screenshot_goes_to_downloads_when_there_is_one(tmp_path):
    (tmp_path / "Downloads").mkdir()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, [])
        await pilot.press("ctrl+s")
        for _ in range(100):
            await pilot.pause(0.05)
            if list((tmp_path / "Downloads").glob("*.svg")):
                break
    assert list((tmp_path / "Downloads").glob("*.svg"))
