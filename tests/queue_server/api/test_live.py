"""The core contract against the real server (uvicorn subprocess on 127.0.0.1)."""

from __future__ import annotations

import httpx

from tests.fixtures.live_server import LiveServer
from tests.queue_server._district import id_number

TICKET_FIELDS = {
    "id",
    "number",
    "token",
    "hall",
    "service",
    "status",
    "ahead",
    "eta_minutes",
    "service_name",
    "priority",
    "source",
    "window",
    "window_label",
    "holder",
    "id_masked",
    "issued_at",
    "arrived_at",
    "called_at",
    "started_at",
    "finished_at",
    "business_day",
    "recall_count",
    "outcome",
    "status_url",
}


def issue(
    server: LiveServer, serial: int, service: str = "HJ01", **extra: object
) -> httpx.Response:
    body = {"service": service, "id_card": {"number": id_number(serial), "name": "张三丰"}, **extra}
    return httpx.post(
        f"{server.url}/api/halls/qixia/tickets",
        json=body,
        headers=server.headers("kiosk"),
        timeout=10,
    )


def test_issue_then_follow_then_call(live_server: LiveServer) -> None:
    first = issue(live_server, 1)
    second = issue(live_server, 2)
    assert first.status_code == 201, first.text
    ticket = first.json()
    assert set(ticket) >= TICKET_FIELDS
    assert (ticket["number"], ticket["status"], ticket["ahead"]) == ("A001", "waiting", 0)
    assert second.json()["number"] == "A002" and second.json()["ahead"] == 1
    # HJ01 has free windows (1-2, the comprehensive 25-27 and 29): A002 is called at once too
    assert second.json()["eta_minutes"] == 0 and second.json()["eta_range"] is None
    assert (
        ticket["holder"] == "张*丰" and ticket["id_masked"] == "3201**********" + id_number(1)[-4:]
    )

    clerk = live_server.headers("clerk")
    called = httpx.post(f"{live_server.url}/api/halls/qixia/windows/1/call-next", headers=clerk)
    assert called.status_code == 200
    assert called.json()["ticket"]["number"] == "A001"
    assert called.json()["ticket"]["window_label"] == "1号窗口"

    followed = httpx.get(f"{live_server.url}/api/tickets/{second.json()['token']}").json()
    assert followed["ahead"] == 0 and followed["status"] == "waiting"
    mine = httpx.get(f"{live_server.url}/api/tickets/{ticket['token']}").json()
    assert mine["status"] == "called" and mine["window"] == 1


def test_call_next_answers_204_when_nobody_waits(live_server: LiveServer) -> None:
    answer = httpx.post(
        f"{live_server.url}/api/halls/qixia/windows/3/call-next",
        headers=live_server.headers("clerk"),
    )
    assert answer.status_code == 204 and answer.content == b""


def test_login_gives_a_working_clerk_token(live_server: LiveServer) -> None:
    token = live_server.login("clerk", "demo1234")
    windows = httpx.get(
        f"{live_server.url}/api/halls/qixia/windows", headers={"Authorization": f"Bearer {token}"}
    )
    assert windows.status_code == 200
    assert [w["number"] for w in windows.json()][:3] == [1, 2, 3]
    bad = httpx.post(
        f"{live_server.url}/api/auth/login", json={"username": "clerk", "password": "wrong"}
    )
    assert bad.status_code == 401 and bad.json()["error"]["code"] == "bad_credentials"


def test_killed_server_restarts_with_acknowledged_tickets(live_server: LiveServer) -> None:
    acknowledged = [issue(live_server, n).json()["token"] for n in range(1, 6)]
    live_server.kill()
    live_server.start()
    for token in acknowledged:
        assert httpx.get(f"{live_server.url}/api/tickets/{token}").status_code == 200
    assert issue(live_server, 6).json()["number"] == "A006"
