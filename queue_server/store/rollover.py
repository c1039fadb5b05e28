"""Business-day roll-over: tickets left waiting or called are closed as no-show; numbering restarts
by itself because counters are keyed by day."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from queue_server.engine.district import District, Hall
from queue_server.engine.numbering import business_day
from queue_server.store import eventlog, phones, queries
from queue_server.store.tickets import record
from queue_server.store.timeutil import stored, zone

DAY_CLOSED_REASON = "day_closed"


def next_boundary(now: datetime, district: District) -> datetime:
    """The earliest coming start of a business day (local midnight) among the district's halls."""
    midnights = [
        datetime.combine(
            business_day(now, hall.timezone) + timedelta(days=1),
            datetime.min.time(),
            zone(hall.timezone),
        )
        for hall in district.halls.values()
    ]
    return min(midnights) if midnights else now + timedelta(days=1)


def close_hall(
    conn: sqlite3.Connection,
    district: District,
    hall: Hall,
    *,
    now: datetime,
    actor: str,
    include_today: bool,
) -> list[eventlog.Event]:
    """Close the hall's unfinished tickets of earlier days (and today's, at closing time)."""
    today = hall.business_day(now)
    comparison = "<=" if include_today else "<"
    rows = conn.execute(
        f"SELECT * FROM tickets WHERE hall = ? AND business_day {comparison} ?"
        " AND status IN ('waiting', 'called', 'serving') ORDER BY id",
        (hall.id, today),
    ).fetchall()
    events = [_close(conn, district, row, now=now, actor=actor) for row in rows]
    conn.execute(
        "UPDATE windows SET ticket_id = NULL WHERE hall = ? AND ticket_id IS NOT NULL AND"
        " (SELECT status FROM tickets WHERE id = windows.ticket_id) NOT IN ('called', 'serving')",
        (hall.id,),
    )
    phones.forget_closed(conn, hall.id, today, comparison)
    if rows:
        events.append(
            eventlog.append(
                conn,
                hall,
                "day.closed",
                now=now,
                actor=actor,
                reason=DAY_CLOSED_REASON,
                closed=len(rows),
            )
        )
    return events


def _close(
    conn: sqlite3.Connection, district: District, row: sqlite3.Row, *, now: datetime, actor: str
) -> eventlog.Event:
    """Waiting/called → no_show; a ticket still being served is finished (it was served)."""
    hall = district.halls[row["hall"]]
    target, outcome = (
        ("done", "closed_at_day_end") if row["status"] == "serving" else ("no_show", "no_show")
    )
    conn.execute(
        "UPDATE tickets SET status = ?, outcome = ?, finished_at = ? WHERE id = ?",
        (target, outcome, stored(now, hall.timezone), row["id"]),
    )
    fresh = queries.ticket_by_id(conn, row["id"])
    assert fresh is not None
    type = "ticket.finished" if target == "done" else "ticket.no_show"
    return record(
        conn,
        district,
        type,
        fresh,
        actor=actor,
        now=now,
        before={"status": row["status"]},
        reason=DAY_CLOSED_REASON,
    )
