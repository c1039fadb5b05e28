"""Reading queue state and shaping it into the contract's JSON objects (Ticket, Window)."""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from queue_server.district import District, Hall
from queue_server.engine import dispatch
from queue_server.engine import eta as eta_engine
from queue_server.engine.states import Priority
from queue_server.store.timeutil import served, stored

PRIORITY_RANK = {"appointment": 0, "green": 1, "normal": 2}
ACTIVE = ("called", "serving")


def waiting_counts(conn: sqlite3.Connection, hall: str, day: str) -> dict[str, int]:
    rows = conn.execute(
        "SELECT service, COUNT(*) FROM tickets WHERE hall = ? AND business_day = ?"
        " AND status = 'waiting' GROUP BY service",
        (hall, day),
    )
    return {service: int(count) for service, count in rows}


def policy_for(district: District, hall: Hall) -> dispatch.DispatchPolicy:
    """The district's dispatch policy; a hall without a green channel treats green as normal."""
    policy = district.dispatch
    if policy.green_enabled and not hall.green_channel:
        policy = replace(policy, green_enabled=False)
    return policy


def candidate(row: sqlite3.Row) -> dispatch.Candidate:
    return dispatch.Candidate(
        ticket_id=row["id"],
        service=row["service"],
        priority=Priority(row["priority"]),
        arrived_at=datetime.fromisoformat(row["arrived_at"]),
        number=row["number"],
    )


def waiting_candidates(
    conn: sqlite3.Connection, hall: str, day: str, service: str | None = None
) -> list[dispatch.Candidate]:
    sql = (
        "SELECT id, service, priority, arrived_at, number FROM tickets"
        " WHERE hall = ? AND business_day = ? AND status = 'waiting'"
    )
    args: tuple[str, ...] = (hall, day)
    if service is not None:
        sql, args = sql + " AND service = ?", (*args, service)
    return [candidate(row) for row in conn.execute(sql, args)]


def ahead_of(
    conn: sqlite3.Connection, district: District, hall: Hall, row: sqlite3.Row, now: datetime
) -> int:
    """People ahead in the ticket's service queue: `engine.dispatch.ahead_of`, counted in SQL.

    Same order as the engine (appointment, aged, green, normal; then arrival, then id) without
    loading the queue into Python; tests check the two agree.
    """
    if row["status"] != "waiting":
        return 0
    policy = policy_for(district, hall)
    aged_before = (
        stored(now - timedelta(minutes=policy.ageing_minutes), hall.timezone)
        if policy.ageing_minutes is not None
        else ""
    )
    tier = (
        "(CASE WHEN priority = 'appointment' THEN 0 WHEN arrived_at <= :aged THEN 2"
        " WHEN priority = 'green' AND :green THEN 3 ELSE 4 END)"
    )
    args = {
        "hall": row["hall"],
        "day": row["business_day"],
        "service": row["service"],
        "aged": aged_before,
        "green": int(policy.green_enabled),
        "arrived": row["arrived_at"],
        "id": row["id"],
    }
    mine = _tier(row["priority"], row["arrived_at"] <= aged_before, policy.green_enabled)
    found = conn.execute(
        f"SELECT COUNT(*) FROM tickets WHERE hall = :hall AND business_day = :day"
        f" AND status = 'waiting' AND service = :service AND ({tier} < :tier OR ({tier} = :tier"
        " AND (arrived_at < :arrived OR (arrived_at = :arrived AND id < :id))))",
        {**args, "tier": mine},
    ).fetchone()
    return int(found[0])


def _tier(priority: str, aged: bool, green_enabled: bool) -> int:
    if priority == "appointment":
        return 0
    if aged:
        return 2
    return 3 if priority == "green" and green_enabled else 4


def open_window_services(
    conn: sqlite3.Connection, hall: Hall, service: str | None = None
) -> list[tuple[str, ...]]:
    """The services of each open window of the hall (only windows serving `service`, if given).

    Every configured window has a row (`windows.seed`), so reading the few that are not open
    is enough.
    """
    rows = conn.execute("SELECT number FROM windows WHERE hall = ? AND state != 'open'", (hall.id,))
    shut = {number for (number,) in rows}
    windows = hall.windows if service is None else hall.windows_serving(service)
    return [w.services for w in windows if w.number not in shut]


def open_windows(conn: sqlite3.Connection, hall: Hall, service: str) -> int:
    """Open windows of the hall that serve the service."""
    return len(open_window_services(conn, hall, service))


def service_times(
    conn: sqlite3.Connection, district: District, hall: Hall, service: str, day: str
) -> eta_engine.ServiceTimes:
    rows = conn.execute(
        "SELECT started_at, finished_at FROM tickets WHERE hall = ? AND service = ?"
        " AND business_day = ? AND status = 'done' AND started_at IS NOT NULL"
        " ORDER BY finished_at DESC LIMIT 20",
        (hall.id, service, day),
    ).fetchall()
    durations = [
        (datetime.fromisoformat(r[1]) - datetime.fromisoformat(r[0])).total_seconds() / 60
        for r in reversed(rows)
    ]
    return eta_engine.ServiceTimes.from_durations(
        district.services[service].expected_minutes, durations
    )


def eta_minutes(
    conn: sqlite3.Connection,
    district: District,
    hall: Hall,
    service: str,
    ahead: int,
    day: str,
    waiting: dict[str, int] | None = None,
) -> int:
    """Estimated wait; with no open window, as if one were open (the contract wants an int)."""
    times = service_times(conn, district, hall, service, day)
    if waiting is None:
        waiting = waiting_counts(conn, hall.id, day)
    # Windows serving the same services add the same capacity: count each layout once.
    layouts = Counter(open_window_services(conn, hall, service))
    capacity = sum(
        count * eta_engine.window_capacity(service, [services], waiting)
        for services, count in layouts.items()
    )
    estimate = eta_engine.estimate_wait_minutes(ahead, capacity, times.minutes_per_ticket)
    if estimate is None:
        estimate = eta_engine.estimate_wait_minutes(ahead, 1, times.minutes_per_ticket) or 0
    return estimate


def ticket_view(
    conn: sqlite3.Connection,
    district: District,
    row: sqlite3.Row,
    now: datetime,
    *,
    with_token: bool = True,
    waiting: dict[str, int] | None = None,
) -> dict[str, Any]:
    """The contract's Ticket object with current `ahead` and `eta_minutes`.

    `waiting` (the hall's waiting counts, if the caller has them) saves a query.
    """
    hall = district.halls[row["hall"]]
    ahead = ahead_of(conn, district, hall, row, now)
    eta = 0
    if row["status"] == "waiting":
        day = row["business_day"]
        eta = eta_minutes(conn, district, hall, row["service"], ahead, day, waiting)
    return ticket_object(district, row, ahead=ahead, eta=eta, with_token=with_token)


def ticket_object(
    district: District, row: sqlite3.Row, *, ahead: int, eta: int, with_token: bool = True
) -> dict[str, Any]:
    hall = district.halls[row["hall"]]
    service = district.services[row["service"]]
    window = hall.window(row["window"]) if row["window"] is not None else None
    view: dict[str, Any] = {
        "id": row["id"],
        "number": row["number"],
        "hall": row["hall"],
        "service": row["service"],
        "service_name": {"zh": service.name.zh, "en": service.name.en},
        "status": row["status"],
        "priority": row["priority"],
        "source": row["source"],
        "ahead": ahead,
        "eta_minutes": eta,
        "window": row["window"],
        "window_label": window.label.zh if window else None,
        "holder": row["holder"],
        "id_masked": row["id_masked"],
        "issued_at": served(row["issued_at"]),
        "arrived_at": served(row["arrived_at"]),
        "called_at": served(row["called_at"]),
        "started_at": served(row["started_at"]),
        "finished_at": served(row["finished_at"]),
        "business_day": row["business_day"],
        "recall_count": row["recall_count"],
        "outcome": row["outcome"],
    }
    return add_token(view, row) if with_token else view


def add_token(view: dict[str, Any], row: sqlite3.Row) -> dict[str, Any]:
    view["token"] = row["token"]
    view["status_url"] = f"/t/{row['token']}"
    return view


def ticket_by_id(conn: sqlite3.Connection, ticket_id: int) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM tickets WHERE id = ?", (ticket_id,)
    ).fetchone()
    return row


def ticket_by_token(conn: sqlite3.Connection, token: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM tickets WHERE token = ?", (token,)
    ).fetchone()
    return row


def window_row(conn: sqlite3.Connection, hall: str, number: int) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM windows WHERE hall = ? AND number = ?", (hall, number)
    ).fetchone()
    return row


def window_view(
    conn: sqlite3.Connection, district: District, hall: Hall, row: sqlite3.Row, now: datetime
) -> dict[str, Any]:
    """The contract's Window object (current ticket included, without its token)."""
    config = hall.window(row["number"])
    current = ticket_by_id(conn, row["ticket_id"]) if row["ticket_id"] is not None else None
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
