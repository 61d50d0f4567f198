"""`tuilink_flow` in the project's own tests: it hands back what `tuilink run --events/--result` writes; script
paths, `state`, a `tuilink serve` backend, async tests, and the mistakes it reports."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tuilink.scripts.script import ScriptError
from tuilink.server.run import ServerThread

SCENARIOS = Path(ROOT) / "assets" / "scenarios"
VOLATILE = {"link_session_id", "request_id", "timestamp", "public_token", "id"}  # differ from run to run

STOPS_ON_SELECT_INSTITUTION = """
[link_token]
client_name = "Acme Ledger"
products = ["auth"]
country_codes = ["US"]
language = "en"
user = { client_user_id = "user-1" }
[options]
returning_user = false
[answers.CONSENT]
action = "continue"
"""


def _steady(value):
    """`value` with the values of VOLATILE keys replaced by their type."""
    if isinstance(value, dict):
        return {k: type(v).__name__ if k in VOLATILE else _steady(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_steady(v) for v in value]
    return value


def test_events_and_callback_are_what_tuilink_run_writes(tuilink_flow, tmp_path):
    script = SCENARIOS / "mfa_device.toml"
    flow = tuilink_flow(script)
    events, result = tmp_path / "events.jsonl", tmp_path / "result.json"
    out = subprocess.run([sys.executable, "-m", "tuilink", "run", str(script), "--events", str(events),
                          "--result", str(result)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    written = [json.loads(line) for line in events.read_text().splitlines()]
    assert flow.ok and flow.reason == ""
    assert _steady(flow.events) == _steady(written)
    assert _steady(flow.callback) == _steady(json.loads(result.read_text()))
    assert flow.public_token == flow.callback["public_token"] and flow.public_token.startswith("public-sandbox-")
    assert flow.event_names == [e["event_name"] for e in written]
    assert flow.panes == ["CONSENT", "SELECT_INSTITUTION", "CREDENTIAL", "MFA", "MFA", "SELECT_ACCOUNT", "CONNECTED"]


def test_a_relative_path_is_relative_to_the_test_file(tuilink_flow):
    flow = tuilink_flow("sample/scenarios/instant_auth.toml")
    assert flow.ok, flow.reason
    with pytest.raises(ScriptError, match=r"tests/plugin/missing\.toml: cannot read"):
        tuilink_flow("missing.toml")


def test_a_script_that_cannot_be_parsed_raises(tuilink_flow):
    with pytest.raises(ScriptError, match="not valid TOML"):
        tuilink_flow("[link_token\nclient_name = 1\n")
    with pytest.raises(ScriptError, match=r"\[expect\]: unknown key 'colour' \(one of callback, "):
        tuilink_flow(STOPS_ON_SELECT_INSTITUTION + "[expect]\ncolour = 'red'\n")


def test_a_run_that_stops_is_reported_not_raised(tuilink_flow):
    flow = tuilink_flow(STOPS_ON_SELECT_INSTITUTION)
    assert not flow.ok and flow.reason == "no answer for SELECT_INSTITUTION"
    assert flow.callback is None and flow.public_token is None
    assert flow.panes == ["CONSENT", "SELECT_INSTITUTION"]
    assert flow.event_names == ["OPEN", "TRANSITION_VIEW"]


def test_an_unmet_expectation_is_reported_with_the_callback(tuilink_flow):
    flow = tuilink_flow((SCENARIOS / "instant_auth.toml").read_text().replace('callback = "onSuccess"',
                                                                              'callback = "onExit"'))
    assert not flow.ok and flow.reason == "expected onExit, Link called onSuccess"
    assert flow.callback["callback"] == "onSuccess"


def test_state_carries_the_item_to_the_next_flow(tuilink_flow, tmp_path):
    """update_mode_2_relogin (`use_last_item`) reopens the Item update_mode_1_link linked, as with
    `tuilink run --state`."""
    first, second = SCENARIOS / "update_mode_1_link.toml", SCENARIOS / "update_mode_2_relogin.toml"
    assert tuilink_flow(first).ok
    assert tuilink_flow(second).reason == "use_last_item needs --state with an Item in it"
    state = tmp_path / "sandbox.db"
    assert tuilink_flow(first, state=state).ok
    again = tuilink_flow(second, state=str(state))
    assert again.ok, again.reason
    assert again.panes[0] == "CREDENTIAL" and again.events[0]["metadata"]["is_update_mode"] == "true"


def test_on_a_server_use_last_item_exchanges_the_previous_flows_public_token(tuilink_flow):
    with ServerThread() as server:
        linked = tuilink_flow(SCENARIOS / "update_mode_1_link.toml", backend=server.url)
        again = tuilink_flow(SCENARIOS / "update_mode_2_relogin.toml", backend=server.url)
        assert linked.ok and again.ok, again.reason
        [item] = server.sandbox.store.all_items()
    assert again.callback["metadata"]["institution"]["institution_id"] == item.item.institution_id


def test_options_that_do_not_go_together(tuilink_flow, tmp_path):
    script = SCENARIOS / "instant_auth.toml"
    with pytest.raises(ValueError, match="link_token= needs backend="):
        tuilink_flow(script, link_token="link-sandbox-x")
    with pytest.raises(ValueError, match="state= belongs to the server with backend="):
        tuilink_flow(script, backend="http://127.0.0.1:1", state=tmp_path / "s.db")


async def test_in_an_async_test_await_arun(tuilink_flow, tuilink_snapshots):
    flow = await tuilink_flow.arun(SCENARIOS / "exit_from_credential.toml")
    assert flow.ok, flow.reason
    assert flow.callback["callback"] == "onExit" and flow.callback["metadata"]["status"] == "requires_credentials"
    with pytest.raises(RuntimeError, match=r"in an async test, use `await tuilink_flow\.arun\(\.\.\.\)`"):
        tuilink_flow(SCENARIOS / "instant_auth.toml")
    with pytest.raises(RuntimeError, match=r"use `await tuilink_snapshots\.arun\(\.\.\.\)`"):
        tuilink_snapshots(SCENARIOS / "instant_auth.toml")
