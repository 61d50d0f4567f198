"""Every shipped scenario, through the real UI, on the HTTP backend against a real `tuilink serve`: the same
outcomes and contract as on the embedded sandbox, and the server keeps each session for /link/token/get."""
import asyncio

import pytest

from tests.contract import problems
from tests.test_scenarios import SCENARIOS, secrets_of
from tuilink.launch import Remote
from tuilink.scripts.runner import run_paths
from tuilink.scripts.script import load
from tuilink.server.run import ServerThread


def _chunks(paths: list[str], n: int) -> list[list[str]]:
    """`paths` in n runs of consecutive scripts; a use_last_item script stays with the one before it."""
    groups: list[list[str]] = []
    for path in paths:
        if groups and load(path).options.get("use_last_item"):
            groups[-1].append(path)
        else:
            groups.append([path])
    size = -(-len(groups) // n)
    return [[p for g in groups[i:i + size] for p in g] for i in range(0, len(groups), size)]


CHUNKS = _chunks(SCENARIOS, 4)


def test_the_chunks_cover_every_scenario_once():
    assert sorted(p for c in CHUNKS for p in c) == SCENARIOS


@pytest.mark.parametrize("chunk", range(len(CHUNKS)))
def test_every_scenario_over_http(chunk, tmp_path):
    with ServerThread(state=str(tmp_path / "state.db")) as server:
        remote = Remote(server.url, client_id="ci", secret="ci-secret")
        outcomes = asyncio.run(run_paths(CHUNKS[chunk], remote))
        store = server.sandbox.store
        for outcome in outcomes:
            assert outcome.ok, f"{outcome.path}: {outcome.reason}"
            session = outcome.session
            events = [e.model_dump(mode="json") for e in session.events]
            result = outcome.result.model_dump(mode="json")
            assert problems(events, result, sorted(secrets_of(outcome.path))) == []
            # the server was told how the session ended (/link/token/get's link_sessions)
            kept = {s["link_session_id"]: s for s in store.link_sessions(session.link_token)}
            assert session.link_session_id in kept, outcome.path
            record = kept[session.link_session_id]
            assert record["finished_at"] is not None
            assert [e["event_name"] for e in record["events"]] == [e.event_name for e in session.events]
            if outcome.result.callback == "onSuccess":
                assert outcome.result.public_token in [r["public_token"] for r in record["item_add_results"]]
                assert record["exit"] is None
            else:
                assert record["exit"]["metadata"]["status"] == outcome.result.metadata.status
