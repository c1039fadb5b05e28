"""The append-only event log: every state change with time, actor and before/after."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from queue_server.district import Hall
from queue_server.store.timeutil import local


@dataclass(frozen=True)
class Event:
    seq: int
    type: str
    hall: str | None
    data: dict[str, Any]  # the public payload (includes seq)


def append(
    conn: sqlite3.Connection,
    *,
    at: str,
    type: str,
    hall: str | None,
    actor: str,
    payload: dict[str, Any],
    ticket_id: int | None = None,
    window: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str | None = None,
) -> Event:
    """Append one event inside the caller's transaction."""
    cursor = conn.execute(
        "INSERT INTO events (at, type, hall, actor, ticket_id, window, before, after, reason, data)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            at,
            type,
            hall,
            actor,
            ticket_id,
            window,
            _dump(before),
            _dump(after),
            reason,
            json.dumps(payload, ensure_ascii=False),
        ),
    )
    seq = int(cursor.lastrowid or 0)
    return Event(seq, type, hall, {"seq": seq, **payload})


def payload(
    type: str,
    hall: Hall,
    now: datetime,
    *,
    waiting: dict[str, int],
    reason: str | None = None,
    ticket: dict[str, Any] | None = None,
    window: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The public body of an event (CONTRACT.md, Events); `seq` is added when appended."""
    return {
        "type": type,
        "hall": hall.id,
        "at": local(now, hall.timezone).isoformat(timespec="seconds"),
        "ticket": ticket,
        "window": window,
        "reason": reason,
        **extra,
        "waiting": waiting,
    }


def after_seq(
    conn: sqlite3.Connection, seq: int, hall: str | None = None, limit: int = 1000
) -> list[Event]:
    """Events with a sequence number above `seq` (for one hall, or all), oldest first."""
    if hall is None:
        rows = conn.execute(
            "SELECT seq, type, hall, data FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
            (seq, limit),
        )
    else:
        rows = conn.execute(
            "SELECT seq, type, hall, data FROM events WHERE seq > ? AND hall = ?"
            " ORDER BY seq LIMIT ?",
            (seq, hall, limit),
        )
    return [_event(row) for row in rows]


def last_seq(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT MAX(seq) FROM events").fetchone()
    return int(row[0] or 0)


def _event(row: sqlite3.Row) -> Event:
    data = json.loads(row["data"])
    return Event(int(row["seq"]), row["type"], row["hall"], {"seq": int(row["seq"]), **data})


def _dump(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)
