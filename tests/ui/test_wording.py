"""Link's words on screen say what is true: messages in reading order, titles that fit what happened, key hints
that say what the key does next, placeholders that cannot pass for values, hints that recommend only what is
emulated. In English, Spanish and French alike."""
import json
from pathlib import Path

import pytest
from textual.widgets import Input, LoadingIndicator

from tests.helpers import make_app, walk
from tuilink.copy import text
from tuilink.scripts import panes

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ["en", "es", "fr"]


async def _at(name: str, language: str = "en", size: tuple[int, int] = (80, 24)):
    settings, steps = panes.PANES[name]
    app = panes.make_app({**settings, "language": language})
    return app, steps, size


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_wrong_deposit_code_says_what_is_wrong_then_the_attempts_left(language):
    app, steps, size = await _at("deposit_code_wrong", language)
    async with app.run_test(size=size) as pilot:
        await walk(app, pilot, steps)
        notice = app.session.pane.notice or ""
        attempts = text("deposit.attempts_left.other", language, count=2, body="").strip()
        assert notice.endswith(attempts) and len(notice) > len(attempts) + 10, notice  # the error, then the count
        assert not notice[0].isdigit()


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_verified_micro_deposit_ends_on_account_verified(language):
    app, steps, size = await _at("deposit_code", language)
    async with app.run_test(size=size) as pilot:
        await walk(app, pilot, [*steps, {"code": "ABC"}])
        assert app.session.pane.id == "CONNECTED"
        title = str(app.screen.query_one(".title").render())
        assert title == text("connected.verified_title", language) != text("connected.update_title", language)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_two_selection_questions_are_asked_in_the_plural(language):
    app, steps, size = await _at("mfa_selections", language)
    async with app.run_test(size=size) as pilot:
        await walk(app, pilot, steps)
        mfa = app.session.pane.mfa
        assert len(mfa.questions) > 1 and mfa.prompt == text("mfa.prompt.selections.other", language)


async def test_the_data_key_hint_says_hide_once_the_data_shows():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await walk(app, pilot, [])
        app.screen.query_one("#data-types").focus()
        await pilot.pause()
        hints = app.screen.query_one("KeyHints")
        assert "Show data" in str(hints.render())
        await pilot.press("enter")
        await pilot.pause()
        assert "Hide data" in str(hints.render()) and "Show data" not in str(hints.render())


async def test_the_loading_pane_has_no_second_loading_word():
    """Without animations (CI, TEXTUAL_ANIMATIONS=none) Textual's indicator would write "Loading..." beside
    "Connecting to …"."""
    from tests.helpers import to_loading

    app = make_app(latency_ms=60_000)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_loading(app, pilot)
        spinner = app.screen.query_one(LoadingIndicator)
        assert "Loading" not in str(spinner.render())


MAGIC = {"user_good", "pass_good", "123456", "ABC", "1234", "0000"}


@pytest.mark.parametrize("name", ["verify_phone", "deposit_code", "matched_mfa", "numbers", "submit_phone",
                                  "credential", "mfa_code"])
async def test_placeholders_never_look_like_values(name):
    """No placeholder is a magic value or made of the mask dots a filled field shows."""
    app, steps, size = await _at(name)
    async with app.run_test(size=size) as pilot:
        await walk(app, pilot, steps)
        for field in app.screen.query(Input):
            placeholder = field.placeholder
            assert placeholder not in MAGIC and "•" not in placeholder, (name, field.id, placeholder)


def test_hints_and_notes_recommend_only_what_is_emulated():
    """`user_custom` passwords are not emulated (README): nothing shown to a user recommends them."""
    shown = (ROOT / "assets" / "institutions.json").read_text() + (ROOT / "assets" / "sandbox_users.json").read_text()
    for language in LANGUAGES:
        shown += json.dumps(json.loads((ROOT / "assets" / "locales" / f"{language}.json").read_text()))
    assert "user_custom" not in shown


async def test_the_result_screen_says_quit_once():
    """q and Ctrl+Q both quit there: the key hints name it once."""
    from tuilink.scripts.panes import CONTINUE, LOGIN

    app = panes.make_app({}, show_result=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await walk(app, pilot, LOGIN + [{"accounts": ["0000"]}, CONTINUE])
        await pilot.pause()
        shown = str(app.screen.query_one("KeyHints").render())
        assert shown.count("Quit") == 1 and "Copy JSON" in shown, shown
