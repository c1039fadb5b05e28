"""Window rows: seeded from the district config, paused and resumed with a reason."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from queue_server.engine import errors
from queue_server.engine.district import District, Hall
from queue_server.store import eventlog, queries
from queue_server.store.timeutil import stored

# a window's state and the event its change logs (`closed`: a manager closed it; resume opens it)
WINDOW_EVENTS = {"paused": "window.paused", "open": "window.resumed", "closed": "window.closed"}


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
    hall: Hall,
    number: int,
    *,
    state: str,
    reason: str | None,
    actor: str,
    now: datetime,
) -> eventlog.Event:
    """Pause (state 'paused'), resume (state 'open') or close (state 'closed') a window; log it."""
    row = queries.window_row(conn, hall.id, number)
    config = hall.window(number)
    if row is None or config is None:
        raise errors.UnknownWindow(hall.id, number)
    conn.execute(
        "UPDATE windows SET state = ?, pause_reason = ?, updated_at = ?"
        " WHERE hall = ? AND number = ?",
        (state, reason if state == "paused" else None, stored(now, hall.timezone), hall.id, number),
    )
    type = WINDOW_EVENTS[state]
    return eventlog.append(
        conn,
        hall,
        type,
        now=now,
        actor=actor,
        window=config,
        reason=reason,
        before={"state": row["state"]},
        after={"state": state},
    )
