"""Today's staffing advice of a hall: for each hour of the charts, the windows each service
needs to call the target share of citizens within the hall's target wait (Erlang C,
`engine.staffing`), against the windows at work. An hour gone by uses its own arrivals; the
hour under way and those to come use the service's mean rate per opening hour so far."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date, datetime, time
from typing import Any

from queue_server.engine import staffing
from queue_server.engine.district import District, Hall
from queue_server.engine.hours import periods_on
from queue_server.store import queries
from queue_server.store.timeutil import local

SHARE = 0.9  # the share of citizens to call within the hall's target wait
ARRIVALS = "SELECT service, arrived_at FROM tickets WHERE hall = ? AND business_day = ?"


def arrivals_by_service(conn: sqlite3.Connection, hall: Hall, day: str) -> dict[str, Counter[int]]:
    """Each service's arrivals today by local hour."""
    found: dict[str, Counter[int]] = {}
    for service, arrived in conn.execute(ARRIVALS, (hall.id, day)):
        hour = local(datetime.fromisoformat(arrived), hall.timezone).hour
        found.setdefault(service, Counter())[hour] += 1
    return found


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def open_hours_until(periods: list[tuple[time, time]], minute: int) -> float:
    """Opening hours from the day's start until `minute` (of the local day)."""
    spans = (min(_minutes(b), minute) - _minutes(a) for a, b in periods)
    return sum(max(0, span) for span in spans) / 60


def is_open_hour(periods: list[tuple[time, time]], hour: int) -> bool:
    return any(_minutes(a) < (hour + 1) * 60 and hour * 60 < _minutes(b) for a, b in periods)


def service_hours(
    counts: Counter[int], span: range, reached: int, rate_so_far: float, open_hours: set[int],
    mean_minutes: float, target: staffing.Target,
) -> list[dict[str, Any]]:  # fmt: skip
    """Per hour of `span`: the arrival rate used and the windows it needs (hours before
    `reached` from their arrivals, the others projected at `rate_so_far` while open)."""
    rows = []
    for hour in span:
        projected = hour >= reached
        rate = (rate_so_far if hour in open_hours else 0.0) if projected else counts[hour]
        rows.append({
            "hour": hour, "projected": projected, "arrivals_per_hour": round(rate, 1),
            "windows": staffing.servers_needed(rate, mean_minutes, target),
        })  # fmt: skip
    return rows


def at_work_by_hour(queue: list[dict[str, Any]], span: range) -> dict[int, int]:
    """The most windows at work at any sample of each hour (hours not reached are absent)."""
    found: dict[int, int] = {}
    for point in queue:
        hour = span.start + point["minute"] // 60
        if hour in span:
            found[hour] = max(found.get(hour, 0), point["serving"])
    return found


def staffing_today(
    conn: sqlite3.Connection, district: District, hall: Hall, now: datetime, span: range,
    queue: list[dict[str, Any]],
) -> dict[str, Any]:  # fmt: skip
    """`{"target_wait_minutes", "target_share", "services": [...], "hours": [...]}`: each
    service's windows needed per hour, and the hall's sum against the windows at work."""
    day = hall.business_day(now)
    calendar_day = date.fromisoformat(day)
    periods = periods_on(hall, calendar_day)
    moment = local(now, hall.timezone)
    after = moment.date() > calendar_day  # the business day is over: every hour is reached
    reached = span.stop if after else moment.hour
    elapsed = max(1.0, open_hours_until(periods, 24 * 60 if after else _minutes(moment.time())))
    open_hours = {hour for hour in span if is_open_hour(periods, hour)}
    target = staffing.Target(hall.target_wait_minutes, SHARE)
    services: list[dict[str, Any]] = []
    counts = arrivals_by_service(conn, hall, day)
    order = {code: i for i, code in enumerate(hall.services)}
    for code in sorted(counts, key=lambda c: (order.get(c, len(order)), c)):
        mean = queries.service_times(conn, district, hall, code, day).mean
        rate = sum(counts[code].values()) / elapsed
        name = district.services[code].name
        services.append({
            "service": code, "name": {"zh": name.zh, "en": name.en},
            "mean_service_minutes": round(mean, 1),
            "hours": service_hours(counts[code], span, reached, rate, open_hours, mean, target),
        })  # fmt: skip
    at_work = at_work_by_hour(queue, span)
    hours = [
        {"hour": hour, "projected": hour >= reached, "at_work": at_work.get(hour),
         "needed": sum(s["hours"][i]["windows"] for s in services)}
        for i, hour in enumerate(span)
    ]  # fmt: skip
    return {"target_wait_minutes": target.wait_minutes, "target_share": SHARE,
            "services": services, "hours": hours}  # fmt: skip
