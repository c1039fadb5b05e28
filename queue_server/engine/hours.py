"""Opening hours: is a hall open now, and when does it open next (in the hall's time zone)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from queue_server.engine.district import Hall

_LOOKAHEAD_DAYS = 14


def is_open(hall: Hall, now: datetime) -> bool:
    """True if ``now`` (aware) falls inside one of the hall's opening periods."""
    local = now.astimezone(ZoneInfo(hall.timezone))
    moment = local.time().replace(tzinfo=None)
    return any(
        local.weekday() in period.weekdays and period.open <= moment < period.close
        for period in hall.hours
    )


def next_opening(hall: Hall, now: datetime) -> datetime | None:
    """The start of the next opening period after ``now``, in the hall's zone; None if none."""
    zone = ZoneInfo(hall.timezone)
    local = now.astimezone(zone)
    for offset in range(_LOOKAHEAD_DAYS + 1):
        day = (local + timedelta(days=offset)).date()
        starts = sorted(
            datetime.combine(day, period.open, tzinfo=zone)
            for period in hall.hours
            if day.weekday() in period.weekdays
        )
        for start in starts:
            if start > local:
                return start
    return None
