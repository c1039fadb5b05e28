"""The receipt's texts: notices in both languages, the offline notice, holder, area and time."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from kiosk.receipt import receipt_for
from tests.kiosk import samples

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 28, 10, 5, tzinfo=SHANGHAI)
APPOINTMENTS = "预约号优先办理 Appointments are served first"
MISSED = "过号请重新取号 Missed your call? Take a new ticket"
OFFLINE = "网络中断时取号，本号有效 Issued offline; valid as usual"


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        ({}, "notices", [APPOINTMENTS, MISSED]),
        ({"token": None, "source": "offline"}, "notices", [APPOINTMENTS, MISSED, OFFLINE]),
        ({"source": "offline"}, "notices", [APPOINTMENTS, MISSED]),  # handed over: a server ticket
        ({"holder": "张*丰"}, "holder_masked", "张*丰"),
        ({}, "holder_masked", None),
        ({}, "window_area", "大厅等候区"),
        ({}, "window_area_en", "the waiting area"),
        ({"window_label": {"zh": "3号窗口", "en": "Window 3"}}, "window_area", "3号窗口"),
        ({"window_label": {"zh": "3号窗口", "en": "Window 3"}}, "window_area_en", "Window 3"),
        ({}, "service_name", "户口迁移"),
        ({}, "service_name_en", "Household registration transfer"),
        ({"number": "AK101"}, "number", "AK101"),
        ({"ahead": 7, "eta_minutes": 21}, "ahead", 7),
        ({"ahead": 7, "eta_minutes": 21}, "eta_minutes", 21),
    ],
)
def test_what_goes_on_paper(changes: dict[str, Any], field: str, expected: Any) -> None:
    receipt = receipt_for(samples.ticket(**changes), samples.hall(), None, SHANGHAI, NOW)
    assert getattr(receipt, field) == expected


def test_the_hall_and_the_phone_link() -> None:
    url = "http://127.0.0.1:8600/t/tok-abcdef123456"
    receipt = receipt_for(samples.ticket(), samples.hall(), url, SHANGHAI, NOW)
    assert (receipt.hall_name, receipt.hall_name_en, receipt.qr_payload) == (
        "栖霞区政务服务中心", "Qixia District Government Service Centre", url,
    )  # fmt: skip
    nowhere = receipt_for(samples.ticket(), None, None, SHANGHAI, NOW)
    assert (nowhere.hall_name, nowhere.hall_name_en, nowhere.qr_payload) == ("", None, None)


@pytest.mark.parametrize(
    ("issued_at", "zone", "printed"),
    [
        ("2026-11-28T01:30:00+00:00", "Asia/Shanghai", "2026-11-28T09:30:00+08:00"),
        ("2026-11-28T01:30:00+00:00", "Asia/Urumqi", "2026-11-28T07:30:00+06:00"),
        ("2026-11-28T09:30:00+08:00", "Asia/Shanghai", "2026-11-28T09:30:00+08:00"),
        ("", "Asia/Shanghai", "2026-11-28T10:05:00+08:00"),  # the server did not say: now
        ("not a time", "Asia/Urumqi", "2026-11-28T08:05:00+06:00"),
    ],
)
def test_the_time_is_on_the_halls_clock(issued_at: str, zone: str, printed: str) -> None:
    ticket = samples.ticket(issued_at=issued_at)
    receipt = receipt_for(ticket, samples.hall(), None, ZoneInfo(zone), NOW)
    assert receipt.issued_at.isoformat() == printed
