"""Bookings made through the signed platform API for the client tests (kiosk, clerk, board).

Bookings open 1 to 5 working days ahead, so a server started on Friday 27 November 2026 takes
them for Monday 30 November, and `open_monday` restarts it (same database) at 09:20 that day,
when a 09:30 slot may be checked in (from 09:00) and a 09:00 one no longer (after 09:15).
"""

from __future__ import annotations

from typing import Any

import httpx

from queue_server.clock import shanghai

FRIDAY = shanghai(2026, 11, 27, 10, 0)
MONDAY_0920 = shanghai(2026, 11, 30, 9, 20)


def slot(hour: int, minute: int = 0) -> str:
    return shanghai(2026, 11, 30, hour, minute).isoformat()


def book(server: Any, external_id: str, number: str, name: str, start: str,
         service: str = "HJ01") -> dict[str, Any]:  # fmt: skip
    """A booking pushed as the platform pushes it: the Appointment with its check-in code."""
    body = {"external_id": external_id, "hall": "qixia", "service": service,
            "slot_start": start, "id_card": {"number": number, "name": name}}  # fmt: skip
    answer = server.platform("POST", "/api/appointments", body)
    assert answer.status_code == 201, answer.text
    booked: dict[str, Any] = answer.json()
    return booked


def open_monday(server: Any) -> None:
    """The same server and database, its clock moved on to Monday 09:20."""
    server.stop()
    server.clock_start = MONDAY_0920
    server.start()


def checked_in_server(make_live_server: Any, serial: int) -> Any:
    """A server with one booking of Monday 09:30, checked in by its code at 09:20 that day
    (ten minutes early); its ticket's number is `server.appointment_number`."""
    from tests.queue_server._district import id_number

    server = make_live_server(clock_start=FRIDAY)
    booked = book(server, f"t-{serial}", id_number(serial), "王小明", slot(9, 30))
    open_monday(server)
    answer = httpx.post(f"{server.url}/api/halls/qixia/appointments/check-in",
                        json={"code": booked["check_in_code"]}, headers=server.headers("kiosk"),
                        timeout=5)  # fmt: skip
    assert answer.status_code == 200, answer.text
    server.appointment_number = answer.json()["number"]
    return server
