"""Opening hours: is a hall open now, and when does it open next (in the hall's time zone).

The hall's working-day calendar (`Hall.days`) decides which hours apply on a date: none on a
holiday or a day the hall is closed, weekday hours on a make-up working day (调休)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from queue_server.engine.district import Hall

_LOOKAHEAD_DAYS = 14


def periods_on(hall: Hall, day: date) -> list[tuple[time, time]]:
    """The hall's opening periods on `day`, in order: (open, close) local times."""
    weekday = hall.days.hours_weekday(day)
    if weekday is None:
        return []
    return sorted((p.open, p.close) for p in hall.hours if weekday in p.weekdays)


def is_open(hall: Hall, now: datetime) -> bool:
    """True if ``now`` (aware) falls inside one of the hall's opening periods."""
    local = now.astimezone(ZoneInfo(hall.timezone))
    moment = local.time().replace(tzinfo=None)
    return any(start <= moment < end for start, end in periods_on(hall, local.date()))


def opened_today(hall: Hall, now: datetime) -> datetime | None:
    """When the hall first opened today, if it has by ``now`` (in the hall's zone)."""
    zone = ZoneInfo(hall.timezone)
    local = now.astimezone(zone)
    periods = periods_on(hall, local.date())
    if not periods:
        return None
    opened = datetime.combine(local.date(), periods[0][0], tzinfo=zone)
    return opened if opened <= local else None


def closes_today(hall: Hall, now: datetime) -> datetime | None:
    """When the hall's last opening period today ends (in the hall's zone); None if it does
    not open today."""
    zone = ZoneInfo(hall.timezone)
    local = now.astimezone(zone)
    periods = periods_on(hall, local.date())
    return datetime.combine(local.date(), periods[-1][1], tzinfo=zone) if periods else None


def next_opening(hall: Hall, now: datetime) -> datetime | None:
    """The start of the next opening period after ``now``, in the hall's zone; None if none."""
    zone = ZoneInfo(hall.timezone)
    local = now.astimezone(zone)
    for offset in range(_LOOKAHEAD_DAYS + 1):
        day = (local + timedelta(days=offset)).date()
        for start, _ in periods_on(hall, day):
            moment = datetime.combine(day, start, tzinfo=zone)
            if moment > local:
                return moment
    return None
