"""The time formats stored and served, in the hall's time zone."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo


@lru_cache(maxsize=32)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local(moment: datetime, tz: str) -> datetime:
    """`moment` in the hall's time zone (naive values are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone(tz))


def stored(moment: datetime, tz: str) -> str:
    """The stored form: local time with offset and microseconds, so text order is time order."""
    return local(moment, tz).isoformat(timespec="microseconds")


def served(value: str | None) -> str | None:
    """The served form: seconds precision with offset (`2026-11-28T09:05:00+08:00`)."""
    if value is None:
        return None
    return datetime.fromisoformat(value).isoformat(timespec="seconds")
