"""Plaid Link flows of our app, run through tuilink's real Link UI on its emulated Sandbox."""

# A user who knows what to answer on whichever pane Link shows (tuilink's scenario-script format).
PERSONA = """
[link_token]                      # the body our server sends to /link/token/create
client_name = "Acme Ledger"
products = ["auth"]
country_codes = ["US"]
language = "en"
user = { client_user_id = "user-1" }

[options]
returning_user = false            # no phone pane

[answers.CONSENT]
action = "continue"
[answers.SELECT_INSTITUTION]
search = "First Platypus"
select = "ins_109508"
[answers.CREDENTIAL]
username = "user_good"
password = "pass_good"
[answers.SELECT_ACCOUNT]
accounts = ["0000"]
[answers.CONNECTED]
action = "continue"
[answers.ERROR]
action = "exit"
[answers.EXIT]
action = "exit"
"""


def test_instant_auth(tuilink_flow):
    flow = tuilink_flow(PERSONA)
    assert flow.ok, flow.reason  # Link called back (and the script's [expect], if any, held)
    assert flow.callback["callback"] == "onSuccess"
    assert flow.public_token.startswith("public-sandbox-")
    assert [a["mask"] for a in flow.callback["metadata"]["accounts"]] == ["0000"]
    assert flow.event_names[0] == "OPEN" and flow.event_names[-1] == "HANDOFF"


def test_a_locked_account_ends_in_on_exit(tuilink_flow):
    flow = tuilink_flow(PERSONA.replace("pass_good", "error_ITEM_LOCKED"))
    assert flow.callback["callback"] == "onExit"
    assert flow.callback["error"]["error_code"] == "ITEM_LOCKED"
    assert flow.callback["metadata"]["status"] == "requires_credentials"
    assert flow.panes[-2:] == ["ERROR", "EXIT"]


def test_every_pane_looks_as_before(tuilink_snapshots):
    # one SVG per pane: __snapshots__/test_link/test_every_pane_looks_as_before[01_CONSENT].svg, …
    tuilink_snapshots(PERSONA)
