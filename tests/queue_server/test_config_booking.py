"""`[booking]` settings and calendar files: layered rules, and bad values named by file and key."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from queue_server.config_booking import load_calendar
from queue_server.engine.errors import ConfigError
from tests.queue_server.test_config_errors import BASE, fails, load

BOOKING = """
[booking]
max_days_ahead = 10
[booking.services.HJ01]
slot_minutes = 20
slot_table = [{ start = "09:00", end = "09:20", capacity = 3 }]

[halls.h1.booking]
morning_cap = 8
[halls.h1.booking.services.HJ01]
daily_cap = 12

[halls.h1.calendar]
closed = ["2026-12-24"]
open = [2026-12-26]
"""


def test_booking_layers_and_hall_calendar_are_read(tmp_path: Path) -> None:
    district = load(tmp_path, BASE + BOOKING)
    rules = district.booking.rules("h1", "HJ01")
    assert (rules.max_days_ahead, rules.slot_minutes, rules.morning_cap, rules.daily_cap) == (
        10, 20, 8, 12,
    )  # fmt: skip
    assert rules.slot_table[0].start == time(9) and rules.slot_table[0].capacity == 3
    days = district.halls["h1"].days
    assert not days.is_working_day(date(2026, 12, 24)) and days.is_working_day(date(2026, 12, 26))


@pytest.mark.parametrize(
    ("extra", "key", "fragment"),
    [
        ("[booking]\nmax_days = 3\n", "booking.max_days", "unknown key"),
        ("[booking]\nbooking_share = 1.5\n", "booking.booking_share", "between 0 and 1"),
        ("[booking.services.XX99]\ndaily_cap = 3\n", "booking.services.XX99", "unknown service"),
        ('[booking]\nnoon = "noon"\n', "booking.noon", "a time like"),
        ('[halls.h1.calendar]\nclosed = ["24.12.2026"]\n', "halls.h1.calendar.closed[0]", "a date"),
    ],
)
def test_a_bad_booking_value_names_the_key(
    tmp_path: Path, extra: str, key: str, fragment: str
) -> None:
    fails(tmp_path, BASE + extra, key, fragment)


def test_a_calendar_file_must_name_its_own_year(tmp_path: Path) -> None:
    (tmp_path / "2030.toml").write_text("year = 2031\nholidays = []\nworkdays = []\n")
    with pytest.raises(ConfigError, match="does not match the file name"):
        load_calendar(tmp_path)


def test_calendar_dir_is_relative_to_the_district_file(tmp_path: Path) -> None:
    (tmp_path / "cal").mkdir()
    (tmp_path / "cal" / "2030.toml").write_text(
        "year = 2030\nworkdays = []\n"
        'holidays = [{ name = "x", from = "2030-01-01", to = "2030-01-02" }]\n'
    )
    district = load(tmp_path, BASE + '\n[calendar]\ndir = "cal"\n')
    assert not district.halls["h1"].days.is_working_day(date(2030, 1, 2))
    assert district.halls["h1"].days.is_working_day(date(2026, 2, 16))  # not the bundled one
