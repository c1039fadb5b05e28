"""Cross-hall suggestion over HTTP on the real server: `elsewhere` and `suggested`."""

from __future__ import annotations

import httpx

from tests.fixtures.live_server import LiveServer


def test_a_busy_hall_names_a_faster_hall_and_the_halls_list_marks_it(
    live_server: LiveServer,
) -> None:
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
