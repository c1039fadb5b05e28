"""The card holder's own tickets (issue 10, items 6, 8, 10) against the real server: the lookup a
kiosk makes as soon as a card is read, the expired-card flag, and employer-only services."""

from __future__ import annotations

from typing import Any

import httpx

from tests.fixtures.live_server import LiveServer
from tests.queue_server._district import id_number

HALL = "/api/halls/qixia"


def post(
    server: LiveServer, path: str, body: dict[str, Any], role: str = "kiosk"
) -> httpx.Response:
    return httpx.post(server.url + HALL + path, json=body, headers=server.headers(role), timeout=10)


def issue(server: LiveServer, service: str, card: dict[str, Any]) -> dict[str, Any]:
    answer = post(server, "/tickets", {"service": service, "id_card": card, "kiosk_id": "K1"})
    assert answer.status_code == 201, answer.text
    result: dict[str, Any] = answer.json()
    return result


def lookup(server: LiveServer, number: str, role: str = "kiosk") -> httpx.Response:
    return post(server, "/tickets/lookup", {"id_card": {"number": number}}, role)


def test_the_card_finds_its_holders_active_tickets_with_their_tokens(
    live_server: LiveServer,
) -> None:
    mine = [issue(live_server, code, {"number": id_number(1), "name": "张三丰"})
            for code in ("HJ01", "SB01")]  # fmt: skip
    issue(live_server, "HJ01", {"number": id_number(2), "name": "李四"})  # someone else's
    answer = lookup(live_server, id_number(1))
    assert answer.status_code == 200, answer.text
    held = answer.json()["tickets"]
    assert [(t["number"], t["service"], t["token"]) for t in held] == [
        (t["number"], t["service"], t["token"]) for t in mine
    ]
    assert held[0]["holder"] == "张*丰" and held[0]["status"] == "waiting"
    assert lookup(live_server, id_number(3)).json() == {"tickets": []}


def test_a_finished_ticket_is_not_held_any_more(live_server: LiveServer) -> None:
    ticket = issue(live_server, "HJ01", {"number": id_number(4)})
    window = live_server.url + HALL + "/windows/1"
    clerk = live_server.headers("clerk", "qixia")
    for step, body in (("call-next", None), ("start", None), ("finish", {"outcome": "handled"})):
        done = httpx.post(f"{window}/{step}", json=body, headers=clerk, timeout=10)
        assert done.status_code == 200, done.text
    assert done.json()["ticket"]["number"] == ticket["number"]
    assert lookup(live_server, id_number(4)).json() == {"tickets": []}


def test_the_lookup_checks_the_number_and_the_token(live_server: LiveServer) -> None:
    wrong = lookup(live_server, id_number(5)[:17] + ("0" if id_number(5)[17] != "0" else "1"))
    assert (wrong.status_code, wrong.json()["error"]["code"]) == (422, "invalid_id_number")
    assert lookup(live_server, id_number(5), role="display").status_code == 403
    other_hall = httpx.post(
        live_server.url + "/api/halls/yaohua/tickets/lookup",
        json={"id_card": {"number": id_number(5)}},
        headers=live_server.headers("kiosk"),
        timeout=10,
    )
    assert other_hall.status_code == 403


def test_an_expired_card_flags_the_ticket_for_the_clerk(live_server: LiveServer) -> None:
    expired = issue(live_server, "HJ01", {"number": id_number(6), "valid_to": "2001-01-31"})
    current = issue(live_server, "SB01", {"number": id_number(6), "valid_to": "2099-01-31"})
    long_term = issue(live_server, "HJ02", {"number": id_number(6)})
    assert (expired["id_expired"], current["id_expired"], long_term["id_expired"]) == (
        True, False, False,
    )  # fmt: skip
    listed = httpx.get(
        live_server.url + HALL + "/tickets", headers=live_server.headers("clerk"), timeout=10
    ).json()
    flags = {t["number"]: t["id_expired"] for t in listed}
    assert flags[expired["number"]] is True and flags[current["number"]] is False
    clerk = live_server.headers("clerk")
    called = httpx.post(live_server.url + HALL + "/windows/1/call-next", headers=clerk, timeout=10)
    assert called.json()["ticket"]["number"] == expired["number"]
    for role, shown in (("clerk", True), ("display", None)):  # devices: no personal fields
        windows = httpx.get(
            live_server.url + HALL + "/windows", headers=live_server.headers(role), timeout=10
        ).json()
        assert windows[0]["current_ticket"]["id_expired"] is shown


def test_employer_only_services_say_so(live_server: LiveServer) -> None:
    services = httpx.get(live_server.url + HALL + "/services", timeout=10).json()
    flags = {s["code"]: s["employers_only"] for s in services}
    assert flags["QY01"] is True and flags["HJ01"] is False
