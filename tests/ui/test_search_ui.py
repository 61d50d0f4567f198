"""Institution search in the real UI on the 12,000-institution catalogue: typing never waits for a search,
and what is on screen is always the answer to what was typed last."""
import pytest
from textual.widgets import Input, OptionList

from tests.helpers import walk
from tuilink.sandbox.catalogue import Catalogue, institutions_from
from tuilink.sandbox.generate import generate
from tuilink.scripts import panes
from tuilink.scripts.runner import Driver


@pytest.fixture(scope="module")
def big() -> Catalogue:
    return Catalogue(institutions_from(generate(), "generated"))


async def search(app, driver: Driver, query: str) -> None:
    """Type `query` into the search field and wait for its results."""
    await driver.type("#search", query)
    await driver.wait_until(lambda: app.session.pane.query == query, "results")


async def test_typing_fast_shows_the_results_of_the_final_query(big):
    app = panes.make_app({}, catalogue=big)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, [{"action": "continue"}])
        field = app.screen.query_one("#search", Input)
        field.focus()
        typed = "cedar falls credit union"
        for ch in typed:  # one key event per character, no pause between them
            await pilot.press(ch if ch != " " else "space")
        assert field.value == typed  # every key reached the field while searches ran
        expected = [i.institution_id for i in big.search(typed)]
        await Driver(app, pilot).wait_until(lambda: app.session.pane.query == typed, "the last query's results")
        await pilot.pause()
        shown = app.screen.query_one("#results", OptionList)
        ids = [shown.get_option_at_index(n).id for n in range(shown.option_count)]
        assert app.session.pane.query == typed
        assert [r.institution_id for r in app.session.pane.results] == expected[:len(app.session.pane.results)]
        assert ids == expected and ids[0] == big.search("Cedar Falls Credit Union")[0].institution_id


async def test_a_routing_number_and_a_typo_in_the_ui(big):
    app = panes.make_app({}, catalogue=big)
    async with app.run_test(size=(80, 24)) as pilot:
        driver = await walk(app, pilot, [{"action": "continue"}])
        await search(app, driver, "chsae")
        assert [r.name for r in app.session.pane.results] == ["Chase"]
        await search(app, driver, "333333334")
        assert [r.name for r in app.session.pane.results] == ["Windowpane Bank"]


async def test_matched_text_is_emphasised_on_the_rows_on_screen_only(big):
    app = panes.make_app({}, catalogue=big)
    async with app.run_test(size=(80, 24)) as pilot:
        await search(app, await walk(app, pilot, [{"action": "continue"}]), "bk of am")
        await pilot.pause()
        shown = app.screen.query_one("#results", OptionList)
        rows = [shown.get_option_at_index(n).prompt for n in range(shown.option_count)]
        assert len(rows) == 50 and shown.size.height < 50
        drawn = [row for row in rows if row._drawn is not None]
        assert 0 < len(drawn) <= shown.size.height  # rows below the fold are never highlighted
        first = shown.render_line(0)
        bold = "".join(seg.text for seg in first if seg.style and seg.style.bold and seg.style.underline)
        assert app.session.pane.results[0].name == "Bank of America" and bold == "BankofAm"


def test_a_result_row_cuts_a_name_only_when_it_has_no_room():
    """The name gets the row's width less the badge's; "…" only when even that is too short, the badge kept."""
    from tuilink.ui.screens.institution import ResultRow

    name = "Unsupported Platypus Bank - Institution Not Supported"
    row = ResultRow("   ", name, [(12, 20)], "unsupported", "dim")
    wide = row.content(80).plain
    assert name in wide and wide.rstrip().endswith("unsupported") and len(wide) == 80
    narrow = row.content(40).plain
    assert len(narrow) == 40 and narrow.endswith(" unsupported") and "…" in narrow
    assert narrow.startswith("   Unsupported Platypu")
