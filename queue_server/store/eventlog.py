"""The append-only event log: every state change with time, actor and before/after."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from queue_server.engine.district import Hall, Window
from queue_server.store import queries
from queue_server.store.timeutil import local, stored


@dataclass(frozen=True)
class Event:
    seq: int
    type: str
    hall: str | None
    data: dict[str, Any]  # the public payload (includes seq)


def append(
    conn: sqlite3.Connection,
    hall: Hall,
    type: str,
    *,
    now: datetime,
    actor: str,
    ticket: dict[str, Any] | None = None,
    ticket_id: int | None = None,
    window: Window | None = None,
    reason: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    waiting: dict[str, int] | None = None,
    **extra: Any,
) -> Event:
    """Append one event inside the caller's transaction: the one way events are written.

    The public payload (CONTRACT.md, Events) carries `ticket` (without its token), `window`,
    `reason`, `extra` and `waiting`: the hall's waiting counts after the change (today's, unless
    the caller passes the counts it has).
    """
    if waiting is None:
        waiting = queries.waiting_counts(conn, hall.id, hall.business_day(now))
    shown = {"number": window.number, "label": window.label.zh} if window else None
    body = _payload(hall, type, now, ticket, shown, reason, extra, waiting)
    number = window.number if window else None
    cursor = conn.execute(
        "INSERT INTO events (at, type, hall, actor, ticket_id, window, before, after, reason, data)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (stored(now, hall.timezone), type, hall.id, actor, ticket_id, number, _dump(before),
         _dump(after), reason, json.dumps(body, ensure_ascii=False)),
    )  # fmt: skip
    seq = int(cursor.lastrowid or 0)
    return Event(seq, type, hall.id, {"seq": seq, **body})


def _payload(
    hall: Hall,
    type: str,
    now: datetime,
    ticket: dict[str, Any] | None,
    window: dict[str, Any] | None,
    reason: str | None,
    extra: dict[str, Any],
    waiting: dict[str, int],
) -> dict[str, Any]:
    """The public body of an event (CONTRACT.md, Events); `seq` is added once appended."""
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


def before_day(conn: sqlite3.Connection, days: dict[str, str], hall: str | None = None) -> int:
    """The last event (of `hall`, or of any hall) logged before its hall's business day in
    `days` (hall id → `YYYY-MM-DD`); 0 if none. Reads back from the newest: only today's."""
    if hall is None:
        rows = conn.execute("SELECT seq, hall, at FROM events ORDER BY seq DESC")
    else:
        rows = conn.execute(
            "SELECT seq, hall, at FROM events WHERE hall = ? ORDER BY seq DESC", (hall,)
        )
    for seq, event_hall, at in rows:
        day = days.get(event_hall)
        if day is None or at < day:  # stored times are local ISO text: text order is time order
            return int(seq)
    return 0


def last_seq(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT MAX(seq) FROM events").fetchone()
    return int(row[0] or 0)


def _event(row: sqlite3.Row) -> Event:
    data = json.loads(row["data"])
    return Event(int(row["seq"]), row["type"], row["hall"], {"seq": int(row["seq"]), **data})


def _dump(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)
