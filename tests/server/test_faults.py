"""Backend faults through the real UI: a server that is down, answers HTTP 500 or garbage, or does not answer
in time → Link's ERROR pane (within the timeout), Try again works once the server is back, and onExit carries
the error."""
from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections.abc import Iterator

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from tests.fuzzing import count
from tests.helpers import until_pane, walk
from tuilink.flow.state import Options
from tuilink.launch import Remote, http_session
from tuilink.server.run import ServerThread
from tuilink.ui.app import LinkApp

BODY = {"client_name": "Faults", "language": "en", "country_codes": ["US"], "user": {"client_user_id": "u"},
        "products": ["auth"]}
TO_CREDENTIAL = [{"action": "continue"}, {"search": "First Platypus", "select": "ins_109508"}]
LOGIN = {"username": "user_good", "password": "pass_good"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def asgi_server(app) -> Iterator[str]:
    """Any ASGI app on 127.0.0.1 in a background thread; yields its URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    while not server.started:
        threading.Event().wait(0.01)
    yield f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    server.should_exit = True
    thread.join(5)


def create_token(url: str) -> str:
    import httpx

    answer = httpx.post(f"{url}/link/token/create", json=BODY, headers={"PLAID-CLIENT-ID": "c", "PLAID-SECRET": "s"})
    return answer.json()["link_token"]


def app_for(url: str, token: str, timeout: float = 5.0) -> LinkApp:
    return LinkApp(http_session(Remote(url, client_id="c", secret="s", timeout=timeout), token,
                                Options(returning_user=False)), test_mode=True)


async def _exit_from_error(app, pilot) -> None:
    await walk(app, pilot, [{"action": "exit"}, {"action": "exit"}])


async def test_a_server_that_is_down_shows_the_error_pane_and_try_again_works_once_it_is_up(tmp_path):
    state = str(tmp_path / "state.db")
    port = free_port()
    with ServerThread(state=state, port=port) as first:
        token = create_token(first.url)
    app = app_for(f"http://127.0.0.1:{port}", token)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_pane(app, pilot, "ERROR")
        assert app.session.pane.error.error_code == "INTERNAL_SERVER_ERROR"
        assert "could not reach" in app.session.pane.error.error_message
        assert str(app.screen.query_one("#retry").label) == "Try again"
        with ServerThread(state=state, port=port):  # the server is back, with the same state
            await walk(app, pilot, [{"action": "retry"}])
            await until_pane(app, pilot, "CONSENT")
            await walk(app, pilot, TO_CREDENTIAL + [LOGIN, {"accounts": ["0000"]}, {"action": "continue"}])
    assert app.return_value.callback == "onSuccess"
    names = [e.event_name for e in app.session.events]
    assert names[0] == "ERROR" and names.count("OPEN") == 1 and names[-1] == "HANDOFF"
    count("faults", "HTTP backend: server down, then back")


async def test_down_then_exit_hands_the_error_to_on_exit(tmp_path):
    app = app_for(f"http://127.0.0.1:{free_port()}", "link-sandbox-00000000-0000-4000-8000-000000000000")
    async with app.run_test(size=(80, 24)) as pilot:
        await until_pane(app, pilot, "ERROR")
        await _exit_from_error(app, pilot)
    result = app.return_value
    assert result.callback == "onExit"
    assert result.error["error_code"] == "INTERNAL_SERVER_ERROR" and result.error["error_type"] == "API_ERROR"
    count("faults", "HTTP backend: server down, then exit")


@pytest.mark.parametrize("answer", [PlainTextResponse("upstream exploded", 500),
                                    PlainTextResponse("<html>not json</html>", 200),
                                    PlainTextResponse('{"error_code": 7}', 502)],
                         ids=["500-text", "200-garbage", "502-bad-json"])
async def test_a_server_answering_garbage_is_an_internal_server_error(answer):
    async def endpoint(request):
        return answer

    with asgi_server(Starlette(routes=[Route("/{p:path}", endpoint, methods=["POST"])])) as url:
        app = app_for(url, "link-sandbox-00000000-0000-4000-8000-000000000000")
        async with app.run_test(size=(80, 24)) as pilot:
            await until_pane(app, pilot, "ERROR")
            await _exit_from_error(app, pilot)
    assert app.return_value.error["error_code"] == "INTERNAL_SERVER_ERROR"
    assert url in app.return_value.error["error_message"]
    count("faults", "HTTP backend: garbage or 5xx answers")


async def test_a_server_slower_than_the_timeout_shows_the_error_pane():
    release = asyncio.Event()

    async def endpoint(request):
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(release.wait(), 30)
        return PlainTextResponse("late", 500)

    with asgi_server(Starlette(routes=[Route("/{p:path}", endpoint, methods=["POST"])])) as url:
        app = app_for(url, "link-sandbox-00000000-0000-4000-8000-000000000000", timeout=0.3)
        async with app.run_test(size=(80, 24)) as pilot:
            await until_pane(app, pilot, "ERROR")
            assert "did not answer within 0.3 s" in app.session.pane.error.error_message
            await _exit_from_error(app, pilot)
    assert app.return_value.error["error_code"] == "INTERNAL_SERVER_ERROR"
    count("faults", "HTTP backend: slower than the timeout")


async def test_an_http_500_mid_flow_shows_the_error_pane_and_the_user_can_go_on(tmp_path, monkeypatch):
    with ServerThread(state=str(tmp_path / "state.db")) as server:
        real = server.sandbox.submit_credentials
        calls = []

        def failing_once(req):
            calls.append(req)
            if len(calls) == 1:
                raise RuntimeError("disk on fire")
            return real(req)

        monkeypatch.setattr(server.sandbox, "submit_credentials", failing_once)
        app = app_for(server.url, create_token(server.url))
        async with app.run_test(size=(80, 24)) as pilot:
            await walk(app, pilot, TO_CREDENTIAL + [LOGIN])
            await until_pane(app, pilot, "ERROR")
            error = app.session.pane.error
            assert (error.error_code, error.error_type) == ("INTERNAL_SERVER_ERROR", "API_ERROR")
            assert "disk on fire" not in error.error_message  # the server keeps its internals to itself
            await walk(app, pilot, [{"action": "retry"}, {"search": "First Platypus", "select": "ins_109508"},
                                    LOGIN, {"accounts": ["0000"]}, {"action": "continue"}])
    assert app.return_value.callback == "onSuccess"
    assert [e.metadata.error_code for e in app.session.events if e.event_name == "ERROR"] == ["INTERNAL_SERVER_ERROR"]
    count("faults", "HTTP backend: HTTP 500 mid-flow, then retry")
