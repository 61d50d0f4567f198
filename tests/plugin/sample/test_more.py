"""More of the same user's tests: a scenario file, an inline script with ordered steps and [expect], async."""
import pytest

# An inline scenario: a returning user answers whichever pane Link shows.
RETURNING_USER = """
[link_token]
client_name = "Acme Ledger"
products = ["auth"]
country_codes = ["US"]
language = "en"
user = { client_user_id = "user-1" }

[answers.CONSENT]
action = "continue"
[answers.SUBMIT_PHONE]
phone = "4155550010"
[answers.VERIFY_PHONE]
otp = "123456"
[answers.SELECT_INSTITUTION]
search = "First Platypus"
select = "ins_109508"
[answers.CREDENTIAL]
username = "user_good"
password = "pass_good"
[answers.SELECT_ACCOUNT]
accounts = ["0000", "1111"]
[answers.CONNECTED]
action = "continue"

[expect]
callback = "onSuccess"
"""

LOCKED = """
[link_token]
client_name = "Acme Ledger"
products = ["auth"]
country_codes = ["US"]
language = "en"
user = { client_user_id = "user-1" }

[options]
returning_user = false

[[steps]]
action = "continue"
[[steps]]
search = "First Platypus"
select = "ins_109508"
[[steps]]
username = "user_good"
password = "error_ITEM_LOCKED"
[[steps]]
view = "ERROR"
action = "exit"
[[steps]]
view = "EXIT"
action = "exit"

[expect]
callback = "onExit"
error_code = "ITEM_LOCKED"
"""


def test_instant_auth_from_a_file(tuilink_flow):
    flow = tuilink_flow("scenarios/instant_auth.toml")  # relative to this file
    assert flow.ok, flow.reason
    assert flow.callback["callback"] == "onSuccess"
    assert flow.public_token.startswith("public-sandbox-")
    assert flow.callback["metadata"]["institution"]["institution_id"] == "ins_109508"
    assert [a["mask"] for a in flow.callback["metadata"]["accounts"]] == ["0000"]
    assert flow.panes == ["CONSENT", "SELECT_INSTITUTION", "CREDENTIAL", "SELECT_ACCOUNT", "CONNECTED"]
    assert flow.event_names[0] == "OPEN" and flow.event_names[-1] == "HANDOFF"


def test_returning_user_inline(tuilink_flow):
    flow = tuilink_flow(RETURNING_USER)
    assert flow.ok, flow.reason
    assert "VERIFY_PHONE" in flow.event_names
    assert len(flow.callback["metadata"]["accounts"]) == 2
    session = flow.callback["metadata"]["link_session_id"]
    assert {e["metadata"]["link_session_id"] for e in flow.events} == {session}


def test_a_locked_account_with_ordered_steps(tuilink_flow):
    flow = tuilink_flow(LOCKED)
    assert flow.ok, flow.reason
    assert flow.callback["callback"] == "onExit"
    assert flow.public_token is None
    assert flow.callback["error"]["error_code"] == "ITEM_LOCKED"
    assert flow.callback["metadata"]["status"] == "requires_credentials"
    errors = [e["metadata"]["error_code"] for e in flow.events if e["event_name"] == "ERROR"]
    assert errors == ["ITEM_LOCKED"]


@pytest.mark.asyncio
async def test_in_an_async_test(tuilink_flow):
    flow = await tuilink_flow.arun("scenarios/instant_auth.toml", size=(120, 40))
    assert flow.ok, flow.reason
    assert flow.public_token.startswith("public-sandbox-")
