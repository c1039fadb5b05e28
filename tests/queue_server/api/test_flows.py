# ruff: noqa: F811  (pytest fixtures imported from tests.queue_server.api._api)
"""Whole flows through the routes (TestClient): transfer, out-of-order call, evaluation prompt,
offline hand-over, device faults, board, lists."""

from __future__ import annotations

import sqlite3
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from queue_server.clock import MovableClock
from queue_server.store import Store
from tests.queue_server._district import id_number
from tests.queue_server.api._api import TestClient, bearer, client, clock, store, ticket_body  # noqa: F401

W1 = "/api/halls/qixia/windows/1"


def issue(
    client: TestClient, store: Store, serial: int, service: str = "HJ01", **extra: Any
) -> dict[str, Any]:
    answer = client.post(
        "/api/halls/qixia/tickets",
        json={**ticket_body(serial, service), **extra},
        headers=bearer(store, "kiosk"),
    )
    assert answer.status_code == 201, answer.text
    result: dict[str, Any] = answer.json()
    return result


def test_transfer_to_another_service_keeps_number_and_arrival(
    client: TestClient, store: Store, clock: MovableClock
) -> None:
    first = issue(client, store, 1)
    clock.advance(minutes=3)
    clerk = bearer(store, "clerk")
    client.post(W1 + "/call-next", headers=clerk)
    client.post(W1 + "/start", headers=clerk)
    moved = client.post(
        W1 + "/transfer", json={"to_service": "SB01", "reason": "需社保窗口"}, headers=clerk
    ).json()["ticket"]
    assert (moved["number"], moved["service"], moved["status"]) == ("A001", "SB01", "waiting")
    assert moved["arrived_at"] == first["arrived_at"]
    window = client.get(W1, headers=clerk).json()
    assert window["current_ticket"] is None
    sb_window = next(
        w
        for w in client.get("/api/halls/qixia/windows", headers=clerk).json()
        if "SB01" in w["services"]
    )
    called = client.post(
        f"/api/halls/qixia/windows/{sb_window['number']}/call-next", headers=clerk
    ).json()["ticket"]
    assert called["id"] == moved["id"]
    follow = client.get(f"/api/tickets/{first['token']}").json()
    assert follow["status"] == "called" and follow["window"] == sb_window["number"]


def test_call_specific_number_and_evaluation_prompt(client: TestClient, store: Store) -> None:
    issue(client, store, 1), issue(client, store, 2)
    clerk = bearer(store, "clerk")
    called = client.post(W1 + "/call", json={"number": "A002", "reason": "预约改期"}, headers=clerk)
    assert called.json()["ticket"]["number"] == "A002"
    assert client.post(W1 + "/evaluation-prompt", headers=clerk).status_code == 409
    client.post(W1 + "/start", headers=clerk)
    done = client.post(W1 + "/finish", json={"outcome": "certificate"}, headers=clerk)
    assert done.json()["ticket"]["outcome"] == "certificate"
    prompt = client.post(W1 + "/evaluation-prompt", headers=clerk)
    assert prompt.status_code == 202 and prompt.json()["ticket"]["number"] == "A002"
    types = [e.type for e in store.events_after(0, "qixia")]
    assert types[-1] == "evaluation.prompt"
    with sqlite3.connect(store.path) as log:
        reason = log.execute("SELECT reason FROM events WHERE type = 'ticket.called'").fetchone()
    assert reason[0] == "预约改期"


def test_recall_no_show_pause_resume(client: TestClient, store: Store) -> None:
    issue(client, store, 1)
    clerk = bearer(store, "clerk")
    client.post(W1 + "/call-next", headers=clerk)
    assert client.post(W1 + "/recall", headers=clerk).json()["ticket"]["recall_count"] == 1
    gone = client.post(W1 + "/no-show", json={"reason": "三次未到"}, headers=clerk).json()["ticket"]
    assert gone["status"] == "no_show"
    paused = client.post(W1 + "/pause", json={"reason": "午休"}, headers=clerk).json()
    assert (paused["state"], paused["pause_reason"]) == ("paused", "午休")
    issue(client, store, 2)
    assert client.post(W1 + "/call-next", headers=clerk).json()["error"]["code"] == "window_paused"
    assert client.post(W1 + "/resume", headers=clerk).json()["state"] == "open"
    assert client.post(W1 + "/call-next", headers=clerk).status_code == 200


def test_offline_hand_over_keeps_numbers_and_arrival_and_is_idempotent(
    client: TestClient, store: Store
) -> None:
    kiosk = bearer(store, "kiosk")
    online = issue(client, store, 9)
    papers: list[dict[str, Any]] = [
        {
            "number": "AK101",
            "service": "HJ01",
            "issued_at": "2026-11-27T09:30:00+08:00",
            "idempotency_key": "K1-1",
            "id_card": {"number": id_number(1), "name": "李雷"},
        },
        {
            "number": "AK102",
            "service": "HJ01",
            "issued_at": "2026-11-27T01:31:00Z",
            "idempotency_key": "K1-2",
        },
    ]
    batch = {"kiosk_id": "K1", "tickets": papers}
    first = client.post("/api/halls/qixia/tickets/offline", json=batch, headers=kiosk)
    assert first.status_code == 200, first.text
    handed = first.json()["tickets"]
    assert [t["number"] for t in handed] == ["AK101", "AK102"]
    assert [t["source"] for t in handed] == ["offline", "offline"]
    assert handed[0]["arrived_at"] == "2026-11-27T09:30:00+08:00"
    assert handed[1]["arrived_at"] == "2026-11-27T09:31:00+08:00"
    assert [t["ahead"] for t in handed] == [0, 1]  # they arrived before the online ticket
    again = client.post("/api/halls/qixia/tickets/offline", json=batch, headers=kiosk).json()
    assert [t["id"] for t in again["tickets"]] == [t["id"] for t in handed]
    assert client.get(f"/api/tickets/{online['token']}").json()["ahead"] == 2
    clash = {"kiosk_id": "K1", "tickets": [{**papers[1], "idempotency_key": "other"}]}
    answer = client.post("/api/halls/qixia/tickets/offline", json=clash, headers=kiosk)
    assert answer.status_code == 409 and answer.json()["error"]["code"] == "duplicate_number"
    bad = {"kiosk_id": "K1", "tickets": [{**papers[0], "number": "A001"}]}
    assert (
        client.post("/api/halls/qixia/tickets/offline", json=bad, headers=kiosk).status_code == 422
    )


def test_hand_over_of_a_ticket_whose_answer_was_lost_keeps_the_paper_number(
    client: TestClient, store: Store
) -> None:
    kiosk = bearer(store, "kiosk")
    # the kiosk never saw this answer
    lost = issue(client, store, 7, idempotency_key="K1-7", kiosk_id="K1")
    paper = {"number": "AK101", "service": "HJ01", "issued_at": lost["issued_at"]}
    batch = {"kiosk_id": "K1", "tickets": [{**paper, "idempotency_key": "K1-7"}]}
    handed = client.post("/api/halls/qixia/tickets/offline", json=batch, headers=kiosk).json()
    (ticket,) = handed["tickets"]
    assert (ticket["id"], ticket["number"]) == (lost["id"], "AK101")
    assert client.get(f"/api/tickets/{lost['token']}").json()["number"] == "AK101"
    waiting = client.get("/api/halls/qixia/tickets?status=waiting", headers=bearer(store, "clerk"))
    assert [t["number"] for t in waiting.json()] == ["AK101"]
    again = client.post("/api/halls/qixia/tickets/offline", json=batch, headers=kiosk).json()
    assert again["tickets"][0]["id"] == lost["id"]


def test_device_faults_are_logged_and_listed(client: TestClient, store: Store) -> None:
    fault = {"kiosk_id": "K2", "device": "printer", "state": "paper_out", "message": "缺纸"}
    answer = client.post(
        "/api/halls/qixia/devices/faults", json=fault, headers=bearer(store, "kiosk")
    )
    assert answer.status_code == 201 and answer.json()["state"] == "paper_out"
    listed = client.get("/api/halls/qixia/devices/faults", headers=bearer(store, "manager", "*"))
    assert [f["message"] for f in listed.json()] == ["缺纸"]
    # the alert job may log `alert.raised` for it meanwhile (the managers' dashboard)
    event = next(e for e in store.events_after(0, "qixia") if e.type == "device.fault")
    assert (
        event.data["fault"]["device"] == "printer" and event.data["fault"]["state"] == "paper_out"
    )


def test_board_lists_and_halls(client: TestClient, store: Store) -> None:
    for serial in range(1, 4):
        issue(client, store, serial)
    issue(client, store, 4, "SB01")
    clerk = bearer(store, "clerk")
    client.post(W1 + "/call-next", headers=clerk)
    client.post(W1 + "/recall", headers=clerk)
    board = client.get("/api/halls/qixia/board", headers=bearer(store, "display")).json()
    assert [(c["number"], c["recall"]) for c in board["calls"]] == [("A001", True), ("A001", False)]
    assert {c["code"]: c["waiting"] for c in board["waiting_by_category"]} == {"HJ": 2, "SB": 1}
    assert board["hall"]["waiting"] == 3 and len(board["windows"]) == 30
    waiting = client.get("/api/halls/qixia/tickets?status=waiting", headers=clerk).json()
    assert [t["number"] for t in waiting] == ["A002", "A003", "B001"]
    assert "token" not in waiting[0]
    halls = client.get("/api/services/HJ01/halls").json()
    assert {h["id"] for h in halls} >= {"qixia"}
    qixia = next(h for h in halls if h["id"] == "qixia")
    assert qixia["waiting"] == 2 and qixia["address"]["zh"].startswith("南京市栖霞区")
    window = client.get("/api/halls/qixia/windows/2", headers=clerk).json()
    assert window["queues"][0] == {"service": "HJ01", "waiting": 2, "longest_wait_minutes": 0}
    assert client.get("/api/halls/qixia/tickets?status=bogus", headers=clerk).status_code == 422


def test_the_day_rolls_over_at_midnight_without_any_request(tmp_path: Path) -> None:
    from queue_server.api.app import create_app
    from queue_server.api.state import AppState
    from queue_server.clock import shanghai
    from queue_server.config_loader import load_district
    from queue_server.store import IssueRequest, Settings

    clock = MovableClock(shanghai(2026, 11, 27, 23, 59) + timedelta(seconds=59.8))
    quiet = Store(
        tmp_path / "q.db", load_district(), clock=clock, settings=Settings(check_hours=False)
    )
    quiet.issue(IssueRequest("qixia", "ZX01"), "kiosk")
    with TestClient(create_app(AppState(quiet))):
        clock.advance(seconds=1)  # now 00:00:00.8 on the 28th; nobody calls the API
        deadline = time.monotonic() + 10
        while not any(e.type == "day.closed" for e in quiet.events_after(0)):
            assert time.monotonic() < deadline, "no day.closed event after midnight"
            time.sleep(0.02)  # polling with a deadline
    with sqlite3.connect(quiet.path) as conn:
        statuses = {r[0] for r in conn.execute("SELECT status FROM tickets")}
    assert statuses == {"no_show"}


def test_calling_a_ticket_another_window_took_says_so_in_words(
    client: TestClient, store: Store
) -> None:
    clerk = bearer(store, "clerk")
    ticket = issue(client, store, 11)
    assert client.post("/api/halls/qixia/windows/1/call-next", headers=clerk).status_code == 200
    body = {"number": ticket["number"], "reason": "citizen came back"}
    answer = client.post("/api/halls/qixia/windows/2/call", json=body, headers=clerk)
    assert answer.status_code == 409
    error = answer.json()["error"]
    assert error["code"] == "illegal_transition"
    assert f"号票 {ticket['number']} 当前状态为“已叫号”" in error["zh"]
    assert "not waiting" not in error["zh"]
