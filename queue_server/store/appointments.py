"""Appointment rows: lookups, counts and changes inside the caller's transaction. Only the keyed
hash of an ID number and masked forms of the name, ID number and phone are stored, and the
phone encrypted (`store.phones`) for reminders, until the booking's day closes."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

from queue_server.engine.district import Hall
from queue_server.store import outbox
from queue_server.store.phones import SealedPhone
from queue_server.store.tickets import Holder
from queue_server.store.timeutil import stored

BOOKED, CHECKED_IN, SERVED, CANCELLED, NO_SHOW = (
    "booked", "checked_in", "served", "cancelled", "no_show",
)  # fmt: skip
HOLDING = (BOOKED, CHECKED_IN, SERVED, NO_SHOW)  # states that take up a place in their slot


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


def holder_of_row(row: sqlite3.Row) -> Holder:
    """The holder an appointment stored: the keyed hash and masked name and ID number."""
    return Holder((row["id_hash"],), row["id_masked"], row["holder"])


def phone_of_row(row: sqlite3.Row) -> SealedPhone | None:
    """The booking's encrypted phone number, which its ticket takes over at check-in."""
    sealed = row["phone_sealed"]
    return SealedPhone(sealed, row["phone_masked"]) if sealed is not None else None


def _one(conn: sqlite3.Connection, where: str, args: tuple[object, ...]) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        f"SELECT * FROM appointments WHERE {where}", args
    ).fetchone()
    return row


def by_external_id(conn: sqlite3.Connection, external_id: str) -> sqlite3.Row | None:
    return _one(conn, "external_id = ?", (external_id,))


def by_serial(conn: sqlite3.Connection, hall: str, day: str, serial: int) -> sqlite3.Row | None:
    return _one(conn, "hall = ? AND day = ? AND serial = ?", (hall, day, serial))


def by_ticket(conn: sqlite3.Connection, ticket_id: int) -> sqlite3.Row | None:
    return _one(conn, "ticket_id = ?", (ticket_id,))


def booked_counts(
    conn: sqlite3.Connection, hall: str, service: str, day: str
) -> dict[datetime, int]:
    """Places taken per slot start on a day (cancelled bookings free theirs)."""
    rows = conn.execute(
        f"SELECT slot_start, COUNT(*) FROM appointments WHERE hall = ? AND service = ?"
        f" AND day = ? AND state IN ({_marks(HOLDING)}) GROUP BY slot_start",
        (hall, service, day, *HOLDING),
    )
    return {datetime.fromisoformat(start): count for start, count in rows}


def holder_bookings(
    conn: sqlite3.Connection, hashes: Sequence[str], day: str, service: str | None = None
) -> list[sqlite3.Row]:
    """The holder's bookings on a day (of one service, if given), earliest slot first."""
    sql = f"SELECT * FROM appointments WHERE id_hash IN ({_marks(hashes)}) AND day = ?"
    args: list[object] = [*hashes, day]
    if service is not None:
        sql, args = sql + " AND service = ?", [*args, service]
    return conn.execute(sql + " ORDER BY slot_start, id", args).fetchall()


def no_show_times(conn: sqlite3.Connection, hashes: Sequence[str]) -> list[datetime]:
    rows = conn.execute(
        f"SELECT at FROM no_shows WHERE id_hash IN ({_marks(hashes)})", tuple(hashes)
    )
    return [datetime.fromisoformat(at) for (at,) in rows]


def next_serial(conn: sqlite3.Connection, hall: str, day: str) -> int:
    found = conn.execute(
        "SELECT COALESCE(MAX(serial), 0) + 1 FROM appointments WHERE hall = ? AND day = ?",
        (hall, day),
    ).fetchone()
    return int(found[0])


def set_state(
    conn: sqlite3.Connection,
    row: sqlite3.Row,
    state: str,
    *,
    hall: Hall,
    now: datetime,
    report: bool = True,
    ticket_id: int | None = None,
) -> None:
    """Move an appointment to `state`; the outcome goes to the outbox in the same transaction
    (unless it is the platform's own change: `report=False`)."""
    conn.execute(
        "UPDATE appointments SET state = ?, updated_at = ?, ticket_id = COALESCE(?, ticket_id)"
        " WHERE id = ?",
        (state, stored(now, hall.timezone), ticket_id, row["id"]),
    )
    if state == NO_SHOW:
        conn.execute(
            "INSERT INTO no_shows (id_hash, at) VALUES (?, ?)",
            (row["id_hash"], stored(now, hall.timezone)),
        )
    if report:
        outbox.add(conn, row["external_id"], state, now)


def due_no_shows(conn: sqlite3.Connection, before: datetime, tz: str) -> list[sqlite3.Row]:
    """Bookings still not checked in whose slot started before `before`."""
    return conn.execute(
        "SELECT * FROM appointments WHERE state = ? AND slot_start < ? ORDER BY slot_start",
        (BOOKED, stored(before, tz)),
    ).fetchall()


def of_day(conn: sqlite3.Connection, hall: str, day: str) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT * FROM appointments WHERE hall = ? AND day = ? ORDER BY slot_start, id",
        (hall, day),
    ).fetchall()


def ticket_served(conn: sqlite3.Connection, ticket_id: int, hall: Hall, now: datetime) -> None:
    """An appointment ticket was finished: its appointment is served (reported back)."""
    row = by_ticket(conn, ticket_id)
    if row is not None and row["state"] == CHECKED_IN:
        set_state(conn, row, SERVED, hall=hall, now=now)
