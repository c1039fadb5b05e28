"""The offline hand-over and idempotency keys against the real server (issue 9: findings 3, 4
and 8): a hand-over cannot jump the queue, a batch is all or none, keys belong to their caller."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx

from queue_server.clock import shanghai
from queue_server.engine.handover import CLOCK_SKEW
from queue_server.engine.numbering import DEFAULT_TZ
from queue_server.engine.privacy import id_check_char
from queue_server.store.timeutil import zone
from tests.fixtures.live_server import LiveServer
from tests.queue_server._district import id_number

TICKETS = "/api/halls/qixia/tickets"
ENQUIRY_WINDOW = 30  # qixia window 30 serves ZX01 (综合咨询, prefix Z, no ID card)


def now_text() -> str:
    return datetime.now(zone(DEFAULT_TZ)).isoformat(timespec="seconds")


def paper(number: str, key: str, issued_at: str | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "number": number,
        "service": "ZX01",
        "issued_at": issued_at or now_text(),
        "idempotency_key": key,
        **extra,
    }


def post(server: LiveServer, path: str, body: Any, token: str | None = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token or server.token('kiosk')}"}
    return httpx.post(server.url + path, json=body, headers=headers, timeout=10)


def hand_over(server: LiveServer, *papers: dict[str, Any], token: str | None = None) -> Any:
    return post(server, TICKETS + "/offline", {"kiosk_id": "K1", "tickets": list(papers)}, token)


def waiting(server: LiveServer) -> list[str]:
    answer = httpx.get(
        server.url + TICKETS, params={"status": "waiting"}, headers=server.headers("clerk")
    )
    return [ticket["number"] for ticket in answer.json()]


def refused(answer: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    error: dict[str, Any] = answer.json()["error"]
    assert error["code"] == code and error["zh"] and error["en"], error
    return error


def call_next(server: LiveServer) -> str:
    path = f"/api/halls/qixia/windows/{ENQUIRY_WINDOW}/call-next"
    answer = httpx.post(server.url + path, headers=server.headers("clerk"), timeout=10)
    assert answer.status_code == 200, answer.text
    number: str = answer.json()["ticket"]["number"]
    return number


# --- finding 3: a hand-over cannot push a ticket to the front ---------------------------------


def test_the_audits_hand_overs_are_refused_and_nobody_is_called_before_the_queue(
    live_server: LiveServer,
) -> None:
    online = post(live_server, TICKETS, {"service": "ZX01"})
    assert online.status_code == 201 and online.json()["number"] == "Z001"
    attacks = [
        (paper("ZK199", "backdate-1", "2000-01-01T00:00:00+08:00"), 422, "invalid_issued_at"),
        (paper("ZK198", "future-1", "2099-01-01T09:30:00+08:00"), 422, "invalid_issued_at"),
        ({**paper("QK101", "prefix-1"), "service": "HJ01"}, 422, "invalid_number"),
        (paper("ZK١٠١", "arabic-1"), 422, "invalid_number"),
        (paper("ZK1" + "0" * 4297 + "1", "long-1"), 422, "invalid_input"),
    ]
    for item, status, code in attacks:
        error = refused(hand_over(live_server, item), status, code)
        if code != "invalid_input":  # the body's own schema: `fields` names the ticket instead
            assert (error["index"], error["number"]) == (0, item["number"])
    assert waiting(live_server) == ["Z001"]
    assert call_next(live_server) == "Z001"


def test_a_hand_over_just_past_the_servers_clock_is_refused_and_names_the_clock(
    live_server: LiveServer,
) -> None:
    late = (datetime.now(zone(DEFAULT_TZ)) + CLOCK_SKEW + timedelta(minutes=1)).isoformat()
    answer = hand_over(live_server, paper("ZK101", "fast-1", late))
    error = refused(answer, 422, "invalid_issued_at")
    assert "5 minutes" in error["en"] and "5 分钟" in error["zh"]
    server_time = datetime.fromisoformat(error["server_time"])
    assert server_time.utcoffset() == timedelta(hours=8)  # the hall's zone
    assert abs(datetime.now(zone(DEFAULT_TZ)) - server_time) < timedelta(seconds=30)


def test_a_normal_hand_over_keeps_its_place(live_server: LiveServer) -> None:
    earlier = (datetime.now(zone(DEFAULT_TZ)) - timedelta(seconds=2)).isoformat(timespec="seconds")
    post(live_server, TICKETS, {"service": "ZX01"})  # Z001, issued after the paper
    answer = hand_over(live_server, paper("ZK101", "ok-1", earlier))
    assert answer.status_code == 200, answer.text
    (ticket,) = answer.json()["tickets"]
    assert (ticket["number"], ticket["source"], ticket["arrived_at"]) == (
        "ZK101", "offline", earlier,
    )  # fmt: skip
    assert call_next(live_server) == "ZK101"


def test_with_hours_enforced_the_small_hours_are_refused(make_live_server: Any) -> None:
    opening = shanghai(2026, 11, 27, 9, 0)  # a Friday; qixia opens 09:00-17:00
    server = make_live_server(ignore_hours=False, clock_start=shanghai(2026, 11, 27, 10, 0))
    post(server, TICKETS, {"service": "ZX01"})  # Z001 at 10:00
    night = paper("ZK101", "night-1", shanghai(2026, 11, 27, 0, 1).isoformat())
    refused(hand_over(server, night), 422, "invalid_issued_at")
    early = (opening - CLOCK_SKEW - timedelta(seconds=1)).isoformat()
    refused(hand_over(server, paper("ZK101", "early-1", early)), 422, "invalid_issued_at")
    assert waiting(server) == ["Z001"]
    just_before = (opening - CLOCK_SKEW).isoformat()  # a kiosk clock a little slow
    assert hand_over(server, paper("ZK102", "skew-1", just_before)).status_code == 200
    assert call_next(server) == "ZK102"


# --- finding 4: a batch is all or none --------------------------------------------------------


def bad_checksum(serial: int) -> str:
    good = id_number(serial)
    wrong = next(c for c in "0123456789X" if c != id_check_char(good[:17]))
    return good[:17] + wrong


def test_a_batch_with_a_bad_id_number_stores_nothing(live_server: LiveServer) -> None:
    good = paper("ZK301", "atomic-301")
    bad = paper("ZK302", "atomic-302", id_card={"number": bad_checksum(5), "name": "李雷"})
    error = refused(hand_over(live_server, good, bad), 422, "invalid_id_number")
    assert (error["index"], error["number"]) == (1, "ZK302")
    assert waiting(live_server) == []
    assert [t["number"] for t in hand_over(live_server, good).json()["tickets"]] == ["ZK301"]


def test_a_batch_with_an_unknown_service_stores_nothing(live_server: LiveServer) -> None:
    good = paper("ZK303", "atomic-303")
    unknown = {**paper("ZK304", "atomic-304"), "service": "NOPE"}
    error = refused(hand_over(live_server, good, unknown), 404, "unknown_service")
    assert (error["index"], error["number"]) == (1, "ZK304")
    assert waiting(live_server) == []
    assert hand_over(live_server, good).status_code == 200


def test_a_batch_refused_while_writing_is_rolled_back(live_server: LiveServer) -> None:
    first, twice = paper("ZK305", "atomic-305"), paper("ZK305", "atomic-306")
    error = refused(hand_over(live_server, first, twice), 409, "duplicate_number")
    assert (error["index"], error["number"]) == (1, "ZK305")
    assert waiting(live_server) == []


# --- finding 8: idempotency keys belong to their caller ---------------------------------------


def test_a_key_with_another_request_is_a_conflict(live_server: LiveServer) -> None:
    body = {"service": "ZX01", "idempotency_key": "key-1", "kiosk_id": "K1"}
    first = post(live_server, TICKETS, body)
    assert first.status_code == 201
    again = post(live_server, TICKETS, body)
    assert (again.status_code, again.json()["id"]) == (200, first.json()["id"])
    for changed in (
        {"service": "ZX02"},
        {"priority": "green"},
        {"service": "HJ01", "id_card": {"number": id_number(1), "name": "王小明"}},
    ):
        answer = post(live_server, TICKETS, {**body, **changed})
        error = refused(answer, 409, "idempotency_conflict")
        assert "token" not in error and first.json()["number"] not in str(error)
    assert waiting(live_server) == [first.json()["number"]]


def test_another_caller_never_gets_a_kiosks_ticket(live_server: LiveServer) -> None:
    body = {"service": "ZX01", "idempotency_key": "shared-1", "kiosk_id": "K1"}
    kiosks = post(live_server, TICKETS, body).json()
    manager = live_server.login("manager", "demo1234")
    theirs = post(live_server, TICKETS, body, manager)
    other_kiosk = post(live_server, TICKETS, {**body, "kiosk_id": "K2"})
    for answer in (theirs, other_kiosk):
        assert answer.status_code == 201, answer.text
        assert answer.json()["id"] != kiosks["id"] and answer.json()["token"] != kiosks["token"]
    assert post(live_server, TICKETS, body, manager).json()["id"] == theirs.json()["id"]


def test_hand_over_keys_belong_to_their_caller_and_their_request(live_server: LiveServer) -> None:
    item = paper("ZK101", "paper-1")
    handed = hand_over(live_server, item).json()["tickets"][0]
    answer = hand_over(live_server, {**item, "number": "ZK102"})
    error = refused(answer, 409, "idempotency_conflict")
    assert (error["index"], error["number"]) == (0, "ZK102")
    manager = live_server.login("manager", "demo1234")
    refused(hand_over(live_server, item, token=manager), 409, "duplicate_number")
    assert hand_over(live_server, item).json()["tickets"][0]["token"] == handed["token"]
    assert waiting(live_server) == ["ZK101"]
