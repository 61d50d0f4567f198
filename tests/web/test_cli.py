"""`tuilink web` on the command line: what it refuses (one line on stderr and exit status 2, before serving
anything), the URL it prints, the options it hands on to `tuilink`, and where the callback JSON goes when Link
runs on Textual's web driver."""
from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys

import httpx
import pytest

from tests.conftest import ROOT
from tests.server.test_faults import free_port
from tests.web.conftest import TUILINK, tuilink_web


def tuilink(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*TUILINK, *args], capture_output=True, text=True, timeout=60, cwd=ROOT)


def one_line_failure(out: subprocess.CompletedProcess, *fragments: str) -> None:
    assert out.returncode == 2, out
    assert out.stdout == "" and len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert "Traceback" not in out.stderr
    for fragment in fragments:
        assert fragment in out.stderr, out.stderr


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.7"])
def test_web_binds_loopback_unless_told_otherwise(host):
    one_line_failure(tuilink("web", "--host", host), f"--host {host}", "--allow-remote")


def test_web_on_a_busy_port_is_one_line():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        one_line_failure(tuilink("web", "--port", str(port)), f"--port {port}", "127.0.0.1")


@pytest.mark.parametrize("args,fragment", [
    (["--port", "0"], "--port"),
    (["--port", "http"], "--port"),
    (["--bogus"], "--bogus"),
    (["--products", "auth,teleport"], "INVALID_PRODUCT"),
    (["--phone", "12345"], "INVALID_FIELD"),
    (["--config", "/nonexistent.json"], "--config"),
    (["--on-success-json"], "--on-success-url"),
    (["--link-token", "link-sandbox-x"], "--backend"),
    (["--backend", "http://127.0.0.1:9", "--state", "s.db"], "--state"),
])
def test_web_refuses_bad_options_before_serving(args, fragment):
    """A bad Link option is caught here, not by each browser tab's `tuilink` later (a server that started
    would not exit, and this would time out)."""
    one_line_failure(tuilink("web", "--port", str(free_port()), *args), fragment)


def test_web_prints_the_url_and_serves_the_page(tmp_path):
    with tuilink_web(tmp_path) as web:
        assert web.url.startswith("http://127.0.0.1:")
        page = httpx.get(web.url, timeout=10)
        assert page.status_code == 200
        assert f'data-session-websocket-url="ws://{web.url.removeprefix("http://")}/ws"' in page.text
        assert web.stderr.count("\n") == 1  # the URL line, nothing else


def test_web_allow_remote_warns_and_public_url_is_what_the_page_connects_to(tmp_path):
    port = free_port()
    with tuilink_web(tmp_path, "--host", "0.0.0.0", "--allow-remote", "--public-url", "http://link.example:8443/",
                     port=port) as web:
        assert web.stderr.splitlines()[0].startswith("tuilink: warning: serving on 0.0.0.0")
        assert web.url == "http://link.example:8443"
        page = httpx.get(f"http://127.0.0.1:{port}/", timeout=10)
        assert 'data-session-websocket-url="ws://link.example:8443/ws"' in page.text


def test_web_hands_the_link_options_to_tuilink(tmp_path, monkeypatch):
    from tuilink.cli import _link_args, web

    monkeypatch.chdir(tmp_path)
    args = ["--port", "9000", "--products", "auth,identity", "--no-returning-user", "--result", "r.json",
            "--latency-ms", "0", "--client-name", "Two Words"]
    assert _link_args(web.make_context("web", args)) == [
        "--products", "auth,identity", "--client-name", "Two Words", "--result", str(tmp_path / "r.json"),
        "--no-returning-user", "--latency-ms", "0"]
    assert {p.name for p in web.params} >= {"products", "config_path", "events_path", "result_path", "state",
                                            "backend", "link_token_url", "on_success_url"}


@pytest.mark.parametrize("web_driver", [True, False])
def test_the_callback_json_stays_off_stdout_on_the_web_driver(tmp_path, monkeypatch, capsys, web_driver):
    """Under textual-serve the app's stdout is the terminal protocol: the JSON goes to stderr (and --result)."""
    from tuilink.cli import Output, emit_results
    from tuilink.launch import DEFAULT_LINK_TOKEN, embedded_session

    if web_driver:
        monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")  # what textual-serve sets
    else:
        monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    output = Output(None, str(tmp_path / "result.json"), show_result=False)
    session = output.attach(embedded_session(DEFAULT_LINK_TOKEN))
    asyncio.run(session.open())
    session.leave()  # closed on consent: onExit, written to --result
    output.close()
    assert emit_results([session], output) == 1
    out, err = capsys.readouterr()
    written = (tmp_path / "result.json").read_text()
    assert json.loads(written)["callback"] == "onExit"
    assert (out, err) == (("", written) if web_driver else (written, ""))


def test_help_does_not_load_textual_serve():
    code = ("import sys\nfrom tuilink.cli import main\nsys.argv=['tuilink','--help']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual_serve', 'aiohttp', 'jinja2')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "COLUMNS": "100"})
    assert out.stdout.strip().endswith("[]")
