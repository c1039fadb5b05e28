"""Appointment slots of a hall, service and day, and what is still free in them. Pure.

Computed slots cut each opening period into `slot_minutes` pieces; each takes as many
bookings as the windows serving the service can serve in it, times `booking_share` (the rest
of their time stays for walk-ins):  windows × slot_minutes / expected_minutes × share, rounded
down. A configured slot table replaces them (only its slots inside the day's hours count).
Half-day caps (限号: slots starting before `noon` are the morning) and a daily cap limit the
sum of bookings on top of each slot's capacity.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from queue_server.engine.appointment_errors import BookingRefused
from queue_server.engine.booking import BookingRules

UNLIMITED = 1 << 30  # what a cap that is not set leaves


@dataclass(frozen=True)
class Slot:
    start: datetime  # aware, the hall's zone
    end: datetime
    capacity: int


@dataclass(frozen=True)
class Free:
    """A slot with its bookings and what may still be booked (after the caps)."""

    slot: Slot
    booked: int
    available: int


def day_slots(
    rules: BookingRules,
    day: date,
    periods: Sequence[tuple[time, time]],
    *,
    windows: int,
    expected_minutes: float,
    timezone: str,
) -> list[Slot]:
    """The day's slots, in order; none on a closed day or without a window serving it."""
    zone = ZoneInfo(timezone)
    if rules.slot_table:
        return [
            Slot(_at(day, row.start, zone), _at(day, row.end, zone), row.capacity)
            for row in rules.slot_table
            if any(start <= row.start and row.end <= end for start, end in periods)
        ]
    if windows <= 0:
        return []
    capacity = math.floor(windows * rules.slot_minutes / expected_minutes * rules.booking_share)
    if capacity <= 0:
        return []
    length = timedelta(minutes=rules.slot_minutes)
    found: list[Slot] = []
    for start, end in periods:
        moment, close = _at(day, start, zone), _at(day, end, zone)
        while moment + length <= close:
            found.append(Slot(moment, moment + length, capacity))
            moment += length
    return found


def _at(day: date, moment: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, moment, tzinfo=zone)


def is_morning(rules: BookingRules, slot: Slot) -> bool:
    return slot.start.timetz().replace(tzinfo=None) < rules.noon


def free(rules: BookingRules, slots: Sequence[Slot], booked: Mapping[datetime, int]) -> list[Free]:
    """Each slot with its bookings and what is left after its capacity and the caps."""
    morning = sum(booked.get(s.start, 0) for s in slots if is_morning(rules, s))
    total = sum(booked.get(s.start, 0) for s in slots)
    day_left = _left(rules.daily_cap, total)
    found = []
    for slot in slots:
        taken = booked.get(slot.start, 0)
        half_cap = rules.morning_cap if is_morning(rules, slot) else rules.afternoon_cap
        half_left = _left(half_cap, morning if is_morning(rules, slot) else total - morning)
        left = min(slot.capacity - taken, half_left, day_left)
        found.append(Free(slot, taken, max(0, left)))
    return found


def _left(cap: int | None, used: int) -> int:
    return UNLIMITED if cap is None else cap - used


def check_room(rules: BookingRules, slots: Sequence[Slot], booked: Mapping[datetime, int],
               start: datetime) -> Slot:  # fmt: skip
    """The slot starting at `start` if one more booking fits; BookingRefused naming the limit."""
    for entry in free(rules, slots, booked):
        if entry.slot.start == start:
            if entry.available > 0:
                return entry.slot
            raise _full(rules, slots, booked, entry)
    raise BookingRefused.no_such_slot(start)


def _full(
    rules: BookingRules, slots: Sequence[Slot], booked: Mapping[datetime, int], entry: Free
) -> BookingRefused:
    """Which limit is reached: the slot's own capacity first, then the half day, then the day."""
    if entry.booked >= entry.slot.capacity:
        return BookingRefused.full("slot_full", "该时段", "slot")
    total = sum(booked.values())
    if rules.daily_cap is not None and total >= rules.daily_cap:
        return BookingRefused.full("day_full", "当日", "day")
    if is_morning(rules, entry.slot):
        return BookingRefused.full("morning_full", "上午", "morning")
    return BookingRefused.full("afternoon_full", "下午", "afternoon")
