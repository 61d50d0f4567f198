"""The Link session: which pane is next, what the user may do there, which events fire, the final callback.

`LinkSession` is imported on first use: the pane state (`Pane`, `Options`, `FlowError`) is cheap to import,
the session pulls in the backends and the wire models.
"""
from typing import TYPE_CHECKING, Any

from .state import FlowError, Options

if TYPE_CHECKING:
    from .panes import Pane as Pane
    from .session import LinkSession as LinkSession

__all__ = ["FlowError", "LinkSession", "Options", "Pane"]


def __getattr__(name: str) -> Any:
    if name == "LinkSession":
        from .session import LinkSession

        return LinkSession
    if name == "Pane":
        from .panes import Pane

        return Pane
    raise AttributeError(name)
