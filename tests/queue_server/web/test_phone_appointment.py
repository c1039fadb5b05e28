"""An appointment ticket's phone page, end to end: booked through the platform, checked in at
the kiosk by its code, then the page behind the ticket's token shows the slot."""

from __future__ import annotations

from typing import Any

import httpx

from tests.queue_server._district import id_number
from tests.ui.appointments import FRIDAY, book, open_monday, slot


def test_a_checked_in_appointment_shows_its_slot_on_the_phone_page(make_live_server: Any) -> None:
    server = make_live_server(clock_start=FRIDAY)
    booked = book(server, "phone-1", id_number(701), "王小明", slot(9, 30))
    open_monday(server)
    answer = httpx.post(
        f"{server.url}/api/halls/qixia/appointments/check-in",
        json={"code": booked["check_in_code"]}, headers=server.headers("kiosk"), timeout=5,
    )  # fmt: skip
    assert answer.status_code == 200, answer.text
    page = httpx.get(f"{server.url}/t/{answer.json()['token']}", timeout=5)
    assert page.status_code == 200
    assert "09:30" in page.text and "10:00" in page.text  # the slot, 09:30-10:00
    assert "王小明" not in page.text and "王*明" in page.text
