"""End to end on the real server (issue 11): walk-ins queue first; citizens who booked and
check in 10 minutes early are called first once the slot starts, at every window serving the
service, never behind walk-ins; and the platform's requests must be signed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from queue_server.clock import shanghai
from tests.fixtures.live_server import LiveServer
from tests.queue_server._district import id_number

MONDAY = shanghai(2026, 12, 7, 10)
SLOT = shanghai(2026, 12, 8, 9)  # Tuesday, the next working day
HALL = "/api/halls/qixia"


def booking(serial: int) -> dict[str, Any]:
    return {
        "external_id": f"gov-{serial}", "hall": "qixia", "service": "HJ01",
        "slot_start": SLOT.isoformat(), "id_card": {"number": id_number(serial), "name": "李四"},
    }  # fmt: skip


def restart_at(server: LiveServer, moment: Any) -> None:
    server.stop()
    server.clock_start = moment
    server.start()


def call_next(server: LiveServer, window: int) -> dict[str, Any]:
    answer = httpx.post(
        f"{server.url}{HALL}/windows/{window}/call-next",
        headers=server.headers("clerk", window=window), timeout=10,
    )  # fmt: skip
    assert answer.status_code == 200, answer.text
    ticket: dict[str, Any] = answer.json()["ticket"]
    return ticket


def serve(server: LiveServer, window: int) -> None:
    for step in ("start", "finish"):
        url = f"{server.url}{HALL}/windows/{window}/{step}"
        answer = httpx.post(url, headers=server.headers("clerk", window=window), timeout=10)
        assert answer.status_code == 200, answer.text


def test_a_checked_in_booking_is_called_first_at_every_window_once_its_slot_starts(
    make_live_server: Any,
) -> None:
    server: LiveServer = make_live_server(clock_start=MONDAY)
    services = httpx.get(server.url + HALL + "/services", timeout=10).json()
    windows = next(s for s in services if s["code"] == "HJ01")["windows"]
    booked = [server.platform("POST", "/api/appointments", booking(n)) for n in range(len(windows))]
    assert [b.status_code for b in booked] == [201] * len(windows), booked[0].text

    restart_at(server, SLOT - timedelta(minutes=20))
    kiosk = server.headers("kiosk")
    for n in range(2 * len(windows)):
        body = {"service": "HJ01", "id_card": {"number": id_number(100 + n), "name": "张三"}}
        assert (
            httpx.post(server.url + HALL + "/tickets", json=body, headers=kiosk).status_code == 201
        )

    restart_at(server, SLOT - timedelta(minutes=10))
    kiosk = server.headers("kiosk")
    check_in = server.url + HALL + "/appointments/check-in"
    tickets = []
    for n, answer in enumerate(booked):
        body = {"code": answer.json()["check_in_code"]} if n else {"id_card": booking(0)["id_card"]}
        ticket = httpx.post(check_in, json=body, headers=kiosk, timeout=10)
        assert ticket.status_code == 200, ticket.text
        tickets.append(ticket.json())
    assert {(t["priority"], t["source"], t["arrived_at"]) for t in tickets} == {
        ("appointment", "appointment", SLOT.isoformat())
    }
    again = httpx.post(check_in, json={"code": booked[1].json()["check_in_code"]}, headers=kiosk)
    assert again.json()["id"] == tickets[1]["id"]  # checking in twice: the same ticket
    early = call_next(server, windows[0])
    assert early["source"] == "walk_in"  # before the slot, walk-ins are served first
    serve(server, windows[0])

    restart_at(server, SLOT + timedelta(seconds=5))
    called = [call_next(server, window) for window in windows]
    assert {t["id"] for t in called} == {t["id"] for t in tickets}
    assert all(t["appointment"]["slot_start"] == SLOT.isoformat() for t in called)
    serve(server, windows[0])
    assert call_next(server, windows[0])["source"] == "walk_in"


def test_platform_requests_must_be_signed_and_fresh(live_server: LiveServer) -> None:
    url = live_server.url + "/api/appointments/nowhere"
    unsigned = httpx.get(url, headers=live_server.headers("platform"), timeout=10)
    assert (unsigned.status_code, unsigned.json()["error"]["reason"]) == (401, "missing")
    kiosk = httpx.get(url, headers=live_server.headers("kiosk"), timeout=10)
    assert kiosk.status_code == 403
    assert live_server.platform("GET", "/api/appointments/nowhere").status_code == 404
