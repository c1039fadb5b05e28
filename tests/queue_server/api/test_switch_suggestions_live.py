"""The manager's window-switch suggestion over HTTP, computed by the simulator from the live
hall: an overloaded service, the window to switch and the effect over the next hour."""

from __future__ import annotations

from typing import Any

import httpx

from queue_server.clock import shanghai
from tests.fixtures.live_server import LiveServer
from tests.queue_server._district import id_number

MONDAY_TEN = shanghai(2026, 12, 7, 10)


def test_a_long_queue_gets_a_window_switch_with_its_simulated_effect(
    make_live_server: Any,
) -> None:
    server: LiveServer = make_live_server(clock_start=MONDAY_TEN)
    kiosk = server.headers("kiosk")
    for serial in range(30):  # 30 funeral subsidy claims: three windows serve them
        card = {"number": id_number(serial), "name": "李雷"}
        answer = httpx.post(
            f"{server.url}/api/halls/qixia/tickets",
            json={"service": "MZ05", "id_card": card},
            headers=kiosk,
        )
        assert answer.status_code == 201, answer.text
    server.stop()
    server.clock_start = shanghai(2026, 12, 7, 10, 40)  # forty minutes later, nobody called
    server.start()

    manager = {"Authorization": f"Bearer {server.token('manager', '*', username='manager')}"}
    url = f"{server.url}/api/halls/qixia/balancing/suggestions"
    answer = httpx.get(url, headers=manager, timeout=60)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["overloaded"][0]["service"] == "MZ05"
    assert body["overloaded"][0]["waiting"] == 30
    assert body["overloaded"][0]["longest_wait_minutes"] >= 40
    best = body["suggestions"][0]
    assert best["services"][0] == "MZ05"
    windows = {w["number"]: w for w in httpx.get(
        f"{server.url}/api/halls/qixia/windows", headers=manager).json()}  # fmt: skip
    assert "MZ05" not in windows[best["window"]]["services"]
    assert best["with"]["longest_wait_minutes"] < best["without"]["longest_wait_minutes"]
    assert best["with"]["mean_wait_minutes"] < best["without"]["mean_wait_minutes"]

    clerk = server.headers("clerk", window=1)
    assert httpx.get(url, headers=clerk).status_code == 403
    other = {"Authorization": f"Bearer {server.token('manager', 'yaohua', username='manager')}"}
    assert httpx.get(url, headers=other).status_code == 403
