"""The hall as its home screen shows it: waiting counts from live events, closed until when."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from queue_server.client.models import Hall, Service


def with_waiting(
    hall: Hall | None, services: list[Service], counts: dict[str, int]
) -> tuple[Hall | None, list[Service]]:
    """Hall and services with an event's waiting counts (a service missing from them has none)."""
    fresh = [replace(s, waiting=int(counts.get(s.code, 0))) for s in services]
    if hall is None:
        return None, fresh
    total = sum(s.waiting for s in fresh) if fresh else sum(int(n) for n in counts.values())
    return replace(hall, waiting=total), fresh


def is_closed(services: list[Service]) -> bool:
    """Closed: the hall has services and every one refuses tickets for the opening hours."""
    return bool(services) and all(s.unavailable_code == "outside_hours" for s in services)


def next_opening(services: list[Service]) -> datetime | None:
    """When a closed hall opens again: the earliest opening any service names."""
    times = [s.opens_at for s in services if s.opens_at is not None]
    return min(times) if times else None
