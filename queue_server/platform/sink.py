"""What the platform exchange needs from the store: the `Bookings` protocol.

The Store implements it (issue 11's appointments); `memory.MemoryBookings` is a faithful
in-memory one for tests, the demo and the benchmark."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, runtime_checkable

from queue_server.engine.exchange import Outcome, PlatformBooking

APPLIED = ("created", "updated", "cancelled", "unchanged", "stale")
REFUSED_PREFIX = "refused:"


@runtime_checkable
class Bookings(Protocol):
    """Where platform bookings land and where their outcomes wait to be reported back."""

    def apply_platform_booking(self, booking: PlatformBooking) -> str:
        """Idempotent upsert: "created" | "updated" | "cancelled" | "unchanged" | "stale" |
        "refused:<code>" (a booking rule broken; nothing stored).

        An older version than the stored one is "stale" and changes nothing; a cancelled
        booking never comes back to "booked"."""
        ...

    def pending_outcomes(self, now: datetime, limit: int = 100) -> list[Outcome]:
        """Outcomes due to be sent (not acknowledged, next try <= now), oldest first."""
        ...

    def outcome_sent(self, outcome_id: int) -> None:
        """The platform acknowledged it: never offered again."""
        ...

    def outcome_failed(self, outcome_id: int, retry_at: datetime, error: str) -> None:
        """Not acknowledged: one more attempt counted, offered again from `retry_at`."""
        ...

    def sync_state(self) -> dict[str, object]:
        """{"cursor": str | None, "last_success": iso | None, "last_error": str | None,
        "pending_outcomes": int}"""
        ...

    def save_sync_state(
        self, cursor: str | None, success_at: datetime | None, error: str | None
    ) -> None:
        """Record a run: the cursor reached (None keeps the stored one), when it succeeded
        (None keeps the last success), and its error (replaces the last one; None clears it)."""
        ...
