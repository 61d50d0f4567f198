"""The exception every backend raises for a Plaid error answer."""
from __future__ import annotations

from .models import PlaidError


class PlaidApiError(Exception):
    """A Plaid error answered by a backend call. `error` is the wire object."""

    def __init__(self, error: PlaidError, http_status: int = 400) -> None:
        super().__init__(f"{error.error_code}: {error.error_message}")
        self.error = error
        self.http_status = http_status
