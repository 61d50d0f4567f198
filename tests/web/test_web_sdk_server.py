"""The browser end of Link on `tuilink serve`, without a browser: the web SDK script, the token check, the overlay
page and its origins, the autopilot endpoint, and whole Link sessions over the overlay's socket (the UI process
the server starts, playing a scenario)."""
from __future__ import annotations

import asyncio
import re

import httpx
import pytest

from tests.web.sdk import KEYS, Overlay, labels, scenario
from tuilink.link.data import scenario_file
from tuilink.server.browser import Autopilot
from tuilink.server.run import ServerThread

LOOPBACK_PAGE = "http://localhost:3000"


@pytest.fixture(scope="module")
def server():
    with ServerThread() as running:
        yield running


def token_for(url: str, name: str = "instant_auth") -> str:
    answer = httpx.post(url + "/link/token/create", json={**KEYS, **scenario(name)["link_token"]})
    assert answer.status_code == 200, answer.text
    return str(answer.json()["link_token"])


def test_the_sdk_script_defines_window_plaid_with_this_servers_address(server):
    answer = httpx.get(server.url + "/link/v2/stable/link-initialize.js")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/javascript")
    assert f'var SERVER = "{server.url}";' in answer.text
    assert "window.Plaid = {create: create" in answer.text
    assert "__TUILINK_SERVER__" not in answer.text


def test_the_check_answers_a_loopback_page_and_no_other(server):
    token = token_for(server.url)
    mine = httpx.get(server.url + "/link/web/check", params={"token": token}, headers={"Origin": LOOPBACK_PAGE})
    assert mine.json() == {"ok": True}
    assert mine.headers["access-control-allow-origin"] == LOOPBACK_PAGE
    other = httpx.get(server.url + "/link/web/check", params={"token": token},
                      headers={"Origin": "https://shop.example"})
    assert "access-control-allow-origin" not in other.headers  # the browser keeps the answer from that page
    preflight = httpx.options(server.url + "/tuilink/autopilot", headers={
        "Origin": "http://127.0.0.1:5173", "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "http://127.0.0.1:5173"
    assert "POST" in preflight.headers["access-control-allow-methods"]


def test_an_unknown_link_token_is_onexit_with_invalid_link_token(server):
    answer = httpx.get(server.url + "/link/web/check", params={"token": "link-sandbox-nope"}).json()
    error, metadata = answer["exit"]["error"], answer["exit"]["metadata"]
    assert (error["error_type"], error["error_code"]) == ("INVALID_INPUT", "INVALID_LINK_TOKEN")
    assert set(error) >= {"error_type", "error_code", "error_message", "display_message"}
    assert set(metadata) == {"institution", "status", "link_session_id", "request_id"}
    page = httpx.get(server.url + "/link/web/", params={"token": "link-sandbox-nope", "origin": LOOPBACK_PAGE})
    assert page.status_code == 400 and "INVALID_LINK_TOKEN" in page.text


def test_only_a_loopback_page_may_frame_link(server):
    token = token_for(server.url)
    page = httpx.get(server.url + "/link/web/", params={"token": token, "origin": LOOPBACK_PAGE})
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert policy.startswith("frame-ancestors ") and "http://localhost:*" in policy and "*" != policy.split()[-1]
    assert '"http://localhost:3000"' in page.text  # where the page posts Link's callbacks
    refused = httpx.get(server.url + "/link/web/", params={"token": token, "origin": "https://shop.example"})
    assert refused.status_code == 403 and "--allow-remote" in refused.text


def test_allow_remote_lets_any_page_frame_link():
    with ServerThread(allow_remote=True) as server:
        token = token_for(server.url)
        page = httpx.get(server.url + "/link/web/", params={"token": token, "origin": "https://shop.example"})
        assert page.status_code == 200
        assert page.headers["content-security-policy"] == "frame-ancestors *"
        check = httpx.get(server.url + "/link/web/check", params={"token": token},
                          headers={"Origin": "https://shop.example"})
        assert check.headers["access-control-allow-origin"] == "https://shop.example"


def test_the_socket_is_only_for_the_overlay_page_this_server_served(server):
    import websockets

    overlay = Overlay(server.url, token_for(server.url))

    async def connect(url: str, origin: str) -> None:
        async with websockets.connect(url, origin=origin):  # type: ignore[arg-type]
            pass

    with pytest.raises(websockets.InvalidStatus):  # another origin: refused before any process starts
        asyncio.run(connect(overlay.socket_url, "http://localhost:3000"))
    with pytest.raises(websockets.InvalidStatus):  # a key no page was given
        asyncio.run(connect(re.sub(r"ws/[^/?]+$", "ws/made-up", overlay.socket_url), server.url))


@pytest.mark.parametrize("body,code,words", [
    ({"scenario": "instant_auht"}, "INVALID_FIELD", "did you mean instant_auth?"),
    ({"scenario": "../../etc/passwd"}, "INVALID_FIELD", "no shipped scenario"),
    ({}, "MISSING_FIELDS", "scenario"),
    ({"scenario": "instant_auth", "scenario_toml": "x = 1"}, "INVALID_FIELD", "one of scenario"),
    ({"scenario_toml": "[[steps]\nview = 1"}, "INVALID_FIELD", "not valid TOML"),
    ({"scenario": "instant_auth", "speed": 0}, "INVALID_FIELD", "speed"),
    ({"scenario": "instant_auth", "speed": "fast"}, "INVALID_FIELD", "speed"),
    ({"scenario": "instant_auth", "persona": "x"}, "UNKNOWN_FIELDS", "persona"),
])
def test_a_bad_autopilot_request_is_a_plaid_error_that_says_what_is_wrong(server, body, code, words):
    answer = httpx.post(server.url + "/tuilink/autopilot", json={**KEYS, **body})
    assert answer.status_code == 400
    assert answer.json()["error_code"] == code
    assert words in answer.json()["error_message"]


def test_the_autopilot_endpoint_takes_the_api_keys_like_plaids_endpoints(server):
    answer = httpx.post(server.url + "/tuilink/autopilot", json={"scenario": "instant_auth"})
    assert (answer.status_code, answer.json()["error_code"]) == (400, "MISSING_FIELDS")


def test_the_autopilot_plays_the_next_session_only_and_the_token_exchanges():
    lines: list[str] = []
    with ServerThread(log=lines.append) as server:
        answer = httpx.post(server.url + "/tuilink/autopilot", json={**KEYS, "scenario": "instant_auth", "speed": 20})
        assert answer.json()["autopilot"] == "instant_auth"
        events, callback = asyncio.run(Overlay(server.url, token_for(server.url)).play())
        assert callback["callback"] == "onSuccess", callback
        assert labels(events) == scenario("instant_auth")["expect"]["events"]
        assert {meta["link_session_id"] for _, meta in events} == {callback["metadata"]["link_session_id"]}
        exchanged = httpx.post(server.url + "/item/public_token/exchange",
                               json={**KEYS, "public_token": callback["public_token"]}).json()
        assert exchanged["access_token"].startswith("access-sandbox-")
        Overlay(server.url, token_for(server.url))  # the page after it: a person's session, not the autopilot's
        assert [page[1:] for page in server.browser.pages()] == [(None, None)]
    assert any("(autopilot instant_auth): onSuccess" in line for line in lines), lines


def test_a_script_that_fails_ends_in_onexit_with_the_reason_on_the_servers_log():
    lines: list[str] = []
    with ServerThread(log=lines.append) as server:
        script = ('[options]\nreturning_user = false\n'
                  '[[steps]]\nview = "CONSENT"\naction = "continue"\n')  # nothing for the pane after it
        httpx.post(server.url + "/tuilink/autopilot", json={**KEYS, "scenario_toml": script, "speed": 20})
        events, callback = asyncio.run(Overlay(server.url, token_for(server.url)).play())
    assert callback["callback"] == "onExit"
    assert callback["metadata"]["status"] == "institution_not_found"  # left on the search pane
    assert labels(events)[-1] == "EXIT"
    assert any("no answer for SELECT_INSTITUTION" in line for line in lines), lines


def test_oauth_by_redirect_carries_the_session_on_at_the_apps_redirect_page():
    """A link token with a redirect_uri, an OAuth bank: Link sends the page to the redirect_uri with an
    oauth_state_id; Link opened there with it (receivedRedirectUri) carries the same session on, on the same
    autopilot, with Plaid's log on return (SELECT_INSTITUTION, OPEN without a view, then the outcome)."""
    lines: list[str] = []
    with ServerThread(log=lines.append) as server:
        body = {**scenario("oauth")["link_token"], "redirect_uri": "http://localhost:3000/oauth-return?x=1"}
        token = httpx.post(server.url + "/link/token/create", json={**KEYS, **body}).json()["link_token"]
        httpx.post(server.url + "/tuilink/autopilot", json={**KEYS, "scenario": "oauth", "speed": 20})
        before, left = asyncio.run(Overlay(server.url, token).play())
        assert left["kind"] == "redirect", left
        assert re.fullmatch(r"http://localhost:3000/oauth-return\?x=1&oauth_state_id=[0-9a-f-]{36}", left["url"])
        assert labels(before)[-2:] == ["TRANSITION_VIEW:OAUTH", "OPEN_OAUTH"]
        after, called = asyncio.run(Overlay(server.url, token, received_redirect_uri=left["url"]).play())
        assert called["callback"] == "onSuccess", called
        assert labels(after) == ["SELECT_INSTITUTION", "OPEN", "TRANSITION_VIEW:SELECT_ACCOUNT",
                                 "TRANSITION_VIEW:CONNECTED", "HANDOFF"]
        assert after[1][1]["view_name"] is None
        assert {m["link_session_id"] for _, m in before + after} == {called["metadata"]["link_session_id"]}
        assert called["metadata"]["institution"]["institution_id"] == "ins_127287"
        again, refused = asyncio.run(Overlay(server.url, token, received_redirect_uri=left["url"]).play())
        assert (refused["callback"], refused["error"]["error_code"]) == ("onExit", "INVALID_FIELD")  # used once
    assert any("left for the bank" in line for line in lines), lines


def test_serve_autopilot_plays_every_session():
    path = scenario_file("instant_auth")
    assert path is not None
    with ServerThread(autopilot=Autopilot(str(path), "instant_auth", speed=20)) as server:
        for _ in range(2):
            events, callback = asyncio.run(Overlay(server.url, token_for(server.url)).play())
            assert callback["callback"] == "onSuccess"


def test_tuilink_serve_checks_a_posted_script_with_the_script_parser(tmp_path):
    from tests.web.sdk import tuilink_serve

    with tuilink_serve(tmp_path) as serve:
        typo = '[[steps]]\nview = "CONSENT"\naction = "contnue"\n'
        answer = httpx.post(serve.url + "/tuilink/autopilot", json={**KEYS, "scenario_toml": typo})
    assert (answer.status_code, answer.json()["error_code"]) == (400, "INVALID_FIELD")
    assert "unknown action 'contnue' (did you mean continue?)" in answer.json()["error_message"]


@pytest.mark.parametrize("value,words", [("instant_auht", "no shipped scenario of that name and no such file"),
                                         ("typo.toml", "unknown action 'contnue'")])
def test_serve_autopilot_that_cannot_play_is_one_line_and_status_2(tmp_path, monkeypatch, value, words):
    from click.testing import CliRunner

    from tuilink.cli import cli

    monkeypatch.chdir(tmp_path)
    (tmp_path / "typo.toml").write_text('[[steps]]\nview = "CONSENT"\naction = "contnue"\n')
    answer = CliRunner().invoke(cli, ["serve", "--port", "0", "--autopilot", value])
    assert answer.exit_code == 2
    assert answer.output.count("\n") == 1 and words in answer.output, answer.output
