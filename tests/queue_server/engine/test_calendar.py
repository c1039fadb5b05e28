"""The working-day calendar: 2026's arrangement, make-up Saturdays, hall exceptions, hours."""

from __future__ import annotations

import logging
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from queue_server.config_booking import BUNDLED_CALENDAR, load_calendar, warn_if_provisional
from queue_server.config_loader import load_district
from queue_server.engine import hours
from queue_server.engine.calendar import HallDays

CALENDAR = load_calendar(BUNDLED_CALENDAR)
ZONE = ZoneInfo("Asia/Shanghai")


def test_2026_spring_festival_is_off_and_its_make_up_saturdays_are_worked() -> None:
    assert not CALENDAR.is_working_day(date(2026, 2, 16))  # Monday inside 春节
    assert CALENDAR.is_working_day(date(2026, 2, 14))  # Saturday, 调休
    assert CALENDAR.is_working_day(date(2026, 2, 28))
    assert not CALENDAR.is_working_day(date(2026, 2, 21))  # an ordinary Saturday inside it
    assert CALENDAR.is_working_day(date(2026, 2, 24))


def test_both_years_are_shipped_and_2027_is_marked_provisional() -> None:
    assert {2026, 2027} <= CALENDAR.years
    assert 2027 in CALENDAR.provisional and 2026 not in CALENDAR.provisional
    assert not CALENDAR.is_working_day(date(2027, 10, 1))


def test_horizon_counts_working_days_across_the_holiday_and_its_make_up_saturday() -> None:
    days = HallDays(CALENDAR)
    # Thursday 12 February 2026: Fri 13, Sat 14 (调休), then 春节 until Mon 23, then Tue 24
    assert days.working_days_ahead(date(2026, 2, 12), date(2026, 2, 13)) == 1
    assert days.working_days_ahead(date(2026, 2, 12), date(2026, 2, 14)) == 2
    assert days.working_days_ahead(date(2026, 2, 12), date(2026, 2, 16)) is None
    assert days.working_days_ahead(date(2026, 2, 12), date(2026, 2, 24)) == 3
    assert days.working_days_ahead(date(2026, 2, 12), date(2026, 2, 12)) == 0  # today
    assert days.working_days_ahead(date(2026, 2, 12), date(2026, 2, 11)) is None  # past


def test_hall_exceptions_close_a_weekday_and_open_a_saturday() -> None:
    days = HallDays(CALENDAR, closed=frozenset({date(2026, 3, 3)}), opened={date(2026, 3, 7)})  # type: ignore[arg-type]
    assert not days.is_working_day(date(2026, 3, 3))
    assert days.is_working_day(date(2026, 3, 7))
    assert days.working_days_ahead(date(2026, 3, 2), date(2026, 3, 4)) == 1


def test_hours_follow_the_calendar() -> None:
    hall = load_district().halls["qixia"]
    at = lambda d, h: datetime.combine(d, time(h), tzinfo=ZONE)  # noqa: E731
    assert not hours.is_open(hall, at(date(2026, 2, 16), 10))  # holiday Monday
    assert hours.is_open(hall, at(date(2026, 2, 14), 10))  # make-up Saturday: weekday hours
    assert not hours.is_open(hall, at(date(2026, 2, 21), 10))
    assert hours.next_opening(hall, at(date(2026, 2, 14), 18)) == at(date(2026, 2, 24), 9)


def test_a_provisional_year_in_reach_is_warned_about(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        assert warn_if_provisional(CALENDAR, date(2026, 6, 1)) == []
        assert warn_if_provisional(CALENDAR, date(2026, 12, 2)) == [2027]
    assert "2027" in caplog.text and "provisional" in caplog.text
