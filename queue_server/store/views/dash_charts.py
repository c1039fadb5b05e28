"""Today's charts of a hall, from its tickets: arrivals and waits by hour, and the queue's
length (with the windows at work) over the day. Waits are arrival → call; a ticket still
waiting counts its wait so far, so a jam shows while it lasts."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from queue_server.engine.district import Hall
from queue_server.engine.hours import periods_on
from queue_server.store.timeutil import local

STEP = timedelta(minutes=15)  # the queue-length curve's sampling step
TicketTimes = tuple[datetime, datetime | None, datetime | None, datetime | None]


def _at(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


# (arrived, left the queue, called, done with): a ticket still waiting has not left, one
# cancelled while waiting left when it ended; one called is at a window until it is finished
# (or, finished without a time, at its call).
TIMES = (
    "SELECT arrived_at,"
    " COALESCE(called_at, CASE WHEN status != 'waiting' THEN COALESCE(finished_at, arrived_at)"
    " END), called_at,"
    " CASE WHEN status IN ('called', 'serving') THEN NULL ELSE COALESCE(finished_at, called_at)"
    " END FROM tickets WHERE hall = ? AND business_day = ? ORDER BY arrived_at"
)


def ticket_times(conn: sqlite3.Connection, hall: Hall, day: str) -> list[TicketTimes]:
    rows = conn.execute(TIMES, (hall.id, day)).fetchall()
    return [(datetime.fromisoformat(a), _at(b), _at(c), _at(d)) for a, b, c, d in rows]


def hour_span(hall: Hall, day: date, times: list[TicketTimes], now: datetime) -> range:
    """The hours the charts cover: the day's opening hours, widened to every arrival."""
    hours = [local(t[0], hall.timezone).hour for t in times]
    for opening, closing in periods_on(hall, day):
        hours += [opening.hour, closing.hour - (0 if closing.minute else 1)]
    if not hours:
        hours = [local(now, hall.timezone).hour]
    return range(min(hours), max(hours) + 1)


def by_hour(
    hall: Hall, times: list[TicketTimes], span: range, now: datetime
) -> list[dict[str, Any]]:
    """Per hour of arrival: how many came, and their mean wait in minutes (None: nobody)."""
    rows: dict[int, list[float]] = {hour: [] for hour in span}
    for arrived, left, _, _ in times:
        wait = ((left or now) - arrived).total_seconds() / 60
        rows.setdefault(local(arrived, hall.timezone).hour, []).append(max(0.0, wait))
    return [
        {"hour": hour, "arrivals": len(waits),
         "mean_wait_minutes": round(sum(waits) / len(waits), 1) if waits else None}
        for hour, waits in sorted(rows.items())
    ]  # fmt: skip


def queue_over_time(
    hall: Hall, day: date, times: list[TicketTimes], span: range, now: datetime
) -> list[dict[str, Any]]:
    """Every STEP from the first hour to now (or the span's end): people waiting, windows at
    work (a ticket between its call and its finish)."""
    zone = local(now, hall.timezone).tzinfo
    moment = datetime.combine(day, time(span.start), zone)
    end = min(now, datetime.combine(day, time(span.stop - 1), zone) + timedelta(hours=1))
    first, points = moment, []
    while moment <= end:
        points.append(_sample(times, moment, first, zone))
        moment += STEP
    if points and end > moment - STEP:  # the last point is now (or the day's end)
        points.append(_sample(times, end, first, zone))
    return points


def _sample(
    times: list[TicketTimes], moment: datetime, first: datetime, zone: tzinfo | None
) -> dict[str, Any]:
    """People waiting and windows at work at `moment` (`minute`: since the chart's start)."""
    waiting = sum(1 for a, left, _, _ in times if a <= moment and (left is None or left > moment))
    working = sum(
        1 for _, _, called, done in times
        if called is not None and called <= moment and (done is None or done > moment)
    )  # fmt: skip
    return {
        "at": moment.astimezone(zone).strftime("%H:%M"),
        "minute": int((moment - first).total_seconds() // 60),
        "waiting": waiting,
        "serving": working,
    }


def charts_today(conn: sqlite3.Connection, hall: Hall, now: datetime) -> dict[str, Any]:
    """`{"by_hour": [...], "queue": [...]}` of the hall's business day."""
    day = hall.business_day(now)
    times = ticket_times(conn, hall, day)
    calendar_day = date.fromisoformat(day)
    span = hour_span(hall, calendar_day, times, now)
    return {
        "by_hour": by_hour(hall, times, span, now),
        "queue": queue_over_time(hall, calendar_day, times, span, now),
    }
