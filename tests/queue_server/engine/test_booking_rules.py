"""Booking rules: horizon, closing, cancellation, check-in window, ban; slots and caps."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from queue_server.config_booking import BUNDLED_CALENDAR, load_calendar
from queue_server.engine import booking, slots
from queue_server.engine.appointment_errors import BookingRefused, TooEarly, TooLate
from queue_server.engine.booking import BookingBook, BookingRules, SlotRow
from queue_server.engine.calendar import HallDays

ZONE = ZoneInfo("Asia/Shanghai")
DAYS = HallDays(load_calendar(BUNDLED_CALENDAR))
RULES = BookingRules()
PERIODS = [(time(9), time(12)), (time(13, 30), time(17))]


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZONE)


def refusal(call: object, *args: object, **kw: object) -> str:
    with pytest.raises(BookingRefused) as caught:
        call(*args, **kw)  # type: ignore[operator]
    return caught.value.code


def test_horizon_is_one_to_five_working_days() -> None:
    today, now = date(2026, 2, 12), at(date(2026, 2, 12), 10)
    booking.check_bookable(RULES, DAYS, today=today, now=now, slot_start=at(date(2026, 2, 14), 9))
    # the fifth working day after Thu 12 Feb: Fri 13, Sat 14, Tue 24, Wed 25, Thu 26
    booking.check_bookable(RULES, DAYS, today=today, now=now, slot_start=at(date(2026, 2, 26), 9))
    for day in (date(2026, 2, 12), date(2026, 2, 16), date(2026, 2, 27)):
        start = at(day, 16)
        assert (
            refusal(booking.check_bookable, RULES, DAYS, today=today, now=now, slot_start=start)
            == "outside_horizon"
        )


def test_booking_closes_ten_minutes_before_the_slot() -> None:
    rules = BookingRules(min_days_ahead=0)
    today, start = date(2026, 3, 2), at(date(2026, 3, 3), 9)
    days = HallDays(DAYS.calendar)
    booking.check_bookable(
        rules, days, today=today, now=start - timedelta(minutes=10), slot_start=start
    )
    code = refusal(
        booking.check_bookable,
        rules,
        days,
        today=today,
        now=start - timedelta(minutes=9),
        slot_start=start,
    )
    assert code == "booking_closed"


def test_cancellation_up_to_two_hours_before() -> None:
    start = at(date(2026, 3, 3), 11)
    booking.check_cancellable(RULES, now=start - timedelta(hours=2), slot_start=start)
    assert (
        refusal(
            booking.check_cancellable, RULES, now=start - timedelta(minutes=119), slot_start=start
        )
        == "cancel_closed"
    )


def test_check_in_window_from_30_before_to_15_after() -> None:
    start = at(date(2026, 3, 3), 10)
    booking.check_in_window(RULES, now=start - timedelta(minutes=30), slot_start=start)
    booking.check_in_window(RULES, now=start + timedelta(minutes=15), slot_start=start)
    with pytest.raises(TooEarly) as early:
        booking.check_in_window(RULES, now=start - timedelta(minutes=31), slot_start=start)
    assert early.value.extra["opens_at"] == (start - timedelta(minutes=30)).isoformat()
    with pytest.raises(TooLate) as late:
        booking.check_in_window(RULES, now=start + timedelta(minutes=16), slot_start=start)
    assert late.value.http_status == 410


def test_three_no_shows_in_30_days_ban_for_30_days() -> None:
    now = at(date(2026, 3, 31), 9)
    two = [now - timedelta(days=20), now - timedelta(days=5)]
    assert booking.is_banned(RULES, two, now) is None
    three = [*two, now - timedelta(days=1)]
    assert booking.is_banned(RULES, three, now) == three[-1] + timedelta(days=30)
    spread = [now - timedelta(days=70), now - timedelta(days=35), now - timedelta(days=1)]
    assert booking.is_banned(RULES, spread, now) is None
    assert booking.is_banned(RULES, three, three[-1] + timedelta(days=30, seconds=1)) is None


def test_rules_are_layered_district_service_hall_hall_service() -> None:
    book = BookingBook(
        district={"max_days_ahead": 10},
        services={"HJ01": {"slot_minutes": 20}},
        halls={"qixia": {"max_days_ahead": 3}},
        hall_services={("qixia", "HJ01"): {"daily_cap": 7}},
    )
    rules = book.rules("qixia", "HJ01")
    assert (rules.max_days_ahead, rules.slot_minutes, rules.daily_cap) == (3, 20, 7)
    assert book.rules("other", "SB01").max_days_ahead == 10
    assert book.rules("other", "SB01").cancel_minutes == BookingRules().cancel_minutes


def test_computed_slots_keep_a_share_for_walk_ins() -> None:
    day = date(2026, 3, 3)
    found = slots.day_slots(
        RULES, day, PERIODS, windows=3, expected_minutes=15, timezone="Asia/Shanghai"
    )
    assert [s.start for s in found[:2]] == [at(day, 9), at(day, 9, 30)]
    assert len(found) == 6 + 7  # 09:00-12:00 and 13:30-17:00 in 30-minute slots
    assert {s.capacity for s in found} == {3 * 30 // 15 // 2}
    assert (
        slots.day_slots(RULES, day, [], windows=3, expected_minutes=15, timezone="Asia/Shanghai")
        == []
    )


def test_slot_table_and_half_day_and_daily_caps() -> None:
    day = date(2026, 3, 3)
    table = (
        SlotRow(time(9), time(10), 4),
        SlotRow(time(14), time(15), 4),
        SlotRow(time(18), time(19), 9),
    )
    rules = BookingRules(slot_table=table, morning_cap=3, daily_cap=5)
    found = slots.day_slots(
        rules, day, PERIODS, windows=1, expected_minutes=99, timezone="Asia/Shanghai"
    )
    assert [(s.start.hour, s.capacity) for s in found] == [(9, 4), (14, 4)]  # 18:00 is closed
    booked = {at(day, 9): 3}
    assert [f.available for f in slots.free(rules, found, booked)] == [0, 2]
    with pytest.raises(BookingRefused) as morning:
        slots.check_room(rules, found, booked, at(day, 9))
    assert morning.value.code == "morning_full"
    booked[at(day, 14)] = 2
    with pytest.raises(BookingRefused) as whole_day:
        slots.check_room(rules, found, booked, at(day, 14))
    assert whole_day.value.code == "day_full"
    assert slots.check_room(rules, found, {}, at(day, 14)).capacity == 4
    with pytest.raises(BookingRefused) as none:
        slots.check_room(rules, found, {}, at(day, 9, 30))
    assert none.value.code == "no_such_slot"
