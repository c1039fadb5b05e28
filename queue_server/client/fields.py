"""Readers of single fields of the contract's JSON, shared by the models (pure)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from queue_server.client.errors import BadAnswer

Model = TypeVar("Model")


def eta_range_of(raw: Any) -> tuple[int, int] | None:
    """A contract `eta_range` ([low, high] whole minutes, or null) as a pair, low first."""
    if raw is None:
        return None
    if not isinstance(raw, list | tuple) or len(raw) != 2:
        raise ValueError(f"eta_range: expected [low, high], got {raw!r:.80}")
    low, high = int(raw[0]), int(raw[1])
    if not 0 <= low <= high:
        raise ValueError(f"eta_range: expected 0 <= low <= high, got {raw!r:.80}")
    return low, high


def optional_object(raw: Any, what: str) -> dict[str, Any] | None:
    """An optional nested object (`transfer`, `appointment`, `elsewhere`): None when null."""
    if raw is None or isinstance(raw, dict):
        return raw
    raise ValueError(f"{what}: expected an object, got {raw!r:.80}")


def optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


def optional_time(raw: dict[str, Any], key: str, where: str = "") -> datetime | None:
    """`raw[key]` as an ISO 8601 time, None when absent; a bad value is named with its key."""
    value = raw.get(key)
    if value is None or value == "":
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{where}{key}: not an ISO 8601 time: {value!r}") from None


def parse(what: str, raw: Any, build: Callable[[dict[str, Any]], Model]) -> Model:
    """`build(raw)`, with what it cannot read reported as BadAnswer naming `what`."""
    if not isinstance(raw, dict):
        raise BadAnswer(f"{what}: expected an object, got {raw!r:.80}")
    try:
        return build(raw)
    except (KeyError, TypeError, ValueError) as err:
        raise BadAnswer(f"{what} {raw!r} is missing or has a bad field: {err}") from err
