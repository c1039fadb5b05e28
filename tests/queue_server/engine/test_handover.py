"""What an offline hand-over may register: the kiosk's number and issue time, by the server's
clock (qixia: Mon-Fri 09:00-17:00, Sat 09:00-12:00, Asia/Shanghai)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from queue_server.clock import shanghai
from queue_server.config_loader import load_district
from queue_server.engine.errors import Invalid
from queue_server.engine.handover import CLOCK_SKEW, check_issue_time, check_offline_number

DISTRICT = load_district()
QIXIA = DISTRICT.halls["qixia"]
HJ01 = DISTRICT.services["HJ01"]  # prefix A
NOW = shanghai(2026, 11, 27, 10, 0)  # a Friday morning
SECOND = timedelta(seconds=1)


def refusal(issued_at: datetime, now: datetime = NOW, enforce_hours: bool = True) -> Invalid:
    with pytest.raises(Invalid) as caught:
        check_issue_time(QIXIA, issued_at, now, enforce_hours=enforce_hours)
    return caught.value


@pytest.mark.parametrize(
    "issued_at",
    [
        NOW,
        NOW + CLOCK_SKEW,  # the kiosk's clock runs a little fast
        shanghai(2026, 11, 27, 9, 0) - CLOCK_SKEW,  # printed just before opening
        shanghai(2026, 11, 27, 9, 30).astimezone(UTC),  # any offset
    ],
)
def test_a_time_the_kiosk_could_have_printed_today_is_taken(issued_at: datetime) -> None:
    check_issue_time(QIXIA, issued_at, NOW)


@pytest.mark.parametrize(
    "issued_at",
    [
        datetime(2000, 1, 1, tzinfo=timezone(timedelta(hours=8))),  # the audit's backdating
        shanghai(2026, 11, 26, 16, 59),  # yesterday, inside yesterday's hours
        datetime(2099, 1, 1, tzinfo=timezone(timedelta(hours=8))),
        NOW + CLOCK_SKEW + SECOND,
    ],
)
def test_another_day_or_the_future_is_refused_even_ignoring_hours(issued_at: datetime) -> None:
    refused = refusal(issued_at, enforce_hours=False)
    assert (refused.code, refused.http_status) == ("invalid_issued_at", 422)
    assert refused.extra == {"server_time": "2026-11-27T10:00:00+08:00"}
    assert issued_at.isoformat(timespec="seconds") in refused.en and "5 minutes" in refused.en
    assert "5 分钟" in refused.zh


@pytest.mark.parametrize(
    "issued_at",
    [
        shanghai(2026, 11, 27, 0, 1),  # the small hours of today: the front of today's queue
        shanghai(2026, 11, 27, 9, 0) - CLOCK_SKEW - SECOND,
    ],
)
def test_before_the_hall_opens_is_refused_when_hours_are_enforced(issued_at: datetime) -> None:
    assert refusal(issued_at).code == "invalid_issued_at"
    check_issue_time(QIXIA, issued_at, NOW, enforce_hours=False)  # --ignore-hours


def test_the_evening_is_judged_by_that_days_hours() -> None:
    evening = shanghai(2026, 11, 27, 20, 0)
    check_issue_time(QIXIA, shanghai(2026, 11, 27, 17, 0) + CLOCK_SKEW - SECOND, evening)
    assert refusal(shanghai(2026, 11, 27, 17, 0) + CLOCK_SKEW, evening).code == "invalid_issued_at"
    saturday = shanghai(2026, 11, 28, 14, 0)
    assert refusal(shanghai(2026, 11, 28, 13, 0), saturday).code == "invalid_issued_at"


def test_a_time_without_an_offset_is_refused() -> None:
    assert refusal(datetime(2026, 11, 27, 9, 30)).code == "invalid_issued_at"


@pytest.mark.parametrize(
    ("number", "why"),
    [
        ("QK101", "prefix"),  # the audit's QK101 for HJ01
        ("ZK101", "prefix"),
        ("AK١٠١", "form"),
        ("AK1" + "0" * 4298 + "1", "form"),
        ("A001", "form"),  # a server number
        ("AK100", "form"),
        ("AK1001", "form"),
    ],
)
def test_a_number_must_be_the_kiosks_form_with_the_services_prefix(number: str, why: str) -> None:
    with pytest.raises(Invalid) as caught:
        check_offline_number(number, HJ01)
    assert (caught.value.code, caught.value.http_status) == ("invalid_number", 422)
    assert ("prefix 'A'" in caught.value.en) is (why == "prefix")


@pytest.mark.parametrize("number", ["AK101", "AK999", "AK01100", "AK99999"])
def test_the_kiosks_numbers_are_taken(number: str) -> None:
    check_offline_number(number, HJ01)
