"""The Link session: which pane is next, what the user may do there, which events fire, the final callback."""
from .session import FlowError, LinkSession, Options, Pane

__all__ = ["FlowError", "LinkSession", "Options", "Pane"]
