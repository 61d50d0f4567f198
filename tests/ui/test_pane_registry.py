"""Each pane's knowledge lives in one place: its id and model and Link's rules for it (flow/state.py), its view
(ui/screens), and nothing else. Adding a pane id without a view, a model, an exit status or a way for a scenario
step to reach its widgets fails here."""
import typing

import pytest

from tests.contract import enums
from tests.helpers import make_app, walk
from tuilink.flow.panes import PANES
from tuilink.flow.state import BasePane, PaneId
from tuilink.plaid.enums import ExitStatus
from tuilink.scripts import panes
from tuilink.ui.screens import SCREEN_PATHS, view_class
from tuilink.ui.screens.base import PaneScreen, Steps


def test_every_pane_id_has_a_rule_and_a_view_and_nothing_else_does():
    assert set(PANES) == set(PaneId)
    assert set(SCREEN_PATHS) == set(PaneId)


def test_pane_ids_are_plaids_views_or_ours():
    plaid_views = set(enums()["union.LinkEventViewName"])
    for pane in PaneId:
        assert pane.is_plaid_view == (pane.value in plaid_views), pane


@pytest.mark.parametrize("pane", list(PaneId))
def test_every_view_is_its_panes_and_draws_its_model(pane):
    view = view_class(pane)
    assert issubclass(view, Steps) and view.pane_id == pane
    rule = PANES[pane]
    assert issubclass(rule.model, BasePane)
    assert rule.exit_status is None or rule.exit_status == "mfa" or isinstance(rule.exit_status, ExitStatus)
    assert all(target in PANES for target in rule.back_to)
    if issubclass(view, PaneScreen):  # the model the view is typed for is the one the flow gives it
        drawn = next(typing.get_args(base)[0] for klass in view.__mro__ for base in getattr(klass, "__orig_bases__", ())
                     if typing.get_origin(base) in (PaneScreen,) or (
                         typing.get_origin(base) is not None and issubclass(typing.get_origin(base), PaneScreen)))
        assert drawn is rule.model, (pane, drawn, rule.model)


@pytest.mark.parametrize("pane", list(PaneId))
def test_a_step_can_leave_every_pane(pane):
    """A view with nothing to submit offers actions or applies its own steps (lists, search)."""
    view = view_class(pane)
    own_apply = view.apply_step is not Steps.apply_step
    assert view.SUBMIT is not None or view.ACTIONS or own_apply or pane == PaneId.LOADING


@pytest.mark.parametrize("name", sorted(panes.PANES))
async def test_the_widgets_a_view_names_for_steps_are_on_it(name):
    settings, steps = panes.PANES[name]
    app = panes.make_app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, steps)
        screen = app.screen
        if app.session.finished or not isinstance(screen, Steps):
            return
        ids = {w.id for w in screen.query("*") if w.id}
        if screen.SUBMIT is not None:
            assert screen.SUBMIT in ids, (name, screen.SUBMIT)
        if screen.TYPE_ALL:
            missing = [f for f in screen.FIELDS.values() if f not in ids]
            assert not missing, (name, missing)
        if screen.pane_id not in OPTIONAL_ACTIONS:
            assert set(screen.ACTIONS.values()) <= ids, (name, set(screen.ACTIONS.values()) - ids)


# Panes whose action buttons depend on the session ("Link with account numbers" only with manual entry on).
OPTIONAL_ACTIONS = {PaneId.SELECT_INSTITUTION, PaneId.EXIT, PaneId.NUMBERS_SELECT_INSTITUTION}


async def test_a_hint_fills_a_pane_as_its_step_would():
    """A hint is a scenario step: the view fills it (MFA questions: one answer per field)."""
    app = make_app(returning_user=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await walk(app, pilot, [{"action": "continue"}, {"search": "First Platypus", "select": "ins_109508"},
                                {"username": "user_good", "password": "mfa_questions_1_1"}])
        assert app.session.pane.id == "MFA"
        hints = await app.session.load_hints()
        app.screen.fill(hints[0].fill)
        assert app.screen.query_one("#answer-0").value == "answer_0_0"


async def test_a_recaptcha_step_types_its_answer_or_solves_the_word_on_screen():
    app = make_app(returning_user=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await walk(app, pilot, [{"action": "continue"}, {"search": "First Platypus", "select": "ins_109508"},
                                {"username": "user_good", "password": '{"recaptcha":"good"}'}, {"answer": "wrong"}])
        assert app.session.pane.id == "RECAPTCHA" and app.session.pane.notice
        await walk(app, pilot, [{"action": "solve"}])
        assert app.session.pane.id == "SELECT_ACCOUNT"


async def test_search_highlights_come_from_the_backend():
    """The result rows emphasise the spans the backend's search answered with (the Sandbox's own matching)."""
    from tuilink.ui.screens.institution import ResultRow

    app = make_app(returning_user=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await walk(app, pilot, [{"action": "continue"}, {"search": "platypus"}])
        first = app.session.pane.results[0]
        assert first.spans and first.name[slice(*first.spans[0])].lower() == "platypus"
        row = app.screen.query_one("#results").get_option_at_index(0).prompt
        assert isinstance(row, ResultRow) and row.spans == first.spans
        offset = len(row.prefix)  # the ⚡ column
        bold = [span for span in row.content(80).spans if "underline" in str(span.style)]
        assert [(s.start - offset, s.end - offset) for s in bold] == first.spans
