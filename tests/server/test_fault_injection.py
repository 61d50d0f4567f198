"""Every Link call of a flow fails once, in turn: the server answers HTTP 500 at that step. Whatever the step,
Link shows its ERROR pane (or an inline message) and never an internal error; leaving hands onExit Plaid's
INTERNAL_SERVER_ERROR."""
from __future__ import annotations

import asyncio
import os

import pytest

from tests.conftest import ROOT
from tests.contract import problems
from tests.fuzzing import count
from tuilink.launch import Remote
from tuilink.plaid.link_api import CALLS
from tuilink.scripts.runner import run_script
from tuilink.scripts.script import load
from tuilink.server.run import ServerThread

FLOWS = ["instant_auth.toml", "rux_0011_returning.toml", "mfa_device.toml", "same_day_microdeposits_1_link.toml",
         "oauth.toml", "instant_match.toml", "legacy_rux_auth.toml", "recaptcha_good.toml",
         "instant_microdeposits.toml"]


class Faults:
    """Wraps every Link call of a server's sandbox: the `fail_at`-th call of a run raises."""

    def __init__(self, sandbox) -> None:
        self.made: list[str] = []
        self.fail_at: int | None = None
        for name in CALLS:
            setattr(sandbox, name, self._wrap(name, getattr(sandbox, name)))

    def _wrap(self, name, real):
        def call(req):
            self.made.append(name)
            if len(self.made) == self.fail_at:
                raise RuntimeError("injected fault")
            return real(req)
        return call

    def run(self, url: str, path: str, fail_at: int | None):
        self.made, self.fail_at = [], fail_at
        return asyncio.run(run_script(load(path), Remote(url, client_id="c", secret="s")))


@pytest.mark.parametrize("name", FLOWS)
def test_a_server_error_at_any_step_is_handled(name):
    path = os.path.join(ROOT, "assets", "scenarios", name)
    with ServerThread() as server:
        faults = Faults(server.sandbox)
        clean = faults.run(server.url, path, None)
        made = faults.made
        assert clean.ok, clean.reason
        assert len(made) >= 4
        outcomes = [faults.run(server.url, path, n) for n in range(1, len(made) + 1)]
    count("faults", "HTTP backend: a server error at each Link call of a flow", len(outcomes))
    for n, outcome in enumerate(outcomes, 1):
        where = f"{name}: call {n} ({made[n - 1]})"
        assert "the app failed" not in outcome.reason, f"{where}: {outcome.reason}"
        session = outcome.session
        if made[n - 1] == "report":  # the report comes after the callback: nothing changes for the user
            assert outcome.ok, f"{where}: {outcome.reason}"
            continue
        errors = [e.metadata.error_code for e in session.events if e.event_name == "ERROR"]
        assert errors.count("INTERNAL_SERVER_ERROR") == 1, where
        if session.result is None:  # stopped on the ERROR pane, or on a pane showing the error inline
            assert session.pane.id == "ERROR" or session.pane.notice, f"{where}: {session.pane.id} shows nothing"
            session.exit()  # the user leaves Link from there
            session.confirm_exit()
            assert session.result.error["error_code"] == "INTERNAL_SERVER_ERROR", where
        if session.result is not None:
            result = session.result.model_dump(mode="json")
            assert problems([e.model_dump(mode="json") for e in session.events], result) == [], where
