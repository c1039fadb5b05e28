"""The working-day calendar: national holidays, make-up working days (调休) and per-hall
exceptions. Pure: the files are read by `config_booking`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

WEEKEND = (5, 6)


@dataclass(frozen=True)
class WorkCalendar:
    """The national calendar of some years: days off and weekend days that are worked."""

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()  # 调休: a Saturday or Sunday worked
    years: frozenset[int] = frozenset()
    provisional: frozenset[int] = frozenset()  # years with statutory holidays only

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() not in WEEKEND and day not in self.holidays


@dataclass(frozen=True)
class HallDays:
    """One hall's working days: the national calendar with the hall's own closed and open days."""

    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    closed: frozenset[date] = frozenset()  # e.g. a hall closed for works
    opened: frozenset[date] = frozenset()  # e.g. a hall open on a Saturday

    def is_working_day(self, day: date) -> bool:
        if day in self.closed:
            return False
        return day in self.opened or self.calendar.is_working_day(day)

    def hours_weekday(self, day: date) -> int | None:
        """Whose opening hours apply on `day` (0 = Monday's; None: closed): a holiday has none,
        a weekend day worked (调休, or the hall's own open day) has Monday's."""
        if day in self.closed or day in self.calendar.holidays and day not in self.opened:
            return None
        if day in self.calendar.workdays or day in self.opened and day.weekday() in WEEKEND:
            return 0
        return day.weekday()

    def working_days_after(self, day: date) -> Iterator[date]:
        """The working days after `day`, in order (a year without one would loop: bounded)."""
        for offset in range(1, 367):
            candidate = day + timedelta(days=offset)
            if self.is_working_day(candidate):
                yield candidate

    def working_days_ahead(self, today: date, day: date) -> int | None:
        """How many working days `day` lies after `today` (0 = today, 1 = the next one); None
        if `day` is not a working day or is past."""
        if day < today or not self.is_working_day(day):
            return None
        if day == today:
            return 0
        for count, candidate in enumerate(self.working_days_after(today), start=1):
            if candidate == day:
                return count
        return None
