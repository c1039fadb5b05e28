"""People ahead of a ticket and the estimated wait, counted in SQL with the engine's rules."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import datetime, timedelta

from queue_server.engine import eta as eta_engine
from queue_server.engine.district import District, Hall
from queue_server.engine.states import Priority
from queue_server.store import queries
from queue_server.store.timeutil import stored


def ahead_of(
    conn: sqlite3.Connection, district: District, hall: Hall, row: sqlite3.Row, now: datetime
) -> int:
    """People ahead in the ticket's service queue: `engine.dispatch.ahead_of`, counted in SQL.

    Same order as the engine (started appointment, aged, green, normal, appointment before its
    slot; then arrival, then id) without loading the queue into Python; tests check the two
    agree.
    """
    if row["status"] != "waiting":
        return 0
    policy = queries.policy_for(district, hall)
    aged_before = (
        stored(now - timedelta(minutes=policy.ageing_minutes), hall.timezone)
        if policy.ageing_minutes is not None
        else ""
    )
    started_by = stored(now + timedelta(minutes=policy.appointment_lead_minutes), hall.timezone)
    tier = (
        "(CASE WHEN priority = 'appointment' THEN"
        " (CASE WHEN slot_start IS NULL OR slot_start <= :started THEN 0 ELSE 5 END)"
        " WHEN arrived_at <= :aged THEN 2 WHEN priority = 'green' AND :green THEN 3 ELSE 4 END)"
    )
    args = {
        "hall": row["hall"],
        "day": row["business_day"],
        "service": row["service"],
        "aged": aged_before,
        "green": int(policy.green_enabled),
        "arrived": row["arrived_at"],
        "id": row["id"],
        "started": started_by,
    }
    mine = _tier(row["priority"], row["arrived_at"] <= aged_before, policy.green_enabled)
    if mine == 0 and row["slot_start"] is not None and row["slot_start"] > started_by:
        mine = 5  # an appointment before its slot: served only when nobody else waits
    found = conn.execute(
        f"SELECT COUNT(*) FROM tickets WHERE hall = :hall AND business_day = :day"
        f" AND status = 'waiting' AND service = :service AND ({tier} < :tier OR ({tier} = :tier"
        " AND (arrived_at < :arrived OR (arrived_at = :arrived AND id < :id))))",
        {**args, "tier": mine},
    ).fetchone()
    return int(found[0])


def _tier(priority: str, aged: bool, green_enabled: bool) -> int:
    if priority == Priority.APPOINTMENT:
        return 0
    if aged:
        return 2
    return 3 if priority == Priority.GREEN and green_enabled else 4


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
    times = queries.service_times(conn, district, hall, service, day)
    if waiting is None:
        waiting = queries.waiting_counts(conn, hall.id, day)
    # Windows serving the same services add the same capacity: count each layout once.
    layouts = Counter(queries.open_window_services(conn, hall, service))
    capacity = sum(
        count * eta_engine.window_capacity(service, [services], waiting)
        for services, count in layouts.items()
    )
    estimate = eta_engine.estimate_wait_minutes(ahead, capacity, times.minutes_per_ticket)
    if estimate is None:
        estimate = eta_engine.estimate_wait_minutes(ahead, 1, times.minutes_per_ticket) or 0
    return estimate
