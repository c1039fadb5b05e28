"""Window rows: seeded from the district config, paused and resumed with a reason."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from queue_server.district import District, Hall
from queue_server.engine import errors
from queue_server.store import eventlog, views
from queue_server.store.timeutil import local, stored


def seed(conn: sqlite3.Connection, district: District, now: datetime) -> None:
    """Add a row for every configured window not yet in the database (keeps existing state)."""
    for hall in district.halls.values():
        at = stored(now, hall.timezone)
        for window in hall.windows:
            conn.execute(
                "INSERT OR IGNORE INTO windows (hall, number, state, updated_at)"
                " VALUES (?, ?, ?, ?)",
                (hall.id, window.number, "open" if window.initially_open else "closed", at),
            )


def set_state(
    conn: sqlite3.Connection,
    district: District,
    hall: Hall,
    number: int,
    *,
    state: str,
    reason: str | None,
    actor: str,
    now: datetime,
) -> eventlog.Event:
    """Pause (state 'paused') or resume (state 'open') a window and log it."""
    row = views.window_row(conn, hall.id, number)
    config = hall.window(number)
    if row is None or config is None:
        raise errors.UnknownWindow(hall.id, number)
    conn.execute(
        "UPDATE windows SET state = ?, pause_reason = ?, updated_at = ?"
        " WHERE hall = ? AND number = ?",
        (state, reason if state == "paused" else None, stored(now, hall.timezone), hall.id, number),
    )
    type = "window.paused" if state == "paused" else "window.resumed"
    body = eventlog.payload(
        type,
        hall,
        now,
        reason=reason,
        waiting=views.waiting_counts(conn, hall.id, _day(now, hall)),
        window={"number": number, "label": config.label.zh},
    )
    return eventlog.append(
        conn,
        at=stored(now, hall.timezone),
        type=type,
        hall=hall.id,
        actor=actor,
        payload=body,
        window=number,
        before={"state": row["state"]},
        after={"state": state},
        reason=reason,
    )


def _day(now: datetime, hall: Hall) -> str:
    return local(now, hall.timezone).date().isoformat()
