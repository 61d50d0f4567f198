"""No secret leaves tuilink: every shipped scenario runs through the real UI against a real `tuilink serve`
(the HTTP backend, the API keys sent as an app server would), and every output is scanned for every secret
value used — the passwords, PINs, OTPs, MFA answers and full account numbers the scripts type, and the API
secret: the --events log, each onSuccess / onExit JSON, the server's request log, and a screenshot of every
pane as it arrives. A screenshot of each pane with its answer typed in, just before it is submitted, shows
what the user is typing (an OTP, an account number, as Link does) but never a password or PIN. Zero hits."""
from __future__ import annotations

import asyncio
import html
import json
import re

import pytest

from tests.fuzzing import count
from tests.test_scenarios import SCENARIOS, secrets_of
from tuilink.flow.events import EventLog, result_json
from tuilink.launch import Remote
from tuilink.scripts import panes
from tuilink.scripts.runner import Chain, Driver, run_script, walk
from tuilink.scripts.script import load
from tuilink.server.run import ServerThread

API_SECRET = "sandbox-secret-7f3a9c1e5b"
TAGS = re.compile(r"<[^>]+>")
STYLE = re.compile(r"<style.*?</style>", re.S)
MASKED = re.compile(r"\*+-\d{4}")  # a masked phone, "(***) ***-1234", shows its last 4 digits by design


def screen_text(svg: str) -> str:
    """The characters an SVG screenshot shows, in order (spans joined, entities decoded), masked values
    removed."""
    return MASKED.sub("", html.unescape(TAGS.sub("", STYLE.sub("", svg))).replace("\xa0", " "))


def test_no_secret_in_any_output_of_any_scenario(tmp_path, monkeypatch):
    outputs: dict[str, list[str]] = {"events log": [], "results": [], "request log": [], "screenshots": []}
    typing: list[str] = []  # screenshots with an answer typed in

    async def on_pane(driver: Driver, pane_id: str) -> None:  # the pane as it arrives
        outputs["screenshots"].append(driver.app.export_screenshot())

    commit = Driver.commit

    async def commit_with_picture(self: Driver, do, what: str) -> None:  # the answer typed, not yet submitted
        typing.append(self.app.export_screenshot())
        await commit(self, do, what)

    monkeypatch.setattr(Driver, "commit", commit_with_picture)
    events_path = tmp_path / "events.jsonl"
    secrets = {API_SECRET}
    masked = {API_SECRET}  # what a field never shows, even while it is typed
    with ServerThread(state=str(tmp_path / "state.db"), log=outputs["request log"].append) as server, \
            open(events_path, "a", encoding="utf-8") as events_file:
        remote = Remote(server.url, client_id="secrets-test", secret=API_SECRET)
        chain = Chain()

        async def run_all() -> None:
            for path in SCENARIOS:
                secrets.update(secrets_of(path))
                masked.update(secrets_of(path, {"password", "pin"}))
                outcome = await run_script(load(path), remote, chain=chain, events_log=EventLog(events_file),
                                           on_pane=on_pane)
                assert outcome.ok, f"{path}: {outcome.reason}"
                outputs["results"].append(result_json(outcome.result))

        asyncio.run(run_all())
    outputs["events log"] = events_path.read_text().splitlines()
    outputs["screenshots"] = [screen_text(svg) for svg in outputs["screenshots"]]
    typing = [screen_text(svg) for svg in typing]
    assert all(json.loads(line)["event_name"] for line in outputs["events log"])
    assert len(outputs["screenshots"]) > 2 * len(SCENARIOS) and len(typing) > len(SCENARIOS)
    assert len(outputs["request log"]) > len(SCENARIOS)
    # a secret is found where it stands alone: the OTP 000000 inside the public routing number 110000000 is not
    patterns = {secret: re.compile(rf"(?<!\w){re.escape(secret)}(?!\w)") for secret in secrets}
    found = [(kind, secret) for kind, texts in outputs.items() for text in texts
             for secret, pattern in patterns.items() if pattern.search(text)]
    found += [("screenshots while typing", secret) for text in typing for secret in masked
              if patterns[secret].search(text)]
    for kind, texts in [*outputs.items(), ("screenshots while typing", typing)]:
        count("outputs scanned", kind, len(texts))
    count("secret values looked for", "every shipped scenario and the API secret", len(secrets))
    count("secrets found", "every output of every scenario", len(found))
    assert not found, sorted(set(found))


@pytest.mark.parametrize("name,shown,hidden", [
    ("submit_phone", "0011", "4155550011"),  # a phone number from the link token: its last 4 digits only
])
def test_a_prefilled_phone_shows_its_last_four_digits_only(name, shown, hidden):
    async def go() -> str:
        settings, steps = panes.PANES[name]
        app = panes.make_app(settings)
        async with app.run_test(size=(80, 24)) as pilot:
            await walk(app, pilot, steps)
            return screen_text(app.export_screenshot())

    text = asyncio.run(go())
    assert shown in text and hidden not in text.replace(" ", "").replace("-", "").replace("(", "").replace(")", "")


def test_a_typed_password_is_masked_on_screen():
    async def go() -> str:
        settings, steps = panes.PANES["credential"]
        app = panes.make_app(settings)
        async with app.run_test(size=(80, 24)) as pilot:
            driver = await walk(app, pilot, steps)
            await driver.type("#password", "hunter2-not-shown")
            await pilot.pause()
            return screen_text(app.export_screenshot())

    text = asyncio.run(go())
    assert "hunter2-not-shown" not in text and "•" * 8 in text
