"""Every text field of every pane, through the real UI: whatever is pasted or typed (random unicode, control
characters, escape sequences, huge pastes, nothing at all) and however it is submitted (Enter, the button,
Enter held down), no exception escapes, a pane that refuses the input says why, and the flow stays
consistent: the pane on screen is the session's, and the events so far honour Plaid's contract.

Examples per pane: a tenth of TUILINK_FUZZ_EXAMPLES (each example opens the app and walks to the pane), each
trying up to four inputs in a row; `make reliability` runs 1,000."""
from __future__ import annotations

import asyncio
import inspect
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.events import Paste
from textual.widgets import Button, Input

from tests.conftest import ROOT
from tests.contract import problems
from tests.fuzzing import count, fuzz_settings
from tuilink.flow.events import result_json
from tuilink.scripts import panes
from tuilink.scripts.runner import Driver, walk
from tuilink.ui.screens import SCREEN_PATHS, view_class
from tuilink.ui.textual_internals import app_failure

# catalogue entry → the pane it opens on; together they hold every pane with a text field
FUZZED = {
    "select_institution": "SELECT_INSTITUTION", "credential": "CREDENTIAL", "credential_pin": "CREDENTIAL",
    "update_mode_credential": "CREDENTIAL", "mfa_code": "MFA", "mfa_questions": "MFA", "submit_phone": "SUBMIT_PHONE",
    "verify_phone": "VERIFY_PHONE", "numbers": "NUMBERS", "numbers_manual": "NUMBERS", "legal_name": "LEGAL_NAME",
    "deposit_code": "SAME_DAY_MICRODEPOSIT_VERIFICATION", "instant_deposit_code": "INSTANT_MICRODEPOSIT_VERIFICATION",
    "matched_mfa": "MATCHED_MFA",
    "matched_credential": "MATCHED_CREDENTIAL", "oauth_bank": "OAUTH_BANK", "recaptcha": "RECAPTCHA",
}
NASTY = ["", " ", "\t", "\x00", "\x1b[2J\x1b[H", "\x1b]52;c;ZXZpbA==\x07", "\r\n", "\u202etxet", "🏦⚡",
         "'; DROP TABLE items; --",
         "{\"recaptcha\":\"good\"}", "user_good", "pass_good", "1234", "123456", "110000000", "1111222233330000",
         "a" * 300, "9" * 5000, "ｕｓｅｒ＿ｇｏｏｄ", "é" * 64]
TEXT = st.one_of(st.text(max_size=80), st.text(st.characters(codec="utf-8"), max_size=300), st.sampled_from(NASTY),
                 st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=8), st.integers(1000, 20_000)))
# Every word Link can write on its own: hypothesis also draws strings it finds in the code under test, and
# a password that is, say, "TRANSITION_VIEW" appears in the events without having leaked
VOCABULARY = "\n".join(p.read_text(encoding="utf-8", errors="replace") for root in ("tuilink", "assets")
                        for p in sorted((Path(ROOT) / root).rglob("*")) if p.suffix in (".py", ".json", ".toml"))
HOW = st.sampled_from(["enter", "button", "enter held down", "empty then enter"])


def _has_text_field(cls: type) -> bool:
    """Whether the screen class, or a screen class it inherits from, composes a text field."""
    own = [c for c in cls.__mro__ if c.__module__.startswith("tuilink.ui.screens.") and c.__name__ != "PaneScreen"]
    return any(f in inspect.getsource(c) for c in own for f in ("TextField(", "Input(", "labelled_input("))


def test_every_pane_with_a_text_field_is_fuzzed():
    with_fields = {pane for pane in SCREEN_PATHS if _has_text_field(view_class(pane))}
    assert {"CREDENTIAL", "INSTANT_MICRODEPOSIT_VERIFICATION"} <= with_fields  # the check sees inherited fields
    assert with_fields <= set(FUZZED.values()), with_fields - set(FUZZED.values())


async def test_a_paste_longer_than_the_field_keeps_its_start():
    settings, steps = panes.PANES["credential"]
    app = panes.make_app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, steps)
        field = app.screen.query_one("#username", Input)
        field.focus()
        field.post_message(Paste("x" * 3000 + "\nsecond line"))
        await pilot.pause()
        assert field.value == "x" * field.max_length  # Textual alone would have refused the whole paste
        field.value, field.cursor_position = "ab", 2
        field.post_message(Paste("cd\nef"))
        await pilot.pause()
        assert field.value == "abcd"


@pytest.mark.parametrize("name", sorted(FUZZED))
@fuzz_settings(share=0.1, shrink=False)
@given(data=st.data())
def test_whatever_is_typed_into_a_pane(name, data):
    asyncio.run(_fuzz(name, data))


async def _fuzz(name: str, data: st.DataObject) -> None:
    settings, steps = panes.PANES[name]
    app = panes.make_app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        driver = await walk(app, pilot, steps)
        session = app.session
        assert session.pane.id == FUZZED[name]
        secrets: list[str] = []
        for _attempt in range(data.draw(st.integers(1, 4), label="inputs in a row")):
            if session.finished or session.pane.id != FUZZED[name]:
                break  # an input was accepted: the flow moved on
            fields = [f for f in app.screen.query(Input) if f.display]
            if not fields:
                break
            how = data.draw(HOW, label="submitted by")
            for field in fields:
                text = data.draw(TEXT, label=f"#{field.id}")
                if how == "empty then enter":
                    field.clear()
                else:
                    await driver.type(f"#{field.id}", text)
                    if field.password and len(field.value) >= 8 and field.value not in NASTY \
                            and field.value not in VOCABULARY:
                        secrets.append(field.value)
                count("examples", f"{FUZZED[name]} #{field.id}")
            before = (session.pane.id, session.pane.seq)
            await _submit(driver, fields[-1], how)
            await driver.wait_until(lambda: session.finished or driver._ready(), "the pane to settle")
            await pilot.pause()
            _check(app, before, secrets)


async def _submit(driver: Driver, last: Input, how: str) -> None:
    if how == "button":
        for button in driver.app.screen.query(".primary").results(Button):
            if not button.disabled:
                button.press()
            break
        return
    last.focus()
    for _ in range(6 if how == "enter held down" else 1):  # no waiting between the presses
        await driver.pilot.press("enter")


def _check(app, before: tuple[str, int], secrets: list[str]) -> None:
    """The app is alive, the screen shows the session's pane, a pane that re-rendered itself after an input
    says why it refused it, and the events so far honour Plaid's contract (and hold no typed password)."""
    session = app.session
    assert app_failure(app) is None and app.action_error is None
    if not session.finished:
        assert app.screen.pane.id == session.pane.id
        if session.pane.id == "SELECT_INSTITUTION":  # a search: it answers with results or says there are none
            nothing = bool(session.pane.query.strip()) and not session.pane.results
            assert all(empty.display == nothing for empty in app.screen.query(".empty"))
        elif (session.pane.id, session.pane.seq != before[1]) == (before[0], True):
            assert session.pane.notice or session.pane.warning, f"{session.pane.id} refused an input silently"
    events = [e.model_dump(mode="json") for e in session.events]
    result = json.loads(result_json(session.result)) if session.result else {}
    found = problems(events, result, secrets)
    if not session.result:
        found = [p for p in found if not p.startswith(("callback", "the result"))]
    assert not found, found
