"""The contract's Window object and a window's queues."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from queue_server.engine import errors
from queue_server.engine.district import District, Hall
from queue_server.store import queries
from queue_server.store.views.tickets import ticket_view


def window_view(
    conn: sqlite3.Connection, district: District, hall: Hall, row: sqlite3.Row, now: datetime
) -> dict[str, Any]:
    """The contract's Window object (current ticket included, without its token)."""
    config = hall.window(row["number"])
    current = queries.ticket_by_id(conn, row["ticket_id"]) if row["ticket_id"] is not None else None
    return {
        "number": row["number"],
        "label": config.label.zh if config else str(row["number"]),
        "hall": hall.id,
        "services": list(config.services) if config else [],
        "state": row["state"],
        "pause_reason": row["pause_reason"],
        "clerk": row["clerk"],
        "current_ticket": ticket_view(conn, district, current, now, with_token=False)
        if current
        else None,
    }


def one_window(
    conn: sqlite3.Connection, district: District, hall: Hall, number: int, now: datetime
) -> dict[str, Any]:
    """A configured window of the hall, or UnknownWindow."""
    row = queries.window_row(conn, hall.id, number)
    if row is None or hall.window(number) is None:
        raise errors.UnknownWindow(hall.id, number)
    return window_view(conn, district, hall, row, now)


def hall_windows(
    conn: sqlite3.Connection, district: District, hall: Hall, now: datetime
) -> list[dict[str, Any]]:
    """The hall's configured windows in number order."""
    rows = conn.execute(
        "SELECT * FROM windows WHERE hall = ? ORDER BY number", (hall.id,)
    ).fetchall()
    return [
        window_view(conn, district, hall, row, now)
        for row in rows
        if hall.window(row["number"]) is not None
    ]


def window_queues(
    conn: sqlite3.Connection, hall: Hall, number: int, now: datetime
) -> list[dict[str, Any]]:
    """Waiting count and longest wait (minutes) of each service the window serves."""
    config = hall.window(number)
    if config is None:
        raise errors.UnknownWindow(hall.id, number)
    rows = conn.execute(
        "SELECT service, COUNT(*), MIN(arrived_at) FROM tickets WHERE hall = ? AND business_day = ?"
        " AND status = 'waiting' GROUP BY service",
        (hall.id, hall.business_day(now)),
    ).fetchall()
    found = {r[0]: (int(r[1]), r[2]) for r in rows}
    queues = []
    for code in config.services:
        count, oldest = found.get(code, (0, None))
        longest = (now - datetime.fromisoformat(oldest)).total_seconds() / 60 if oldest else 0
        queues.append(
            {"service": code, "waiting": count, "longest_wait_minutes": max(0, int(longest))}
        )
    return queues
