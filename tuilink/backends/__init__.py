"""Backends the Link flow talks to: the Backend protocol and its implementations."""
from .base import Backend
from .embedded import EmbeddedBackend

__all__ = ["Backend", "EmbeddedBackend"]
