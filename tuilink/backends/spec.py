"""Which backend a Link session opens on: one typed spec that the CLI (`tuilink`, `run`, `demo`, `web`), the
pytest plugin and the tests all use.

- `Embedded`: the Sandbox in this process (its state file, its institution catalogue, a simulated latency);
- `Remote`: a `tuilink serve` instance over HTTP (its URL, the API keys, the timeout, and where the link token
  comes from: given, fetched from the developer's app server, or created from the link token body).

`backend_spec` builds one from flags and refuses the combinations that cannot work, with one line for the user.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..sandbox.catalogue import Catalogue
    from ..sandbox.service import Sandbox

DEFAULT_SERVER = "http://127.0.0.1:7878"


class SpecError(ValueError):
    """Flags that contradict each other (the message is one line for the user)."""


@dataclass(frozen=True)
class Embedded:
    """The Sandbox in this process."""

    state: str | None = None  # a SQLite file that keeps Items, tokens and returning users (None: memory)
    catalogue: str | None = None  # an institution catalogue file (None: the default catalogue)
    latency_ms: int = 0  # simulated backend latency, shown as LOADING

    def load_catalogue(self) -> Catalogue | None:
        """The catalogue file's institutions (None: the default). Raises CatalogueError."""
        if self.catalogue is None:
            return None
        from ..sandbox.catalogue import load_catalogue

        return load_catalogue(self.catalogue)

    def sandbox(self) -> Sandbox:
        """A Sandbox on this spec's state and catalogue."""
        from ..sandbox.service import Sandbox
        from ..sandbox.store import Store

        return Sandbox(Store(self.state), self.load_catalogue())


def _env_key(name: str) -> str:
    return os.environ.get(name) or "tuilink"


@dataclass(frozen=True)
class Remote:
    """A `tuilink serve` instance. The API keys default to PLAID_CLIENT_ID / PLAID_SECRET from the environment (a
    server started without --client-id/--secret accepts any pair)."""

    url: str
    client_id: str = field(default_factory=lambda: _env_key("PLAID_CLIENT_ID"))
    secret: str = field(default_factory=lambda: _env_key("PLAID_SECRET"), repr=False)
    timeout: float = 10.0  # seconds to wait for the server before Link shows its error pane
    link_token: str | None = None  # open this token (made on the server) ...
    link_token_url: str | None = None  # ... or one the developer's app server makes (POST; JSON link_token)
    # ... else a token is created on the server from the link token body


BackendSpec = Embedded | Remote


def cli_flag(name: str) -> str:
    """How the command line spells an option: `--link-token`."""
    return "--" + name.replace("_", "-")


def backend_spec(*, backend: str | None = None, state: str | None = None, catalogue: str | None = None,
                 latency_ms: int = 0, link_token: str | None = None, link_token_url: str | None = None,
                 timeout: float = 10.0, spell: Callable[[str], str] = cli_flag) -> BackendSpec:
    """The spec the options ask for. `link_token_url` alone implies the default server. Raises SpecError for an
    option that belongs to the other kind of backend, naming the options as `spell` writes them (the command
    line's flags by default; the pytest plugin's keyword arguments)."""
    if link_token_url and not backend:
        backend = DEFAULT_SERVER
    if backend is None:
        if link_token:
            raise SpecError(f"{spell('link_token')} needs {spell('backend')} URL (the tuilink serve instance that "
                            "created the token)")
        return Embedded(state=state, catalogue=catalogue, latency_ms=latency_ms)
    for name, value in (("state", state), ("catalogue", catalogue)):
        if value:
            raise SpecError(f"{spell(name)} belongs to the server with {spell('backend')} "
                            f"(tuilink serve --{name} FILE)")
    return Remote(backend, timeout=timeout, link_token=link_token, link_token_url=link_token_url)


EMBEDDED = Embedded()  # the default: the Sandbox in memory, no latency
