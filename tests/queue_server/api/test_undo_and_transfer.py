# ruff: noqa: F811  (pytest fixtures imported from tests.queue_server.api._api)
"""Taking a no-show back within the undo time, and where a transferred ticket came from."""

from __future__ import annotations

from queue_server.clock import MovableClock
from queue_server.engine.states import NO_SHOW_UNDO_SECONDS
from queue_server.store import Store
from tests.queue_server.api._api import TestClient, bearer, client, clock, store, ticket_body  # noqa: F401

W1 = "/api/halls/qixia/windows/1"


def called_ticket(client: TestClient, store: Store, serial: int = 1) -> dict:
    issued = client.post(
        "/api/halls/qixia/tickets", json=ticket_body(serial), headers=bearer(store, "kiosk")
    )
    assert issued.status_code == 201, issued.text
    answer = client.post(W1 + "/call-next", headers=bearer(store, "clerk"))
    assert answer.status_code == 200, answer.text
    ticket: dict = answer.json()["ticket"]
    return ticket


def test_a_no_show_taken_back_is_called_at_the_window_again(
    client: TestClient, store: Store, clock: MovableClock
) -> None:
    clerk = bearer(store, "clerk")
    ticket = called_ticket(client, store)
    client.post(W1 + "/no-show", json={"reason": "多次叫号未到"}, headers=clerk)
    clock.advance(seconds=8)
    undone = client.post(W1 + "/undo-no-show", headers=clerk)
    assert undone.status_code == 200, undone.text
    back = undone.json()["ticket"]
    assert (back["id"], back["status"], back["window"]) == (ticket["id"], "called", 1)
    assert (back["finished_at"], back["outcome"]) == (None, None)
    window = client.get(W1, headers=clerk).json()
    assert window["current_ticket"]["id"] == ticket["id"]
    assert client.get(f"/api/tickets/{ticket['token']}").json()["status"] == "called"
    types = [event.type for event in store.events_after(0, "qixia")]
    assert types[-2:] == ["ticket.no_show", "ticket.no_show_undone"]
    start = client.post(W1 + "/start", headers=clerk)  # the case goes on as usual
    assert start.json()["ticket"]["status"] == "serving"
    again = client.post(W1 + "/undo-no-show", headers=clerk)  # nothing left to take back
    assert (again.status_code, again.json()["error"]["code"]) == (409, "window_busy")


def test_undo_is_refused_once_the_time_is_up(
    client: TestClient, store: Store, clock: MovableClock
) -> None:
    clerk = bearer(store, "clerk")
    called_ticket(client, store)
    client.post(W1 + "/no-show", json={"reason": "本人离开"}, headers=clerk)
    clock.advance(seconds=NO_SHOW_UNDO_SECONDS + 1)
    late = client.post(W1 + "/undo-no-show", headers=clerk)
    assert late.status_code == 409
    error = late.json()["error"]
    assert (error["code"], error["seconds"]) == ("undo_expired", NO_SHOW_UNDO_SECONDS)
    assert "撤销" in error["zh"] and "taken back" in error["en"]


def test_only_the_window_that_marked_it_takes_it_back(client: TestClient, store: Store) -> None:
    clerk = bearer(store, "clerk")
    called_ticket(client, store)
    client.post(W1 + "/no-show", json={"reason": "本人离开"}, headers=clerk)
    other = client.post("/api/halls/qixia/windows/2/undo-no-show", headers=clerk)
    assert (other.status_code, other.json()["error"]["code"]) == (409, "illegal_transition")
    finished = called_ticket(client, store, 2)  # a finished ticket is not a no-show
    assert finished["status"] == "called"
    client.post(W1 + "/start", headers=clerk)
    client.post(W1 + "/finish", json={"outcome": "handled"}, headers=clerk)
    done = client.post(W1 + "/undo-no-show", headers=clerk)
    assert (done.status_code, done.json()["error"]["code"]) == (409, "illegal_transition")
    kiosk = client.post(W1 + "/undo-no-show", headers=bearer(store, "kiosk"))
    assert kiosk.status_code == 403


def test_a_transferred_ticket_says_where_from_and_why(client: TestClient, store: Store) -> None:
    clerk = bearer(store, "clerk")
    called_ticket(client, store)
    moved = client.post(
        W1 + "/transfer", json={"to_service": "SB01", "reason": "需社保窗口办理"}, headers=clerk
    ).json()["ticket"]
    origin = {
        "from_window": 1,
        "from_window_label": "1号窗口",
        "from_service": "HJ01",
        "reason": "需社保窗口办理",
    }
    assert moved["transfer"] == origin
    listed = client.get("/api/halls/qixia/tickets?status=waiting", headers=clerk).json()
    assert next(t for t in listed if t["id"] == moved["id"])["transfer"] == origin
    board = client.get("/api/halls/qixia/windows", headers=bearer(store, "display")).json()
    assert board  # devices never get the clerk's words (they may name the person)
    sb = next(w for w in board if "SB01" in w["services"])
    taken = client.post(f"/api/halls/qixia/windows/{sb['number']}/call-next", headers=clerk)
    assert taken.json()["ticket"]["transfer"] == origin
    shown = client.get(f"/api/halls/qixia/windows/{sb['number']}", headers=bearer(store, "display"))
    assert shown.json()["current_ticket"]["transfer"] == {**origin, "reason": None}
    walk_in = called_ticket(client, store, 2)
    assert walk_in["transfer"] is None
