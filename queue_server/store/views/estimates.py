"""People ahead of a ticket (counted in SQL with the engine's rules) and the estimated wait v2
(the hall's dispatch played forward by `engine.forecast` on the live state)."""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from queue_server.engine import balance, forecast, hours
from queue_server.engine import eta as eta_engine
from queue_server.engine.district import District, Hall
from queue_server.engine.states import Priority
from queue_server.store import queries
from queue_server.store.balancing import queue_loads
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


Estimate = tuple[int, tuple[int, int] | None]  # whole minutes, and the range if uncertain


def hall_forecast(
    conn: sqlite3.Connection,
    district: District,
    hall: Hall,
    now: datetime,
    day: str,
    newcomers: Sequence[str] = (),
    until: int | None = None,
) -> tuple[forecast.Forecast, dict[str, eta_engine.ServiceTimes]]:
    """The hall's dispatch played forward from its live state (`engine.forecast`)."""
    waiting = [
        queries.candidate(row)
        for row in conn.execute(
            "SELECT id, service, priority, arrived_at, number, slot_start FROM tickets"
            " WHERE hall = ? AND business_day = ? AND status = 'waiting'",
            (hall.id, day),
        )
    ]
    active = conn.execute(
        "SELECT w.number, t.service, t.status, t.called_at, t.started_at FROM windows w"
        " LEFT JOIN tickets t ON t.id = w.ticket_id WHERE w.hall = ? AND w.state = 'open'",
        (hall.id,),
    ).fetchall()
    needed = {c.service for c in waiting} | {r["service"] for r in active if r["service"]}
    rates = queries.arrival_rates(conn, hall, day, now)
    needed |= {code for code, _ in rates} | set(newcomers)
    times = queries.recent_service_times(conn, district, hall, needed, day)
    windows = [_open_window(hall, row, times, now) for row in active]
    policy = queries.policy_for(district, hall)
    loads = queue_loads(conn, hall, day, now)
    overloaded = balance.overloaded(loads, hall.target_wait_minutes, district.balancing)
    played = forecast.forecast(
        [w for w in windows if w is not None],
        waiting,
        times,
        now,
        policy,
        newcomers=newcomers,
        overloaded=overloaded,
        until=until,
        breaks=breaks_ahead(hall, now),
        arrivals=rates,
        open_for=open_for(hall, now),
    )
    return played, times


def open_for(hall: Hall, now: datetime) -> float:
    """Minutes until the hall's last opening period today ends (0 once it has closed)."""
    closes = hours.closes_today(hall, now)
    return max((closes - now).total_seconds() / 60, 0.0) if closes else 0.0


def breaks_ahead(hall: Hall, now: datetime) -> list[tuple[float, float]]:
    """Today's closed times between the hall's opening periods, in minutes from ``now``."""
    zone = ZoneInfo(hall.timezone)
    local = now.astimezone(zone)
    periods = hours.periods_on(hall, local.date())
    found = []
    for (_, closes), (opens, _) in zip(periods, periods[1:], strict=False):
        start = datetime.combine(local.date(), closes, tzinfo=zone)
        end = datetime.combine(local.date(), opens, tzinfo=zone)
        if end > local:
            found.append(((start - local).total_seconds() / 60, (end - local).total_seconds() / 60))
    return found


def _open_window(
    hall: Hall, row: sqlite3.Row, times: dict[str, eta_engine.ServiceTimes], now: datetime
) -> forecast.OpenWindow | None:
    config = hall.window(row["number"])
    if config is None:
        return None
    free_in = 0.0
    if row["service"] is not None and row["status"] in queries.ACTIVE:
        began = row["started_at"] or row["called_at"]
        served_for = (now - datetime.fromisoformat(began)).total_seconds() / 60
        free_in = forecast.remaining(times[row["service"]], served_for)
    return forecast.OpenWindow(row["number"], config.services, free_in)


def estimate_of(
    found: forecast.Estimate | None, ahead: int, times: eta_engine.ServiceTimes
) -> Estimate:
    """Whole minutes and range; with no open window, as if one were (the contract wants an int)."""
    if found is None:
        return eta_engine.estimate_wait_minutes(ahead, 1, times.mean) or 0, None
    minutes = math.ceil(found.minutes - 1e-9)
    return minutes, eta_engine.wait_range(found.minutes, found.before, found.cv)


def ticket_estimate(
    conn: sqlite3.Connection, district: District, hall: Hall, row: sqlite3.Row, now: datetime,
    ahead: int,
) -> Estimate:  # fmt: skip
    """A waiting ticket's estimated wait (and range)."""
    played, times = hall_forecast(conn, district, hall, now, row["business_day"], until=row["id"])
    return estimate_of(played.tickets.get(row["id"]), ahead, times[row["service"]])


def newcomer_estimates(
    conn: sqlite3.Connection,
    district: District,
    hall: Hall,
    now: datetime,
    day: str,
    waiting: dict[str, int],
    services: Sequence[str] | None = None,
) -> dict[str, Estimate]:
    """Each service's estimate for a ticket issued now (all the hall's, or ``services``)."""
    codes = list(hall.services if services is None else services)
    played, times = hall_forecast(conn, district, hall, now, day, codes)
    return {
        code: estimate_of(played.newcomers.get(code), waiting.get(code, 0), times[code])
        for code in codes
    }
