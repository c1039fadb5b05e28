# ruff: noqa: F811  (pytest fixtures imported from tests.queue_server.api._api)
"""Routes in-process (TestClient): error bodies, roles and hall scoping, validation, OpenAPI."""

from __future__ import annotations

from datetime import timedelta

import pytest

from queue_server.clock import MovableClock
from queue_server.store import Store
from tests.queue_server.api._api import TestClient, bearer, client, clock, store, ticket_body  # noqa: F401

CLERK_ACTIONS = [
    "call-next",
    "recall",
    "start",
    "finish",
    "no-show",
    "transfer",
    "pause",
    "resume",
    "call",
    "evaluation-prompt",
]
BODIES = {"call": {"number": "A001", "reason": "老人"}, "transfer": {"to_service": "HJ02"}}


def assert_error(answer: object, status: int, code: str) -> None:
    assert answer.status_code == status, answer.text  # type: ignore[attr-defined]
    error = answer.json()["error"]  # type: ignore[attr-defined]
    assert error["code"] == code
    assert error["zh"] and error["en"] and error["zh"] != error["en"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["zh"])  # Chinese text


@pytest.mark.parametrize("action", CLERK_ACTIONS)
def test_kiosk_and_display_tokens_cannot_work_a_window(
    client: TestClient, store: Store, action: str
) -> None:
    url = f"/api/halls/qixia/windows/1/{action}"
    for role in ("kiosk", "display", "platform"):
        assert_error(
            client.post(url, json=BODIES.get(action), headers=bearer(store, role)), 403, "forbidden"
        )
    assert_error(client.post(url, json=BODIES.get(action)), 401, "unauthorized")
    other_hall = bearer(store, "clerk", hall="maqun")
    assert_error(client.post(url, json=BODIES.get(action), headers=other_hall), 403, "wrong_hall")
    other_window = bearer(store, "clerk", window=2)
    assert_error(
        client.post(url, json=BODIES.get(action), headers=other_window), 403, "wrong_window"
    )


@pytest.mark.parametrize(
    "path,body",
    [
        ("/api/halls/qixia/tickets", ticket_body()),
        ("/api/halls/qixia/tickets/offline", {"kiosk_id": "K1", "tickets": []}),
        ("/api/halls/qixia/devices/faults", {"kiosk_id": "K1", "device": "printer", "state": "ok"}),
        ("/api/halls/qixia/appointments/check-in", {"code": "X"}),
    ],
)
def test_only_kiosks_and_managers_issue(
    client: TestClient, store: Store, path: str, body: dict[str, object]
) -> None:
    for role in ("clerk", "display"):
        assert_error(client.post(path, json=body, headers=bearer(store, role)), 403, "forbidden")
    assert_error(client.post(path, json=body), 401, "unauthorized")
    assert_error(
        client.post(path, json=body, headers=bearer(store, "kiosk", "maqun")), 403, "wrong_hall"
    )
    assert client.post(
        path, json=body, headers=bearer(store, "manager", "*")
    ).status_code < 403 or path.endswith("check-in")


def test_expired_bad_and_disabled_tokens_get_401(
    client: TestClient, store: Store, clock: MovableClock
) -> None:
    url = "/api/halls/qixia/windows"
    old = bearer(store, "clerk", ttl=timedelta(minutes=5))
    clock.advance(minutes=6)
    assert_error(client.get(url, headers=old), 401, "token_expired")
    assert_error(
        client.get(url, headers={"Authorization": "Bearer v1.forged.sig"}), 401, "invalid_token"
    )
    login = client.post("/api/auth/login", json={"username": "clerk", "password": "demo1234"})
    assert login.status_code == 200 and login.json()["hall"] == "qixia"
    token = {"Authorization": f"Bearer {login.json()['token']}"}
    assert client.get(url, headers=token).status_code == 200
    store.disable_user("clerk")
    assert client.get(url, headers=token).status_code == 401


def test_login_token_expires_after_the_configured_hours(
    client: TestClient, clock: MovableClock
) -> None:
    login = client.post("/api/auth/login", json={"username": "manager", "password": "demo1234"})
    token = {"Authorization": f"Bearer {login.json()['token']}"}
    clock.advance(hours=11, minutes=59)
    assert client.get("/api/halls/qixia/tickets", headers=token).status_code == 200
    clock.advance(minutes=2)
    assert_error(client.get("/api/halls/qixia/tickets", headers=token), 401, "token_expired")


@pytest.mark.parametrize(
    "body,field",
    [
        ({}, "service"),
        ({"service": 12}, "service"),
        ({"service": "HJ01", "priority": "vip"}, "priority"),
        ({"service": "HJ01", "id_card": {"name": "x"}}, "id_card.number"),
    ],
)
def test_bad_bodies_get_422_with_a_message(
    client: TestClient, store: Store, body: dict[str, object], field: str
) -> None:
    answer = client.post("/api/halls/qixia/tickets", json=body, headers=bearer(store, "kiosk"))
    assert_error(answer, 422, "invalid_input")
    assert any(f.endswith(field) for f in answer.json()["error"]["fields"])
    assert field.split(".")[-1] in answer.json()["error"]["en"]


def test_not_json_gets_422(client: TestClient, store: Store) -> None:
    answer = client.post(
        "/api/halls/qixia/tickets",
        content=b"{not json",
        headers={**bearer(store, "kiosk"), "Content-Type": "application/json"},
    )
    assert_error(answer, 422, "invalid_input")


def test_unknown_things_get_404(client: TestClient, store: Store) -> None:
    kiosk, clerk = bearer(store, "kiosk", "*"), bearer(store, "clerk")
    assert_error(client.get("/api/halls/nowhere"), 404, "unknown_hall")
    assert_error(
        client.post("/api/halls/qixia/tickets", json=ticket_body(service="XX99"), headers=kiosk),
        404,
        "unknown_service",
    )
    assert_error(
        client.post("/api/halls/qixia/windows/99/call-next", headers=clerk), 404, "unknown_window"
    )
    assert_error(client.get("/api/tickets/not-a-token"), 404, "unknown_ticket")
    assert_error(client.get("/api/no/such/path"), 404, "not_found")


def test_conflicts_get_409(client: TestClient, store: Store) -> None:
    kiosk, clerk = bearer(store, "kiosk"), bearer(store, "clerk")
    assert (
        client.post("/api/halls/qixia/tickets", json=ticket_body(1), headers=kiosk).status_code
        == 201
    )
    assert_error(
        client.post("/api/halls/qixia/tickets", json=ticket_body(1), headers=kiosk),
        409,
        "duplicate_ticket",
    )
    assert_error(
        client.post("/api/halls/qixia/windows/1/finish", headers=clerk), 409, "illegal_transition"
    )
    assert client.post("/api/halls/qixia/windows/1/call-next", headers=clerk).status_code == 200
    assert_error(
        client.post("/api/halls/qixia/windows/1/call-next", headers=clerk), 409, "window_busy"
    )
    assert_error(
        client.post("/api/halls/qixia/appointments/check-in", json={"code": "A"}, headers=kiosk),
        422,
        "invalid_code",
    )


def test_no_open_window_says_ask_the_guidance_desk(client: TestClient, store: Store) -> None:
    clerk = bearer(store, "clerk")
    hall = store.district.halls["qixia"]
    for window in hall.windows_serving("HJ01"):
        client.post(
            f"/api/halls/qixia/windows/{window.number}/pause",
            json={"reason": "会议"},
            headers=clerk,
        )
    answer = client.post(
        "/api/halls/qixia/tickets", json=ticket_body(), headers=bearer(store, "kiosk")
    )
    assert_error(answer, 409, "no_open_window")
    assert "人工导引台" in answer.json()["error"]["zh"]
    service = next(s for s in client.get("/api/halls/qixia/services").json() if s["code"] == "HJ01")
    assert service["available"] is False
    assert service["unavailable_reason"]["code"] == "no_open_window"


def test_idempotent_retry_answers_200_with_the_first_ticket(
    client: TestClient, store: Store
) -> None:
    body = {**ticket_body(3), "idempotency_key": "kiosk1-0001"}
    first = client.post("/api/halls/qixia/tickets", json=body, headers=bearer(store, "kiosk"))
    again = client.post("/api/halls/qixia/tickets", json=body, headers=bearer(store, "kiosk"))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"] and again.json()["number"] == "A001"


def test_openapi_lists_the_contract_paths(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/halls/{hall}/tickets",
        "/api/tickets/{token}",
        "/api/halls/{hall}/windows/{window}/call-next",
        "/api/halls/{hall}/events",
        "/api/auth/login",
        "/api/halls/{hall}/board",
        "/api/events",
    ):
        assert path in paths


@pytest.mark.parametrize(
    "action,body,field",
    [
        ("finish", {"outcome": "maybe"}, "outcome"),
        ("transfer", {"to_window": 0}, "to_window"),
        ("call", {"number": "A001"}, "reason"),
        ("pause", {"reason": ""}, "reason"),
    ],
)
def test_bad_window_bodies_get_422(
    client: TestClient, store: Store, action: str, body: dict[str, object], field: str
) -> None:
    answer = client.post(
        f"/api/halls/qixia/windows/1/{action}", json=body, headers=bearer(store, "clerk")
    )
    assert_error(answer, 422, "invalid_input")
    assert any(f.endswith(field) for f in answer.json()["error"]["fields"])


def test_reading_lists_needs_the_right_role(client: TestClient, store: Store) -> None:
    assert_error(
        client.get("/api/halls/qixia/tickets", headers=bearer(store, "kiosk")), 403, "forbidden"
    )
    assert_error(
        client.get("/api/halls/qixia/board", headers=bearer(store, "kiosk")), 403, "forbidden"
    )
    faults = "/api/halls/qixia/devices/faults"
    assert_error(client.get(faults, headers=bearer(store, "display")), 403, "forbidden")
    assert client.get(faults, headers=bearer(store, "clerk")).status_code == 200  # its console
    other_hall = bearer(store, "clerk", hall="yaohua")
    assert_error(client.get(faults, headers=other_hall), 403, "wrong_hall")
    assert (
        client.get("/api/halls/qixia/windows", headers=bearer(store, "display")).status_code == 200
    )
    assert client.get("/api/halls/qixia/board", headers=bearer(store, "display")).status_code == 200
