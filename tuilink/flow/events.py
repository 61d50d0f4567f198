"""Building onEvent payloads and writing them where the user asked."""
from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import IO

from ..plaid.models import LinkEvent, LinkResult


def timestamp(seconds: float) -> str:
    """ISO 8601 with milliseconds and Z, as Link's `timestamp`."""
    dt = datetime.fromtimestamp(seconds, UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def event_json(event: LinkEvent) -> str:
    return json.dumps(event.model_dump(mode="json"), separators=(",", ":"))


def result_json(result: LinkResult, indent: int | None = None) -> str:
    return json.dumps(result.model_dump(mode="json"), indent=indent)


class EventLog:
    """Appends each event as one JSON line, flushed per event (so a crash loses nothing written)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def __call__(self, event: LinkEvent) -> None:
        self.stream.write(event_json(event) + "\n")
        self.stream.flush()
