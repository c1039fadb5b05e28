"""Issuing rules and opening hours: each refusal, in the order a citizen meets them."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone

import pytest

from queue_server.engine.district import Hall, OpeningHours, Service, Text, Window
from queue_server.engine.errors import (
    Conflict,
    DailyCapReached,
    DuplicateTicket,
    IdCardRequired,
    Invalid,
    InvalidIdNumber,
    NoOpenWindow,
    OutsideHours,
    UnknownService,
)
from queue_server.engine.hours import is_open, next_opening
from queue_server.engine.privacy import id_check_char
from queue_server.engine.rules import availability, check_can_issue

CST = timezone(timedelta(hours=8))
MONDAY_10 = datetime(2026, 11, 30, 10, 0, tzinfo=CST)  # a Monday
GOOD_ID = "32011319900101123" + id_check_char("32011319900101123")
BAD_ID = GOOD_ID[:17] + ("0" if GOOD_ID[17] != "0" else "1")

WEEKDAYS = frozenset(range(5))
HALL = Hall(
    id="yaohua",
    name=Text("尧化街道便民服务中心", "Yaohua Street Service Centre"),
    level="street",
    address=Text("尧新大道 88 号", "88 Yaoxin Avenue"),
    hours=(
        OpeningHours(WEEKDAYS, time(9, 0), time(12, 0)),
        OpeningHours(WEEKDAYS, time(13, 30), time(17, 0)),
    ),
    services=("HJ03", "ZX01"),
    windows=(Window("yaohua", 1, Text("1号窗口", "Window 1"), ("HJ03", "ZX01")),),
)
RESIDENCE = Service(
    code="HJ03",
    name=Text("居住证办理", "Residence permit"),
    category="HJ",
    prefix="AC",
    id_required=True,
    appointment_allowed=True,
    expected_minutes=10,
    daily_cap=50,
)
ENQUIRY = Service("ZX01", Text("综合咨询", "General enquiries"), "ZX", "Z", False, False, 5)
MARRIAGE = Service("MZ04", Text("婚姻登记", "Marriage registration"), "MZ", "DD", True, True, 20)


def issue(service: Service = RESIDENCE, /, **overrides: object) -> None:
    args: dict[str, object] = {
        "now": MONDAY_10,
        "open_windows": 1,
        "issued_today": 0,
        "id_number": GOOD_ID,
        "existing_number": None,
        "enforce_hours": True,
    }
    args.update(overrides)
    check_can_issue(HALL, service, **args)  # type: ignore[arg-type]


def test_a_good_request_passes() -> None:
    issue()
    issue(ENQUIRY, id_number=None)
    issue(id_number=GOOD_ID[:17] + GOOD_ID[17].lower())  # a lower-case x is fine


def test_service_not_offered_by_the_hall() -> None:
    with pytest.raises(UnknownService) as caught:
        issue(MARRIAGE)
    assert caught.value.http_status == 404 and "yaohua" in caught.value.en


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 11, 30, 8, 59, tzinfo=CST),  # before opening
        datetime(2026, 11, 30, 12, 0, tzinfo=CST),  # lunch break starts at 12:00 sharp
        datetime(2026, 11, 30, 17, 0, tzinfo=CST),  # closing time is exclusive
        datetime(2026, 11, 28, 10, 0, tzinfo=CST),  # Saturday
    ],
)
def test_outside_hours(moment: datetime) -> None:
    with pytest.raises(OutsideHours) as caught:
        issue(now=moment)
    assert caught.value.code == "outside_hours" and caught.value.http_status == 409
    assert "opens_at" in caught.value.to_dict()


def test_outside_hours_names_the_next_opening() -> None:
    with pytest.raises(OutsideHours) as caught:
        issue(now=datetime(2026, 11, 30, 12, 30, tzinfo=CST))
    assert caught.value.opens_at == datetime(2026, 11, 30, 13, 30, tzinfo=CST)
    assert caught.value.to_dict()["opens_at"] == "2026-11-30T13:30:00+08:00"
    assert "13:30" in caught.value.zh


def test_hours_can_be_switched_off_for_the_demo() -> None:
    issue(now=datetime(2026, 11, 29, 23, 0, tzinfo=CST), enforce_hours=False)


def test_no_open_window_says_ask_at_the_guidance_desk() -> None:
    with pytest.raises(NoOpenWindow) as caught:
        issue(open_windows=0)
    err = caught.value
    assert err.code == "no_open_window" and isinstance(err, Conflict)
    assert "请前往人工导引台咨询" in err.zh and "guidance desk" in err.en


def test_daily_cap() -> None:
    issue(issued_today=49)
    with pytest.raises(DailyCapReached) as caught:
        issue(issued_today=50)
    assert caught.value.code == "daily_cap_reached" and caught.value.cap == 50
    issue(ENQUIRY, id_number=None, issued_today=10_000)  # no cap


@pytest.mark.parametrize("missing", [None, "", "   "])
def test_id_card_required(missing: str | None) -> None:
    with pytest.raises(IdCardRequired) as caught:
        issue(id_number=missing)
    assert caught.value.code == "id_card_required" and isinstance(caught.value, Invalid)
    assert caught.value.http_status == 422


@pytest.mark.parametrize("bad", [BAD_ID, "12345", GOOD_ID + "1", "ABCDEFGHIJKLMNOPQR"])
def test_invalid_id_number_without_echoing_it(bad: str) -> None:
    with pytest.raises(InvalidIdNumber) as caught:
        issue(id_number=bad)
    err = caught.value
    assert err.code == "invalid_id_number" and err.http_status == 422
    assert bad not in err.zh and bad not in err.en and bad not in str(err)
    with pytest.raises(InvalidIdNumber):
        issue(ENQUIRY, id_number=bad)  # checked even where the ID is optional


def test_one_waiting_ticket_per_id_per_service() -> None:
    with pytest.raises(DuplicateTicket) as caught:
        issue(existing_number="AC007")
    err = caught.value
    assert err.code == "duplicate_ticket" and err.http_status == 409
    assert err.zh.startswith("请勿重复取号") and "AC007" in err.zh
    assert err.to_dict()["existing_number"] == "AC007"


def test_refusals_come_in_the_documented_order() -> None:
    everything_wrong = {
        "now": datetime(2026, 11, 29, 10, 0, tzinfo=CST),
        "open_windows": 0,
        "issued_today": 50,
        "id_number": None,
        "existing_number": "AC001",
    }
    with pytest.raises(OutsideHours):
        issue(**everything_wrong)
    with pytest.raises(NoOpenWindow):
        issue(**{**everything_wrong, "now": MONDAY_10})
    with pytest.raises(DailyCapReached):
        issue(**{**everything_wrong, "now": MONDAY_10, "open_windows": 2})
    with pytest.raises(IdCardRequired):
        issue(**{**everything_wrong, "now": MONDAY_10, "open_windows": 2, "issued_today": 0})


def test_availability_reports_without_raising() -> None:
    kwargs = {"now": MONDAY_10, "open_windows": 1, "issued_today": 0}
    assert availability(HALL, RESIDENCE, **kwargs) is None  # type: ignore[arg-type]
    reason = availability(HALL, RESIDENCE, **{**kwargs, "open_windows": 0})  # type: ignore[arg-type]
    assert isinstance(reason, NoOpenWindow)


def test_is_open_converts_to_the_hall_time_zone() -> None:
    # 01:30 UTC on Monday is 09:30 in Nanjing
    assert is_open(HALL, datetime(2026, 11, 30, 1, 30, tzinfo=UTC))
    assert not is_open(HALL, datetime(2026, 11, 30, 0, 30, tzinfo=UTC))


def test_next_opening_skips_the_weekend() -> None:
    friday_evening = datetime(2026, 11, 27, 18, 0, tzinfo=CST)
    assert next_opening(HALL, friday_evening) == datetime(2026, 11, 30, 9, 0, tzinfo=CST)
    closed_hall = Hall(**{**HALL.__dict__, "hours": ()})
    assert next_opening(closed_hall, friday_evening) is None
