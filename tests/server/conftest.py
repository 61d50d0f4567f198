"""A real `tuilink serve` (uvicorn on 127.0.0.1, a free port) per test, and plaid-python clients for it."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tuilink.server.run import ServerThread


@pytest.fixture
def server_thread(tmp_path) -> Iterator[ServerThread]:
    """The running server's thread: `.server.url`, `.server.sandbox`, `.drain_webhooks()`. State in a file."""
    thread = ServerThread(state=str(tmp_path / "state.db"), webhook_options={"first_delay": 0.05})
    with thread:
        yield thread


@pytest.fixture
def server(server_thread):
    return server_thread.server


def sdk_client(url: str, client_id: str = "test-client", secret: str = "test-secret") -> Any:
    """plaid-python's PlaidApi, unmodified, pointed at `url`."""
    import plaid
    from plaid.api import plaid_api

    config = plaid.Configuration(host=url, api_key={"clientId": client_id, "secret": secret})
    return plaid_api.PlaidApi(plaid.ApiClient(config))


@pytest.fixture
def client(server):
    return sdk_client(server.url)
