"""Cross-hall suggestion over HTTP on the real server: `elsewhere` and `suggested`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from tests.fixtures.live_server import LiveServer

# A Monday morning: every hall open, no lunch break ahead soon (estimates count breaks), so
# the answers do not depend on when the suite runs.
MONDAY_MORNING = datetime(2026, 12, 7, 9, 30, tzinfo=timezone(timedelta(hours=8)))


@pytest.fixture
def monday_server(make_live_server: Callable[..., LiveServer]) -> LiveServer:
    return make_live_server(clock_start=MONDAY_MORNING)


def test_a_busy_hall_names_a_faster_hall_and_the_halls_list_marks_it(
    monday_server: LiveServer,
) -> None:
    live_server = monday_server
    kiosk = live_server.headers("kiosk")
    for _ in range(40):  # 综合咨询 at the district centre: 40 x 5 min over its 4 windows
        answer = httpx.post(
            f"{live_server.url}/api/halls/qixia/tickets", json={"service": "ZX01"}, headers=kiosk
        )
        assert answer.status_code == 201, answer.text
    services = httpx.get(f"{live_server.url}/api/halls/qixia/services").json()
    mine = next(s for s in services if s["code"] == "ZX01")
    elsewhere = mine["elsewhere"]
    assert elsewhere is not None and set(elsewhere) == {"hall", "name", "address", "eta_minutes"}
    assert elsewhere["eta_minutes"] + 10 <= mine["eta_minutes"]

    halls = httpx.get(f"{live_server.url}/api/services/ZX01/halls?from=qixia").json()
    by_id = {h["id"]: h for h in halls}
    assert [h["id"] for h in halls if h["suggested"]] == [elsewhere["hall"]]
    target = by_id[elsewhere["hall"]]
    assert target["level"] != "community"  # never the district centre's queue to a station
    assert target["name"] == elsewhere["name"] and target["address"] == elsewhere["address"]
    assert by_id["qixia"]["waiting"] == 40
    unknown = httpx.get(f"{live_server.url}/api/services/ZX01/halls?from=nowhere")
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_hall"


def test_the_booking_side_offers_a_less_busy_halls_slots(monday_server: LiveServer) -> None:
    live_server = monday_server
    base = f"{live_server.url}/api/halls/qixia/services/GJ03"
    # no look before the crowd: the published estimate is damped (smoothing_minutes), and the
    # real clock would not move it far within the test (the store tests drive the clock)
    kiosk = live_server.headers("kiosk")
    for _ in range(40):  # 单位公积金缴存登记, 15 minutes each: far over the centre's target
        answer = httpx.post(
            f"{live_server.url}/api/halls/qixia/tickets", json={"service": "GJ03"}, headers=kiosk
        )
        assert answer.status_code == 201, answer.text
    offer = httpx.get(f"{base}/alternatives").json()
    assert offer["busy"] is True and offer["eta_minutes"] > 20
    assert offer["alternatives"], offer
    first = offer["alternatives"][0]
    assert first["eta_minutes"] < offer["eta_minutes"]
    slots = httpx.get(f"{live_server.url}/api/halls/{first['hall']}/services/GJ03/slots").json()
    assert first["slots"] == [s for s in slots if s["available"] > 0] and first["slots"]
    missing = httpx.get(f"{live_server.url}/api/halls/qixia/services/NOPE1/alternatives")
    assert missing.status_code == 404
