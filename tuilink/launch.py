"""Building a Link session from a /link/token/create body: shared by the CLI, scenario runs and tests."""
from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from .flow.state import Options

if TYPE_CHECKING:
    from .flow.session import LinkSession
    from .sandbox.service import Sandbox

DEFAULT_LINK_TOKEN: dict[str, Any] = {
    "client_name": "Acme Ledger",
    "language": "en",
    "country_codes": ["US"],
    "user": {"client_user_id": "tuilink-user"},
    "products": ["auth"],
}


class ConfigError(Exception):
    """A config file that cannot be read (the message names the file and the problem)."""


def read_config(path: str) -> dict[str, Any]:
    """A /link/token/create body from a JSON or TOML file."""
    import json
    import tomllib
    from pathlib import Path

    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: {exc.strerror or exc}") from None
    try:
        body = tomllib.loads(raw.decode()) if p.suffix.lower() == ".toml" else json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid {'TOML' if p.suffix.lower() == '.toml' else 'JSON'} ({exc})") from None
    if not isinstance(body, dict):
        raise ConfigError(f"{path}: expected an object with /link/token/create fields")
    return body


def link_token_body(config: dict[str, Any] | None = None, *, products: list[str] | None = None,
                    country_codes: list[str] | None = None, phone: str | None = None,
                    client_name: str | None = None) -> dict[str, Any]:
    """The defaults, overlaid with a config body, overlaid with the command-line flags."""
    body = copy.deepcopy(DEFAULT_LINK_TOKEN)
    body.update(config or {})
    if products is not None:
        body["products"] = products
    if country_codes is not None:
        body["country_codes"] = country_codes
    if client_name is not None:
        body["client_name"] = client_name
    if phone is not None:
        user = dict(body.get("user") or {})
        user["phone_number"] = phone
        body["user"] = user
    return body


def embedded_session(body: dict[str, Any], options: Options = Options(), *, state: str | None = None,
                     latency_ms: int = 0, sandbox: Sandbox | None = None) -> LinkSession:
    """A session on the embedded sandbox for a token created from `body`. Raises PlaidApiError for a bad body."""
    from .backends.embedded import EmbeddedBackend
    from .flow.session import LinkSession
    from .sandbox.service import Sandbox
    from .sandbox.store import Store

    sandbox = sandbox or Sandbox(Store(state))
    token = sandbox.link_token_create(body).link_token
    return LinkSession(EmbeddedBackend(sandbox, latency_ms=latency_ms), token, options)


DEFAULT_SERVER = "http://127.0.0.1:7878"


def api_keys() -> dict[str, str | None]:
    """The API keys an HTTP backend sends to create and read link tokens: PLAID_CLIENT_ID / PLAID_SECRET
    from the environment (a `tuilink serve` without --client-id/--secret accepts any pair)."""
    import os

    return {"client_id": os.environ.get("PLAID_CLIENT_ID") or "tuilink",
            "secret": os.environ.get("PLAID_SECRET") or "tuilink"}


class LaunchError(Exception):
    """Something outside tuilink stopped a session from starting (the message is one line for the user)."""


async def fetch_link_token(url: str, timeout: float = 10.0) -> str:
    """A link token from a developer's app server: POST `url`, read `link_token` from the JSON answer (as
    Plaid's quickstart `/api/create_link_token` answers)."""
    import httpx

    try:
        async with httpx.AsyncClient(timeout=timeout) as client:
            response = await client.post(url)
    except httpx.HTTPError as exc:
        raise LaunchError(f"--link-token-url {url}: cannot reach it ({type(exc).__name__})") from None
    if response.status_code >= 400:
        raise LaunchError(f"--link-token-url {url}: HTTP {response.status_code}")
    try:
        token = response.json().get("link_token")
    except (ValueError, AttributeError):
        token = None
    if not isinstance(token, str) or not token:
        raise LaunchError(f"--link-token-url {url}: the answer has no link_token field")
    return token


async def http_link_token(server: str, body: dict[str, Any] | None, *, link_token: str | None = None,
                          link_token_url: str | None = None, client_id: str | None = None,
                          secret: str | None = None, timeout: float = 10.0) -> tuple[str, dict[str, Any]]:
    """The link token a session on `server` opens (given, fetched from the app server, or created from `body`)
    and its /link/token/get answer. Raises LaunchError with Plaid's error code when the server refuses."""
    from .backends.http import HttpBackend
    from .plaid.errors import PlaidApiError

    backend = HttpBackend(server, client_id=client_id, secret=secret, timeout=timeout)
    try:
        if link_token is None and link_token_url is not None:
            link_token = await fetch_link_token(link_token_url, timeout)
        if link_token is None:
            link_token = (await backend.link_token_create(body or {})).link_token
        return link_token, await backend.link_token_get(link_token)
    except PlaidApiError as exc:
        raise LaunchError(f"{exc.error.error_code}: {exc.error.error_message}") from None
    finally:
        await backend.aclose()


def preview_of(token_get: dict[str, Any]) -> dict[str, Any]:
    """The consent pane's first paint from a /link/token/get answer."""
    meta = token_get.get("metadata") or {}
    return {"client_name": meta.get("client_name", ""), "products": meta.get("initial_products") or []}


def http_session(server: str, link_token: str, options: Options = Options(), *, client_id: str | None = None,
                 secret: str | None = None, timeout: float = 10.0) -> LinkSession:
    from .backends.http import HttpBackend
    from .flow.session import LinkSession

    return LinkSession(HttpBackend(server, client_id=client_id, secret=secret, timeout=timeout), link_token, options)


def post_public_token(url: str, result: Any, *, as_json: bool = False, timeout: float = 10.0) -> str | None:
    """Hand onSuccess's public token to the developer's app server, as Link's onSuccess handler would: a form
    field `public_token` (Plaid quickstart's /api/set_access_token), or JSON with the accounts. Returns a
    one-line problem, or None when the server accepted it."""
    import httpx

    try:
        if as_json:
            accounts = [a.model_dump(mode="json") for a in result.metadata.accounts]
            response = httpx.post(url, json={"public_token": result.public_token, "accounts": accounts,
                                             "institution": result.metadata.institution.model_dump(mode="json")
                                             if result.metadata.institution else None}, timeout=timeout)
        else:
            response = httpx.post(url, data={"public_token": result.public_token}, timeout=timeout)
    except httpx.HTTPError as exc:
        return f"--on-success-url {url}: cannot reach it ({type(exc).__name__})"
    if response.status_code >= 400:
        return f"--on-success-url {url}: HTTP {response.status_code}"
    return None
