"""Building a Link session from a /link/token/create body: shared by the CLI, scenario runs and tests."""
from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .backends.spec import DEFAULT_SERVER, BackendSpec, Embedded, Remote
from .flow.state import Options

if TYPE_CHECKING:
    from collections.abc import Callable

    from .backends.http import HttpBackend
    from .flow.session import LinkSession
    from .sandbox.service import Sandbox

__all__ = ["DEFAULT_SERVER", "BackendSpec", "Embedded", "Remote"]

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
                     latency_ms: int = 0, sandbox: Sandbox | None = None,
                     clock: Callable[[], float] | None = None) -> LinkSession:
    """A session on the embedded sandbox for a token created from `body`. Raises PlaidApiError for a bad body."""
    from .backends.embedded import EmbeddedBackend
    from .flow.session import LinkSession
    from .sandbox.service import Sandbox
    from .sandbox.store import Store

    sandbox = sandbox or Sandbox(Store(state))
    token = sandbox.link_token_create(body).link_token
    backend = EmbeddedBackend(sandbox, latency_ms=latency_ms)
    return LinkSession(backend, token, options) if clock is None else LinkSession(backend, token, options, clock)


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


async def http_link_token(remote: Remote, body: dict[str, Any] | None) -> tuple[str, dict[str, Any]]:
    """The link token a session on `remote` opens (given, fetched from the app server, or created from `body`)
    and its /link/token/get answer. Raises LaunchError with Plaid's error code when the server refuses."""
    from .plaid.errors import PlaidApiError

    backend = http_backend(remote)
    link_token = remote.link_token
    try:
        if link_token is None and remote.link_token_url is not None:
            link_token = await fetch_link_token(remote.link_token_url, remote.timeout)
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
    return {"client_name": meta.get("client_name", ""), "products": meta.get("initial_products") or [],
            "language": meta.get("language") or "en"}


def http_backend(remote: Remote) -> HttpBackend:
    from .backends.http import HttpBackend

    return HttpBackend(remote.url, client_id=remote.client_id, secret=remote.secret, timeout=remote.timeout)


def http_session(remote: Remote, link_token: str, options: Options = Options()) -> LinkSession:
    from .flow.session import LinkSession

    return LinkSession(http_backend(remote), link_token, options)


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


@dataclass
class Launcher:
    """How this run opens Link sessions: the /link/token/create body, the session options and the backend spec.
    The first session, "Link another" and the command palette's restarts (another configuration, another
    backend) all open through it; embedded sessions share one sandbox, so Items and returning users persist."""

    body: dict[str, Any]
    options: Options = field(default_factory=Options)
    backend: BackendSpec = field(default_factory=Embedded)
    prepare: Callable[[LinkSession], Any] | None = None  # called on every new session (e.g. the CLI's --events)
    sandbox: Sandbox | None = None  # embedded: the one sandbox every session shares (made on first use)
    clock: Callable[[], float] | None = None  # the sessions' clock (tests fix it)

    def _prepared(self, session: LinkSession) -> LinkSession:
        if self.prepare is not None:
            self.prepare(session)
        return session

    def embedded(self) -> LinkSession:
        """A session on the embedded sandbox (created on first use, then shared)."""
        spec = self.backend if isinstance(self.backend, Embedded) else Embedded()
        if self.sandbox is None:
            self.sandbox = spec.sandbox()
        return self._prepared(embedded_session(self.body, self.options, latency_ms=spec.latency_ms,
                                               sandbox=self.sandbox, clock=self.clock))

    async def open(self) -> LinkSession:
        """A new session. Raises LaunchError (server) or PlaidApiError (a body the sandbox refuses)."""
        remote = self.backend
        if not isinstance(remote, Remote):
            return self.embedded()
        token, _ = await http_link_token(remote, self.body)
        return self._prepared(http_session(remote, token, self.options))

    def changed(self, **fields: Any) -> Launcher:
        """The same launcher for a body with these /link/token/create fields replaced (None removes one)."""
        body = {k: v for k, v in {**self.body, **fields}.items() if v is not None}
        backend = self.backend
        if isinstance(backend, Remote):  # a new configuration needs a new token
            backend = replace(backend, link_token=None, link_token_url=None)
        return replace(self, body=body, backend=backend)

    def on_backend(self, server: str | None) -> Launcher:
        """The same configuration on another backend (a server URL, or None for the embedded sandbox)."""
        if server is None:
            return replace(self, backend=Embedded(), sandbox=None)
        timeout = self.backend.timeout if isinstance(self.backend, Remote) else Remote(server).timeout
        return replace(self, backend=Remote(server, timeout=timeout), sandbox=None)

    @property
    def backend_name(self) -> str:
        return self.backend.url if isinstance(self.backend, Remote) else "embedded sandbox"
