"""Booking rules for appointments, per hall and service, and the checks they make. Pure.

Defaults follow deployed hall systems (see the README, "Booking settings"): bookable 1 to 5
working days ahead, closing 10 minutes before the slot, one booking per ID per service per day,
cancellation up to 2 hours before, check-in from 30 minutes before to 15 minutes after the
start, no-show 30 minutes after the start, and 3 no-shows in 30 days ban an ID for 30 days.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from queue_server.engine.appointment_errors import BookingRefused, TooEarly, TooLate
from queue_server.engine.calendar import HallDays


@dataclass(frozen=True)
class SlotRow:
    """One row of a configured slot table: a slot's local times and its capacity."""

    start: time
    end: time
    capacity: int


@dataclass(frozen=True)
class BookingRules:
    min_days_ahead: int = 1  # working days: 1 = from the next working day on
    max_days_ahead: int = 5
    closes_minutes: int = 10  # booking closes this long before the slot
    per_id_per_day: int = 1  # bookings per ID number per service per day
    cancel_minutes: int = 120  # cancelling allowed until this long before the slot
    check_in_before_minutes: int = 30
    check_in_after_minutes: int = 15
    no_show_minutes: int = 30  # not checked in this long after the start: no-show
    ban_no_shows: int = 3  # this many no-shows ...
    ban_window_days: int = 30  # ... within this many days ...
    ban_days: int = 30  # ... ban the ID from booking this long
    slot_minutes: int = 30
    booking_share: float = 0.5  # share of the windows' capacity kept for bookings
    morning_cap: int | None = None  # 限号: bookings per morning (slots starting before noon)
    afternoon_cap: int | None = None
    daily_cap: int | None = None
    noon: time = time(12, 0)
    slot_table: tuple[SlotRow, ...] = ()  # configured slots instead of computed ones

    def check_in_opens(self, slot_start: datetime) -> datetime:
        return slot_start - timedelta(minutes=self.check_in_before_minutes)

    def check_in_closes(self, slot_start: datetime) -> datetime:
        return slot_start + timedelta(minutes=self.check_in_after_minutes)

    def no_show_at(self, slot_start: datetime) -> datetime:
        return slot_start + timedelta(minutes=self.no_show_minutes)


RULE_FIELDS = tuple(f.name for f in dataclasses.fields(BookingRules))


@dataclass(frozen=True)
class BookingBook:
    """The rules of every hall and service: overrides on top of the defaults, the most specific
    last (district, service, hall, hall and service)."""

    district: Mapping[str, Any] = field(default_factory=dict)
    services: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    halls: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    hall_services: Mapping[tuple[str, str], Mapping[str, Any]] = field(default_factory=dict)

    def rules(self, hall: str, service: str) -> BookingRules:
        layers = (
            self.district,
            self.services.get(service, {}),
            self.halls.get(hall, {}),
            self.hall_services.get((hall, service), {}),
        )
        merged: dict[str, Any] = {}
        for layer in layers:
            merged.update(layer)
        return BookingRules(**merged)


def check_bookable(
    rules: BookingRules, days: HallDays, *, today: date, now: datetime, slot_start: datetime
) -> None:
    """Raise BookingRefused unless a slot starting at `slot_start` may be booked at `now`."""
    ahead = days.working_days_ahead(today, slot_start.date())
    if ahead is None or not rules.min_days_ahead <= ahead <= rules.max_days_ahead:
        raise BookingRefused.outside_horizon(rules.min_days_ahead, rules.max_days_ahead)
    if now > slot_start - timedelta(minutes=rules.closes_minutes):
        raise BookingRefused.closed(rules.closes_minutes)


def check_cancellable(rules: BookingRules, *, now: datetime, slot_start: datetime) -> None:
    if now > slot_start - timedelta(minutes=rules.cancel_minutes):
        raise BookingRefused.cancel_closed(rules.cancel_minutes)


def check_in_window(rules: BookingRules, *, now: datetime, slot_start: datetime) -> None:
    """Raise TooEarly (with when it opens) or TooLate outside the check-in window."""
    opens = rules.check_in_opens(slot_start)
    if now < opens:
        raise TooEarly(opens)
    if now > rules.check_in_closes(slot_start):
        raise TooLate(slot_start)


def is_banned(rules: BookingRules, no_shows: list[datetime], now: datetime) -> datetime | None:
    """Until when an ID is banned, given its no-show times; None if it may book.

    A ban starts at the no-show that made `ban_no_shows` within `ban_window_days`."""
    window = timedelta(days=rules.ban_window_days)
    ordered = sorted(no_shows)
    need = rules.ban_no_shows
    for last in range(need - 1, len(ordered)):
        if ordered[last] - ordered[last - need + 1] <= window:
            until = ordered[last] + timedelta(days=rules.ban_days)
            if until > now:
                return until
    return None
