"""Every shipped scenario runs through the real UI, meets its expectations and honours Plaid's contract;
no secret typed in any of them appears in any event, result or log. Scripts written here run with the
`tuilink_flow` fixture (the project's pytest plugin)."""
import asyncio
import glob
import json
import os
import tomllib

import pytest

from tests.conftest import ROOT
from tests.contract import problems
from tuilink.launch import Embedded, Remote
from tuilink.scripts.runner import run_paths

SCENARIOS = sorted(glob.glob(os.path.join(ROOT, "assets", "scenarios", "*.toml")))
SECRET_KEYS = {"password", "pin", "otp", "code", "account_number", "answers"}
# Account masks are public by design (onSuccess carries them): a typed code that equals one is no leak.
MASKS = {a["mask"] for a in json.load(open(os.path.join(ROOT, "assets", "sandbox_users.json")))["accounts"]}


def secrets_of(path: str, keys: set[str] = SECRET_KEYS) -> set[str]:
    """Every secret value a script types (in the step keys `keys`): passwords, PINs, OTPs, MFA answers, full
    account numbers."""
    raw = tomllib.loads(open(path).read())
    tables = list(raw.get("steps", []))
    for answer in raw.get("answers", {}).values():
        tables += answer if isinstance(answer, list) else [answer]
    found = set()
    for table in tables:
        for key in keys & set(table):
            values = table[key] if isinstance(table[key], list) else [table[key]]
            found |= {str(v) for v in values if len(str(v)) >= 4 and str(v) not in MASKS}
    return found


def test_there_are_scenarios():
    assert len(SCENARIOS) >= 10


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    """Every scenario in name order on one state file, as `tuilink run --state FILE assets/scenarios/*.toml`
    does (a second session, e.g. the micro-deposit code, continues the Item a previous script linked)."""
    state = str(tmp_path_factory.mktemp("state") / "sandbox.db")
    return {o.path: o for o in asyncio.run(run_paths(SCENARIOS, Embedded(state=state)))}


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: os.path.basename(p))
def test_scenario(path, outcomes):
    outcome = outcomes[path]
    assert outcome.ok, outcome.reason
    events = [e.model_dump(mode="json") for e in outcome.session.events]
    result = outcome.result.model_dump(mode="json")
    assert problems(events, result, sorted(secrets_of(path))) == []


def test_tuilink_run_passes_every_shipped_scenario(tmp_path):
    """What CI users run: `tuilink run --state FILE assets/scenarios/*.toml` prints PASS for each, exits 0."""
    import subprocess
    import sys

    events = tmp_path / "events.jsonl"
    out = subprocess.run([sys.executable, "-m", "tuilink", "run", *SCENARIOS, "--events", str(events),
                          "--state", str(tmp_path / "sandbox.db")],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.splitlines() == [f"PASS {path}" for path in SCENARIOS]
    sessions = {json.loads(line)["metadata"]["link_session_id"] for line in events.read_text().splitlines()}
    assert len(sessions) == len(SCENARIOS)


FIRST_VISIT = """
[link_token]
client_name = "Acme"
products = ["auth"]
country_codes = ["US"]
language = "en"
user = { client_user_id = "u" }
[answers.CONSENT]
action = "continue"
[answers.SUBMIT_PHONE]
phone = "4155550199"
[answers.VERIFY_PHONE]
otp = "123456"
[answers.SELECT_INSTITUTION]
search = "Tartan Bank"
select = "ins_109511"
[answers.CREDENTIAL]
username = "user_good"
password = "pass_good"
[answers.SELECT_ACCOUNT]
accounts = ["1111"]
[answers.CONNECTED]
action = "continue"
[expect]
callback = "onSuccess"
"""

SECOND_VISIT = FIRST_VISIT.split("[answers.SELECT_INSTITUTION]")[0] + """
[answers.SELECT_SAVED_ACCOUNT]
accounts = ["1111"]
[answers.CONNECTED]
action = "continue"
[expect]
callback = "onSuccess"
events = ["OPEN:CONSENT", "TRANSITION_VIEW:SUBMIT_PHONE", "SUBMIT_PHONE", "TRANSITION_VIEW:VERIFY_PHONE",
  "SUBMIT_OTP", "VERIFY_PHONE", "SELECT_INSTITUTION", "TRANSITION_VIEW:SELECT_SAVED_ACCOUNT",
  "SELECT_INSTITUTION", "TRANSITION_VIEW:CONNECTED", "HANDOFF"]
"""


def test_a_new_user_is_remembered_with_state_across_runs(tuilink_flow, tmp_path):
    assert tuilink_flow(FIRST_VISIT).ok
    assert tuilink_flow(SECOND_VISIT).reason == "no answer for SELECT_INSTITUTION"
    state = tmp_path / "sandbox.db"
    first, second = tuilink_flow(FIRST_VISIT, state=state), tuilink_flow(SECOND_VISIT, state=state)
    assert first.ok and second.ok, first.reason or second.reason


def test_a_choice_the_pane_does_not_offer_fails_the_script(tuilink_flow):
    script = open(os.path.join(ROOT, "assets", "scenarios", "same_day_microdeposits_1_link.toml")).read()
    flow = tuilink_flow(script.replace('account_type = "checking"', 'account_type = "brokerage"'))
    assert not flow.ok
    assert "ACCOUNT_TYPE step needs `account_type` = one of checking, savings" in flow.reason


def test_the_collector_runs_less_often_during_a_flow_and_as_before_after_it():
    import gc

    from tuilink.scripts.runner import FLOW_GC_THRESHOLDS, run_script
    from tuilink.scripts.script import load

    seen = []

    async def on_pane(driver, pane_id):
        seen.append(gc.get_threshold())

    before = gc.get_threshold()
    outcome = asyncio.run(run_script(load(SCENARIOS[0]), on_pane=on_pane))
    assert outcome.ok, outcome.reason
    assert seen and set(seen) == {FLOW_GC_THRESHOLDS} != {before}
    assert gc.get_threshold() == before


def _scenario(name: str) -> str:
    return open(os.path.join(ROOT, "assets", "scenarios", name)).read()


def test_account_filters_offer_only_the_named_types_and_subtypes(tuilink_flow):
    """credit (credit card) + loan (student): the mortgage, depository and investment accounts are not offered."""
    script = _scenario("account_filters_credit_loan.toml")
    for mask in ("8888", "0000", "5555"):
        flow = tuilink_flow(script.replace('accounts = ["3333", "7777"]', f'accounts = ["{mask}"]'))
        assert not flow.ok
        assert flow.reason.endswith("(shown: 3333, 7777, 9999)"), flow.reason
    flow = tuilink_flow(script)
    assert [a["mask"] for a in flow.callback["metadata"]["accounts"]] == ["3333", "7777"]
    assert [(a["type"], a["subtype"]) for a in flow.callback["metadata"]["accounts"]] == [
        ("credit", "credit card"), ("loan", "student")]


def test_institution_id_puts_the_institution_on_every_event_from_its_pane_on(tuilink_flow):
    flow = tuilink_flow(_scenario("institution_preselected.toml"))
    assert flow.ok, flow.reason
    assert flow.panes[:3] == ["CONSENT", "SUBMIT_PHONE", "CREDENTIAL"]
    views = [e["metadata"]["view_name"] for e in flow.events]
    at = views.index("CREDENTIAL")  # OPEN, the phone pane and its skip come before: no institution yet
    assert [e["metadata"]["institution_id"] for e in flow.events[:at]] == [None, None, None]
    assert {e["metadata"]["institution_id"] for e in flow.events[at:]} == {"ins_109508"}
    assert flow.callback["metadata"]["institution"] == {"name": "First Platypus Bank", "institution_id": "ins_109508"}


UNKNOWN_INSTITUTION = """
[link_token]
client_name = "Plaid Test App"
products = ["auth"]
country_codes = ["US"]
language = "en"
user = { client_user_id = "user-1" }
institution_id = "ins_000000"
[answers.CONSENT]
action = "continue"
[expect]
callback = "onExit"
error_code = "INVALID_INSTITUTION"
events = ["ERROR", "EXIT"]
"""


def test_an_unknown_institution_id_ends_link_with_invalid_institution(tuilink_flow):
    """/link/token/create accepts the id; Link's session start refuses it (embedded and over HTTP)."""
    from tuilink.scripts.runner import run_script
    from tuilink.scripts.script import parse
    from tuilink.server.run import ServerThread

    flow = tuilink_flow(UNKNOWN_INSTITUTION)
    assert flow.ok, flow.reason
    assert flow.panes == [] and flow.event_names == ["ERROR", "EXIT"]
    assert flow.callback["error"]["error_type"] == "INVALID_INPUT"
    assert flow.callback["metadata"]["institution"] is None
    with ServerThread() as server:
        remote = Remote(server.url, client_id="ci", secret="ci-secret")
        outcome = asyncio.run(run_script(parse(UNKNOWN_INSTITUTION), remote))
    assert outcome.ok, outcome.reason
    assert outcome.result.error["error_code"] == "INVALID_INSTITUTION"
