"""Adapter: gathers the facts `engine.rules.check_can_issue` needs from the database."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from queue_server.engine import rules
from queue_server.engine.district import Hall, Service
from queue_server.engine.errors import QueueError
from queue_server.store import queries

if TYPE_CHECKING:
    from queue_server.store.tickets import Holder


def issued_today(conn: sqlite3.Connection, hall: str, prefix: str, day: str) -> int:
    row = conn.execute(
        "SELECT last FROM counters WHERE hall = ? AND prefix = ? AND day = ?", (hall, prefix, day)
    ).fetchone()
    return int(row[0]) if row else 0


ACTIVE = "('waiting', 'called', 'serving')"  # the statuses that hold a service for the holder


def _of_holder(hashes: Sequence[str]) -> str:
    return f"id_hash IN ({', '.join('?' for _ in hashes)})"


def held_tickets(
    conn: sqlite3.Connection, hall: str, hashes: Sequence[str], day: str
) -> list[sqlite3.Row]:
    """The ID holder's active tickets in the hall today, in issue order (`hashes` as below)."""
    if not hashes:
        return []
    sql = (
        f"SELECT * FROM tickets WHERE {_of_holder(hashes)} AND hall = ? AND business_day = ?"
        f" AND status IN {ACTIVE} ORDER BY id"
    )
    return conn.execute(sql, (*hashes, hall, day)).fetchall()


def held_number(
    conn: sqlite3.Connection, hall: Hall, service: Service, hashes: Sequence[str], day: str
) -> str | None:
    """The number of the ID holder's active ticket for the service today, if any: `hashes` are
    the holder's ID hash under every key kept, so tickets hashed before a rotation count."""
    if not hashes:
        return None
    row = conn.execute(
        f"SELECT number FROM tickets WHERE {_of_holder(hashes)}"
        f" AND hall = ? AND service = ? AND business_day = ? AND status IN {ACTIVE}",
        (*hashes, hall.id, service.code, day),
    ).fetchone()
    return None if row is None else str(row[0])


def check_can_issue(
    conn: sqlite3.Connection,
    hall: Hall,
    service: Service,
    holder: Holder,
    *,
    id_number: str | None,
    now: datetime,
    day: str,
    check_hours: bool,
) -> None:
    """Raise the refusal a citizen sees, or return when the ticket may be issued."""
    rules.check_can_issue(
        hall,
        service,
        now=now,
        open_windows=queries.open_windows(conn, hall, service.code),
        issued_today=issued_today(conn, hall.id, service.prefix, day),
        id_number=id_number,  # checked in memory only; never stored or logged
        existing_number=held_number(conn, hall, service, holder.id_hashes, day),
        enforce_hours=check_hours,
    )


def availability(
    conn: sqlite3.Connection,
    hall: Hall,
    service: Service,
    *,
    now: datetime,
    day: str,
    check_hours: bool,
) -> QueueError | None:
    return rules.availability(
        hall,
        service,
        now=now,
        open_windows=queries.open_windows(conn, hall, service.code),
        issued_today=issued_today(conn, hall.id, service.prefix, day),
        enforce_hours=check_hours,
    )
