"""Ticket numbers and the business day in Asia/Shanghai."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from queue_server.engine.numbering import (
    MAX_OFFLINE_SEQ,
    MAX_SEQ_DIGITS,
    ParsedNumber,
    business_day,
    format_number,
    is_offline_number,
    is_valid_prefix,
    offline_number,
    parse_number,
)

UTC = UTC


def test_business_day_rolls_over_at_shanghai_midnight() -> None:
    # 16:00 UTC is 00:00 the next day in Asia/Shanghai (UTC+8, no DST)
    assert business_day(datetime(2026, 11, 28, 15, 59, 59, tzinfo=UTC)) == date(2026, 11, 28)
    assert business_day(datetime(2026, 11, 28, 16, 0, 0, tzinfo=UTC)) == date(2026, 11, 29)


def test_business_day_uses_the_given_zone() -> None:
    moment = datetime(2026, 11, 28, 16, 30, tzinfo=UTC)
    assert business_day(moment, "Asia/Shanghai") == date(2026, 11, 29)
    assert business_day(moment, "UTC") == date(2026, 11, 28)
    local = datetime(2026, 11, 29, 0, 0, 1, tzinfo=timezone(timedelta(hours=8)))
    assert business_day(local) == date(2026, 11, 29)


def test_business_day_rejects_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="aware"):
        business_day(datetime(2026, 11, 28, 12, 0))


@pytest.mark.parametrize(
    ("prefix", "seq", "number"),
    [
        ("A", 1, "A001"),
        ("A", 42, "A042"),
        ("A", 999, "A999"),
        ("A", 1000, "A1000"),
        ("AB", 7, "AB007"),
        ("ZB", 12345, "ZB12345"),
    ],
)
def test_format_number(prefix: str, seq: int, number: str) -> None:
    assert format_number(prefix, seq) == number
    assert parse_number(number) == ParsedNumber(prefix, seq, None)


def test_numbers_after_999_stay_unique_and_sorted_by_length() -> None:
    numbers = [format_number("A", n) for n in range(995, 1005)]
    assert numbers[4:6] == ["A999", "A1000"]
    assert len(set(numbers)) == len(numbers)


@pytest.mark.parametrize("bad", [0, -1])
def test_format_number_rejects_non_positive_sequences(bad: int) -> None:
    with pytest.raises(ValueError):
        format_number("A", bad)


@pytest.mark.parametrize("prefix", ["", "a", "ABC", "K", "AK", "KA", "A1"])
def test_bad_prefixes(prefix: str) -> None:
    assert not is_valid_prefix(prefix)
    with pytest.raises(ValueError):
        format_number(prefix, 1)


def test_offline_numbers() -> None:
    assert offline_number("A", 1, 1) == "AK101"
    assert offline_number("BE", 3, 42) == "BEK342"
    assert offline_number("A", 0, 100) == "AK0100"
    assert parse_number("AK101") == ParsedNumber("A", 1, 1)
    assert parse_number("BEK342") == ParsedNumber("BE", 42, 3)
    assert is_offline_number("AK101")
    assert not is_offline_number("A101")
    assert not is_offline_number("A1000")
    with pytest.raises(ValueError):
        offline_number("A", 10, 1)
    with pytest.raises(ValueError):
        offline_number("A", 1, 0)


def test_server_and_offline_numbers_never_collide() -> None:
    server = {format_number(p, n) for p in ("A", "AB", "Z") for n in range(1, 1200)}
    offline = {
        offline_number(p, k, n) for p in ("A", "AB", "Z") for k in range(10) for n in (1, 99, 150)
    }
    assert not server & offline
    assert not any("K" in number for number in server)


@pytest.mark.parametrize("junk", ["", "A", "A01", "001", "a001", "AK1", "AKX01", "ABC001"])
def test_parse_number_rejects_junk(junk: str) -> None:
    assert parse_number(junk) is None
    assert not is_offline_number(junk)


@pytest.mark.parametrize(
    "number",
    [
        "AK١٠١",  # Arabic-Indic digits: \d would take them
        "AK１０１",  # full-width digits
        "A" + "1" * 4299,  # int() would raise on 4,300 digits; never reached
        "AK1" + "0" * 4298 + "1",
        "A0001",  # zero-padded beyond the printed form
        "AK1001",
        "AK100",  # sequence 0
        "A000",
        "AK110000",  # beyond MAX_OFFLINE_SEQ
        "A1234567",  # beyond MAX_SEQ_DIGITS
        "AK101\n",
        " AK101",
    ],
)
def test_parse_takes_only_the_printed_forms(number: str) -> None:
    assert parse_number(number) is None
    assert not is_offline_number(number)


def test_every_printed_number_parses_back() -> None:
    for seq in (1, 99, 100, MAX_OFFLINE_SEQ):
        assert parse_number(offline_number("AB", 7, seq)) == ParsedNumber("AB", seq, 7)
    for seq in (1, 999, 1000, 10**MAX_SEQ_DIGITS - 1):
        assert parse_number(format_number("Z", seq)) == ParsedNumber("Z", seq, None)
    with pytest.raises(ValueError):
        offline_number("A", 1, MAX_OFFLINE_SEQ + 1)


def test_a_prefix_is_nothing_but_its_letters() -> None:
    assert not is_valid_prefix("A\n")
