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
