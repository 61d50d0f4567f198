"""Every shipped scenario runs through the real UI, meets its expectations and honours Plaid's contract;
no secret typed in any of them appears in any event, result or log."""
import asyncio
import glob
import json
import os
import tomllib

import pytest

from tests.conftest import ROOT
from tests.contract import problems
from tuilink.scripts.runner import run_paths

SCENARIOS = sorted(glob.glob(os.path.join(ROOT, "assets", "scenarios", "*.toml")))
SECRET_KEYS = {"password", "pin", "otp", "code", "account_number", "answers"}
# Account masks are public by design (onSuccess carries them): a typed code that equals one is no leak.
MASKS = {a["mask"] for a in json.load(open(os.path.join(ROOT, "assets", "sandbox_users.json")))["accounts"]}


def secrets_of(path: str) -> set[str]:
    """Every secret value a script types: passwords, PINs, OTPs, MFA answers, full account numbers."""
    raw = tomllib.loads(open(path).read())
    tables = list(raw.get("steps", []))
    for answer in raw.get("answers", {}).values():
        tables += answer if isinstance(answer, list) else [answer]
    found = set()
    for table in tables:
        for key in SECRET_KEYS & set(table):
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
    return {o.path: o for o in asyncio.run(run_paths(SCENARIOS, state=state))}


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
