"""State and focus show without colour: check boxes and radio buttons by glyph, focus by reverse video under
NO_COLOR (and the cursor's colours otherwise), text fields as boxes whether focused or not."""
import pytest
from textual.widgets import Button, Input, RadioSet, SelectionList

from tests.helpers import make_app, walk
from tuilink.scripts import panes
from tuilink.ui.widgets.choices import CHECK_OFF, CHECK_ON, RADIO_OFF, RADIO_ON


def _rows(widget) -> list[str]:
    return [widget.render_line(y).text for y in range(widget.size.height)]


async def test_check_boxes_show_ticked_and_unticked_by_glyph():
    settings, steps = panes.PANES["select_account"]
    app = panes.make_app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, steps)
        accounts = app.screen.query_one("#accounts", SelectionList)
        rows = _rows(accounts)[:3]
        assert all(row.startswith(CHECK_OFF) for row in rows), rows
        accounts.focus()
        await pilot.press("space")  # ticks the highlighted (first) account
        await pilot.pause()
        rows = _rows(accounts)[:3]
        assert rows[0].startswith(CHECK_ON) and all(row.startswith(CHECK_OFF) for row in rows[1:]), rows


async def test_radio_buttons_show_the_choice_by_glyph():
    settings, steps = panes.PANES["mfa_device"]
    app = panes.make_app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, steps)
        buttons = list(app.screen.query_one(RadioSet).query("RadioButton"))
        drawn = [str(b.render()) for b in buttons]
        assert drawn[0].startswith(RADIO_ON) and all(d.startswith(RADIO_OFF) for d in drawn[1:]), drawn


@pytest.mark.parametrize("no_color", [True, False])
async def test_the_focused_button_stands_out(monkeypatch, no_color):
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, panes.PANES["exit"][1])
        focused = app.screen.focused
        assert isinstance(focused, Button)
        others = [b for b in app.screen.query(Button) if b is not focused]
        assert others
        if no_color:
            assert focused.styles.text_style.reverse and not any(b.styles.text_style.reverse for b in others)
        else:
            assert all(focused.styles.background != b.styles.background for b in others)


async def test_text_fields_are_boxes_and_the_focused_one_is_heavy():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, panes.PANES["credential"][1])
        fields = list(app.screen.query(Input))
        assert len(fields) == 2 and app.screen.focused is fields[0]
        assert fields[0].styles.border_top[0] == "heavy"
        assert fields[1].styles.border_top[0] == "round"  # unfocused: still a visible box


async def test_the_result_json_is_whole_and_scrolls():
    """No line of the callback JSON is cut at the card's edge: the JSON is as wide as its longest line and its
    box scrolls both ways."""
    from tuilink.scripts.panes import TO_CREDENTIAL

    app = panes.make_app({}, show_result=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, TO_CREDENTIAL + [{"username": "user_good", "password": "error_ITEM_LOCKED"},
                                                {"action": "exit"}, {"action": "exit"}])
        await pilot.pause()
        body = app.screen.query_one("#result-body")
        longest = max(len(line) for line in app.screen.text.splitlines())
        box = app.screen.query_one("#result-json")
        assert body.size.width >= longest > box.size.width and box.max_scroll_x > 0
