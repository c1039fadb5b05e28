"""`MemoryBookings`: the `Bookings` protocol in memory, with the store's rules (versions, a
cancellation is final, a slot capacity), for tests, the demo and the benchmark. Thread-safe."""

from __future__ import annotations

import dataclasses
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from queue_server.engine.exchange import OUTCOME_STATES, Outcome, PlatformBooking


@dataclass
class _OutboxRow:
    outcome: Outcome
    due: datetime
    sent: bool = False
    error: str | None = None


class MemoryBookings:
    """Bookings by external id; `capacity` (per hall, service and slot) refuses "slot_full"."""

    def __init__(self, capacity: int | None = None) -> None:
        self.capacity = capacity
        self.bookings: dict[str, PlatformBooking] = {}
        self.results: Counter[str] = Counter()  # every answer of apply_platform_booking
        self._outbox: list[_OutboxRow] = []
        self._state: dict[str, object] = {"cursor": None, "last_success": None, "last_error": None}
        self._lock = threading.Lock()

    def apply_platform_booking(self, booking: PlatformBooking) -> str:
        with self._lock:
            result = self._apply(booking)
            self.results[result] += 1
            return result

    def _apply(self, booking: PlatformBooking) -> str:
        stored = self.bookings.get(booking.external_id)
        if stored is None:
            if booking.state == "booked" and self._full(booking):
                return "refused:slot_full"
            self.bookings[booking.external_id] = booking
            return "cancelled" if booking.state == "cancelled" else "created"
        if booking.version < stored.version:
            return "stale"
        if booking.version == stored.version or stored.state == "cancelled":
            return "unchanged"  # a cancellation is final, whatever comes after it
        self.bookings[booking.external_id] = booking
        return "cancelled" if booking.state == "cancelled" else "updated"

    def _full(self, booking: PlatformBooking) -> bool:
        if self.capacity is None:
            return False
        key = (booking.hall, booking.service, booking.slot_start)
        taken = sum(
            1
            for b in self.bookings.values()
            if b.state == "booked" and (b.hall, b.service, b.slot_start) == key
        )
        return taken >= self.capacity

    def add_outcome(self, external_id: str, state: str, at: datetime) -> Outcome:
        """What the hall does to a platform booking (check-in, served, ...): one outbox row."""
        if state not in OUTCOME_STATES:
            raise ValueError(f"unknown outcome state {state!r}")
        with self._lock:
            outcome = Outcome(len(self._outbox) + 1, external_id, state, at, 0)
            self._outbox.append(_OutboxRow(outcome, at))
            return outcome

    def pending_outcomes(self, now: datetime, limit: int = 100) -> list[Outcome]:
        with self._lock:
            due = [row.outcome for row in self._outbox if not row.sent and row.due <= now]
            return due[:limit]

    def outcome_sent(self, outcome_id: int) -> None:
        with self._lock:
            self._outbox[outcome_id - 1].sent = True

    def outcome_failed(self, outcome_id: int, retry_at: datetime, error: str) -> None:
        with self._lock:
            row = self._outbox[outcome_id - 1]
            attempts = row.outcome.attempts + 1
            row.outcome = dataclasses.replace(row.outcome, attempts=attempts)
            row.due, row.error = retry_at, error

    def sent_outcomes(self) -> list[Outcome]:
        with self._lock:
            return [row.outcome for row in self._outbox if row.sent]

    def sync_state(self) -> dict[str, object]:
        with self._lock:
            pending = sum(1 for row in self._outbox if not row.sent)
            return {**self._state, "pending_outcomes": pending}

    def save_sync_state(
        self, cursor: str | None, success_at: datetime | None, error: str | None
    ) -> None:
        with self._lock:
            if cursor is not None:
                self._state["cursor"] = cursor
            if success_at is not None:
                self._state["last_success"] = success_at.isoformat(timespec="seconds")
            self._state["last_error"] = error
