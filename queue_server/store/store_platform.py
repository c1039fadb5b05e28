"""The Store's side of the platform exchange (`queue_server.platform.sink.Bookings`): bookings
the platform states applied idempotently, the outbox of outcomes, the sync job's state."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from queue_server.engine.errors import QueueError
from queue_server.engine.exchange import Outcome, PlatformBooking
from queue_server.store import appointments as rows
from queue_server.store import booking as booking_rules
from queue_server.store import outbox
from queue_server.store.store_base import StoreBase
from queue_server.store.tickets import Holder, IdCard, holder_of


class PlatformMethods(StoreBase):
    def apply_platform_booking(self, booking: PlatformBooking) -> str:
        """Upsert a booking as the platform states it: "created" | "updated" | "cancelled" |
        "unchanged" | "stale" | "refused:<code>". An older version changes nothing; a
        cancelled booking never comes back."""
        try:
            holder = holder_of(IdCard(booking.id_number, booking.name), self.id_keys)
        except QueueError as refused:
            return f"refused:{refused.code}"
        request = booking_rules.BookingRequest(
            booking.external_id, booking.hall, booking.service, booking.slot_start, origin="pull",
            phone=booking.phone, version=booking.version,
        )  # fmt: skip
        request = booking_rules.with_sealed(request, self.keys.phone_key)
        try:
            with self.db.write() as conn:
                return self._apply(conn, booking, request, holder)
        except QueueError as refused:
            return f"refused:{refused.code}"

    def _apply(
        self,
        conn: sqlite3.Connection,
        stated: PlatformBooking,
        request: booking_rules.BookingRequest,
        holder: Holder,
    ) -> str:
        now = self.clock()
        row = rows.by_external_id(conn, stated.external_id)
        if row is None:
            if stated.state == rows.CANCELLED:  # its "booked" may still be on the way
                booking_rules.record_cancelled(conn, self.district, request, holder, now)
                return "cancelled"
            booking_rules.book(conn, self.district, request, holder, now)
            return "created"
        if stated.version < row["version"]:
            return "stale"
        if row["state"] == rows.CANCELLED:
            return "unchanged"  # a late "booked" never undoes a cancellation
        if row["state"] != rows.BOOKED:
            return "unchanged"  # checked in or ended: the hall's outcome stands
        if stated.state == rows.CANCELLED:
            hall = self.hall(row["hall"])
            rows.set_state(conn, row, rows.CANCELLED, hall=hall, now=now, report=False)
            _raise_version(conn, row["id"], stated.version)
            return "cancelled"
        if booking_rules.same_request(row, request, holder):
            _raise_version(conn, row["id"], stated.version)
            return "unchanged"
        _, slot = booking_rules.place(conn, self.district, request, holder, now, moving=row["id"])
        booking_rules.move(conn, row, slot, self.hall(row["hall"]), now)
        _raise_version(conn, row["id"], stated.version)
        return "updated"

    def pending_outcomes(self, now: datetime, limit: int = 100) -> list[Outcome]:
        with self.db.read() as conn:
            return outbox.pending(conn, now, limit)

    def outcome_sent(self, outcome_id: int) -> None:
        with self.db.write() as conn:
            outbox.sent(conn, outcome_id, self.clock())

    def outcome_failed(self, outcome_id: int, retry_at: datetime, error: str) -> None:
        with self.db.write() as conn:
            outbox.failed(conn, outcome_id, retry_at, error)

    def sync_state(self) -> dict[str, object]:
        with self.db.read() as conn:
            return outbox.sync_state(conn)

    def save_sync_state(
        self, cursor: str | None, success_at: datetime | None, error: str | None
    ) -> None:
        with self.db.write() as conn:
            outbox.save_sync_state(conn, cursor, success_at, error)


def _raise_version(conn: sqlite3.Connection, appointment_id: int, version: int) -> None:
    conn.execute(
        "UPDATE appointments SET version = MAX(version, ?) WHERE id = ?",
        (version, appointment_id),
    )
