"""Backends the Link flow talks to: the Backend protocol and its implementations. `EmbeddedBackend` (which
brings the whole Sandbox with it) is imported on first use, so that the flow, which needs only the protocol,
never loads the Sandbox."""
from typing import TYPE_CHECKING, Any

from .base import Backend

if TYPE_CHECKING:
    from .embedded import EmbeddedBackend as EmbeddedBackend

__all__ = ["Backend", "EmbeddedBackend"]


def __getattr__(name: str) -> Any:
    if name == "EmbeddedBackend":
        from .embedded import EmbeddedBackend

        return EmbeddedBackend
    raise AttributeError(name)
