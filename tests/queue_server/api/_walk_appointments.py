"""The appointment routes' documented answers, walked in-process (for test_openapi): platform
requests signed as the platform signs them, the clock moved to the slot for check-in."""

from __future__ import annotations

import json
from typing import Any

from queue_server.clock import MovableClock, shanghai
from queue_server.engine import signing
from queue_server.store import Store
from tests.queue_server._district import id_number
from tests.queue_server.api._api import bearer

SLOT = "2026-11-30T09:00:00+08:00"  # Monday: the next working day after the walk's Friday


def signed(api: Any, store: Store, method: str, path: str, body: Any = None) -> Any:
    raw = b"" if body is None else json.dumps(body).encode()
    assert isinstance(store.clock, MovableClock)
    store.clock.advance(seconds=1)  # a request again is signed anew: the same one is a replay
    now = store.clock().timestamp()
    headers = {
        **bearer(store, "platform"),
        **signing.headers(store.keys.platform_secret, method, path, raw, now),
        "Content-Type": "application/json",
    }
    return api.call(method, path, headers, content=raw)


def booking(serial: int, slot: str = SLOT, service: str = "HJ01") -> dict[str, Any]:
    card = {"number": id_number(serial), "name": "王小明"}
    return {"external_id": f"e-{serial}", "hall": "qixia", "service": service,
            "slot_start": slot, "id_card": card, "phone": "13812345678"}  # fmt: skip


def expect(answer: Any, status: int) -> Any:
    assert answer.status_code == status, answer.text
    return answer.json()


def walk_appointments(api: Any, store: Store) -> None:
    clock = store.clock
    assert isinstance(clock, MovableClock)
    expect(api.get("/api/halls/qixia/services/HJ01/slots?from=2026-11-30&to=2026-12-01"), 200)
    first = expect(signed(api, store, "POST", "/api/appointments", booking(1)), 201)
    expect(signed(api, store, "POST", "/api/appointments", booking(1)), 200)
    moved = booking(1, "2026-11-30T10:00:00+08:00")
    expect(signed(api, store, "POST", "/api/appointments", moved), 409)
    expect(signed(api, store, "POST", "/api/appointments", booking(2, service="NOPE")), 404)
    expect(signed(api, store, "POST", "/api/appointments", []), 422)
    naive = {**booking(5), "slot_start": "2026-11-30T09:00:00"}  # a time without its offset
    expect(signed(api, store, "POST", "/api/appointments", naive), 422)
    late = expect(signed(api, store, "POST", "/api/appointments", booking(3)), 201)
    expect(signed(api, store, "GET", "/api/appointments/e-1"), 200)
    expect(signed(api, store, "GET", "/api/appointments/nowhere"), 404)
    _walk_changes(api, store)
    stale = {"code": first["check_in_code"]}  # rescheduled: the old code names no booking now
    first = expect(signed(api, store, "GET", "/api/appointments/e-1"), 200)
    kiosk = bearer(store, "kiosk")
    check_in = "/api/halls/qixia/appointments/check-in"
    assert (
        "opens_at"
        in expect(api.call("POST", check_in, kiosk, json={"code": first["check_in_code"]}), 409)[
            "error"
        ]
    )
    expect(api.call("POST", check_in, kiosk, json={"code": "X"}), 422)
    expect(api.call("POST", check_in, kiosk, json=stale), 404)
    expect(api.call("POST", check_in, kiosk, json={"id_card": {"number": id_number(9)}}), 404)
    clock.set(shanghai(2026, 11, 30, 9, 20))
    kiosk = bearer(store, "kiosk")  # minted at the new time: the first one has expired
    ticket = expect(api.call("POST", check_in, kiosk, json={"code": first["check_in_code"]}), 200)
    assert ticket["appointment"]["slot_start"] == "2026-11-30T09:30:00+08:00"
    expect(api.call("POST", check_in, kiosk, json={"code": late["check_in_code"]}), 410)
    expect(signed(api, store, "POST", "/api/appointments/e-1/cancel"), 409)  # checked in
    day = expect(
        api.get("/api/halls/qixia/appointments?date=2026-11-30", bearer(store, "clerk")), 200
    )
    assert {a["external_id"] for a in day} == {"e-1", "e-3", "e-4"}
    assert all("1381234" not in json.dumps(a) for a in day)
    manager = bearer(store, "manager")
    hall_cancel = "/api/halls/qixia/appointments/{}/cancel"
    expect(api.call("POST", hall_cancel.format("e-1"), manager), 409)  # checked in: too late
    assert expect(api.call("POST", hall_cancel.format("e-3"), manager), 200)["state"] == "cancelled"
    told = [(o.external_id, o.state) for o in store.pending_outcomes(clock())]
    assert ("e-3", "cancelled") in told and ("e-4", "cancelled") not in told  # the hall's only


def _walk_changes(api: Any, store: Store) -> None:
    later = {"slot_start": "2026-11-30T09:30:00+08:00"}
    expect(signed(api, store, "POST", "/api/appointments/e-1/reschedule", later), 200)
    expect(signed(api, store, "POST", "/api/appointments/nowhere/reschedule", later), 404)
    expect(signed(api, store, "POST", "/api/appointments/e-1/reschedule", []), 422)
    holiday = {"slot_start": "2027-02-08T09:00:00+08:00"}
    expect(signed(api, store, "POST", "/api/appointments/e-1/reschedule", holiday), 409)
    expect(signed(api, store, "POST", "/api/appointments", booking(4)), 201)
    expect(signed(api, store, "POST", "/api/appointments/e-4/cancel"), 200)
    expect(signed(api, store, "POST", "/api/appointments/nowhere/cancel"), 404)
