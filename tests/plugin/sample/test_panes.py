"""Every pane of the Instant Auth flow, snapshot-tested (`pytest --snapshot-update` writes the SVGs)."""


def test_every_pane(tuilink_snapshots):
    flow = tuilink_snapshots("scenarios/instant_auth.toml")
    assert flow.public_token.startswith("public-sandbox-")
