"""Backends the Link flow talks to: the Backend protocol (`base`), its implementations (`embedded`, `http`) and
the spec that says which one a session opens on (`spec`). Every name is imported on first use: the CLI reads a
spec without loading pydantic, and the flow, which needs only the protocol, never loads the Sandbox."""
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .base import Backend as Backend
    from .embedded import EmbeddedBackend as EmbeddedBackend

__all__ = ["Backend", "EmbeddedBackend"]


def __getattr__(name: str) -> Any:
    if name == "EmbeddedBackend":
        from .embedded import EmbeddedBackend

        return EmbeddedBackend
    if name == "Backend":
        from .base import Backend

        return Backend
    raise AttributeError(name)
