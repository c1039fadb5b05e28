"""Server-sent events as pure code: lines in, events out (no network, no threads)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any


@dataclass
class ServerEvent:
    id: str | None
    type: str
    data: dict[str, Any]


def parse_sse(lines: Iterable[str]) -> Iterator[ServerEvent | None]:
    """Turn SSE lines into events; yields None for a comment (heartbeat) so callers see liveness."""
    event_id: str | None = None
    event_type = "message"
    data: list[str] = []
    for line in lines:
        if line == "":
            if data:
                yield ServerEvent(event_id, event_type, _json_or_text("\n".join(data)))
            event_type, data = "message", []
            continue
        if line.startswith(":"):
            yield None
            continue
        field, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if field == "id":
            event_id = value
        elif field == "event":
            event_type = value
        elif field == "data":
            data.append(value)


def _json_or_text(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        return {"text": text}
    return value if isinstance(value, dict) else {"value": value}
