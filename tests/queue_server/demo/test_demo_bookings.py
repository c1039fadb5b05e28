"""The demo books a few appointments through the fake platform, so check-in can be tried: each
is on the server, booked, and its code checks in at the kiosk (or, outside office hours, says
when check-in opens)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from queue_server.clock import SHANGHAI
from queue_server.demo import bookings


def test_the_demo_books_through_the_fake_platform_and_the_codes_check_in(
    make_live_server: Any, tmp_path: Path
) -> None:
    server = make_live_server(config=bookings.write_demo_district(tmp_path))
    now = datetime.now(SHANGHAI)
    booked = bookings.book_demo(server.url, server.db_path, now)
    assert [b.service for b in booked] == list(bookings.SERVICES)
    kiosk = server.headers("kiosk")
    for booking in booked:
        assert "*" in booking.holder  # masked
        start = datetime.fromisoformat(booking.slot_start)
        assert start > now
        answer = httpx.post(
            f"{server.url}/api/halls/qixia/appointments/check-in",
            json={"code": booking.code}, headers=kiosk, timeout=10,
        )  # fmt: skip
        if start - timedelta(minutes=30) <= datetime.now(SHANGHAI):
            assert answer.status_code == 200, answer.text
            assert answer.json()["source"] == "appointment"
        else:  # outside office hours: the next working day's slot
            assert answer.status_code == 409, answer.text
            assert answer.json()["error"]["code"] == "too_early"


def test_the_demo_district_takes_bookings_from_today_on(tmp_path: Path) -> None:
    from queue_server.config_loader import load_district

    demo = load_district(bookings.write_demo_district(tmp_path))
    rules = demo.booking.rules("qixia", "HJ01")
    assert (rules.min_days_ahead, rules.closes_minutes) == (0, 0)
    assert load_district().booking.rules("qixia", "HJ01").min_days_ahead == 1
