"""The notification outbox: one row per message key (`ahead:12`, `reminder_hour:7:<slot>`), so
a message derived twice is queued once; a row stays due, with back-off, until the sender
acknowledges it, and is never sent again after that. It survives restarts with the database."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from queue_server.store.timeutil import stored

BACK_OFF_FIRST = timedelta(seconds=10)
BACK_OFF_MOST = timedelta(hours=1)
ACTIVE = ("waiting", "called", "serving", "done")  # ticket states a message may follow


@dataclass(frozen=True)
class Queued:
    id: int
    key: str
    hall: str
    kind: str
    phone_sealed: bytes
    phone_masked: str | None
    text: str
    attempts: int


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def enqueue(
    conn: sqlite3.Connection, key: str, *, hall: str, day: str, kind: str, sealed: bytes,
    masked: str, text: str, now: datetime,
) -> bool:  # fmt: skip
    """Queue a message unless its key was queued before; True if it is new."""
    cursor = conn.execute(
        "INSERT INTO notifications (key, hall, day, kind, phone_sealed, phone_masked, text,"
        " created_at, next_try) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
        (key, hall, day, kind, sealed, masked, text, _utc(now), _utc(now)),
    )
    return cursor.rowcount == 1


def queued_keys(conn: sqlite3.Connection, hall: str, day: str) -> set[str]:
    """The keys of the hall's messages of a business day, sent or not."""
    rows = conn.execute("SELECT key FROM notifications WHERE hall = ? AND day = ?", (hall, day))
    return {key for (key,) in rows}


def known_keys(conn: sqlite3.Connection, keys: list[str]) -> set[str]:
    """Which of `keys` are queued already (sent or not)."""
    found: set[str] = set()
    for first in range(0, len(keys), 500):  # within SQLite's limit of bound parameters
        chunk = keys[first : first + 500]
        marks = ", ".join("?" for _ in chunk)
        rows = conn.execute(f"SELECT key FROM notifications WHERE key IN ({marks})", chunk)
        found |= {key for (key,) in rows}
    return found


def due(conn: sqlite3.Connection, now: datetime, limit: int) -> list[Queued]:
    rows = conn.execute(
        "SELECT * FROM notifications WHERE sent_at IS NULL AND dropped IS NULL"
        " AND phone_sealed IS NOT NULL AND next_try <= ? ORDER BY id LIMIT ?",
        (_utc(now), limit),
    )
    return [
        Queued(r["id"], r["key"], r["hall"], r["kind"], r["phone_sealed"], r["phone_masked"],
               r["text"], r["attempts"])
        for r in rows
    ]  # fmt: skip


def acknowledged(conn: sqlite3.Connection, message_id: int, now: datetime) -> None:
    conn.execute(
        "UPDATE notifications SET sent_at = ?, attempts = attempts + 1, last_error = NULL"
        " WHERE id = ? AND sent_at IS NULL",
        (_utc(now), message_id),
    )


def back_off(attempts: int, first: timedelta = BACK_OFF_FIRST) -> timedelta:
    """How long to wait after the `attempts`-th failure: doubling from `first`, at most an
    hour."""
    return min(first * 2 ** max(0, attempts - 1), BACK_OFF_MOST)


def failed(
    conn: sqlite3.Connection, message: Queued, now: datetime, error: str,
    first: timedelta = BACK_OFF_FIRST,
) -> datetime:  # fmt: skip
    """Count a failed attempt; when the message is tried again."""
    retry = now + back_off(message.attempts + 1, first)
    conn.execute(
        "UPDATE notifications SET attempts = attempts + 1, next_try = ?, last_error = ?"
        " WHERE id = ?",
        (_utc(retry), error[:300], message.id),
    )
    return retry


def drop(conn: sqlite3.Connection, message_id: int, reason: str) -> None:
    """Give a message up (its phone cannot be opened): never tried again, its phone erased."""
    conn.execute(
        "UPDATE notifications SET dropped = ?, phone_sealed = NULL WHERE id = ?",
        (reason, message_id),
    )


def phone_tickets(conn: sqlite3.Connection, hall: str, day: str) -> list[sqlite3.Row]:
    """The hall's tickets of `day` that carry a phone number, in a state a message may follow."""
    return conn.execute(
        "SELECT * FROM tickets WHERE hall = ? AND business_day = ? AND phone_sealed IS NOT NULL"
        " AND status IN (?, ?, ?, ?) ORDER BY id",
        (hall, day, *ACTIVE),
    ).fetchall()


def phone_bookings(
    conn: sqlite3.Connection, hall: str, after: datetime, until: datetime, tz: str
) -> list[sqlite3.Row]:
    """The hall's bookings still to come with a phone number, whose slot starts in the span."""
    return conn.execute(
        "SELECT * FROM appointments WHERE hall = ? AND state = 'booked'"
        " AND phone_sealed IS NOT NULL AND slot_start > ? AND slot_start <= ? ORDER BY id",
        (hall, stored(after, tz), stored(until, tz)),
    ).fetchall()


def sent_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM notifications WHERE sent_at IS NOT NULL")
               .fetchone()[0])  # fmt: skip
