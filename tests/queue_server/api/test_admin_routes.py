# ruff: noqa: F811  (pytest fixtures imported from tests.queue_server.api._api)
"""Administration over HTTP (in-process app): each action, its role and hall scoping, the audit
rows and their CSV export, and that every change takes effect at once."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from queue_server.store import Store
from tests.queue_server.api._api import TestClient, bearer, client, clock, store, ticket_body  # noqa: F401

W2 = "/api/halls/qixia/windows/2"
PASSWORD = "secret-pass-1"
# (method, path, body) of every manager action on hall qixia
MANAGER_ACTIONS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("PUT", W2 + "/services", {"services": ["HJ02"]}),
    ("PUT", W2 + "/state", {"state": "closed"}),
    ("PUT", "/api/halls/qixia/notices", {"lines": [{"zh": "通知", "en": "Notice"}]}),
    ("GET", "/api/halls/qixia/accounts", None),
    ("POST", "/api/halls/qixia/accounts", {"username": "clerk-new", "password": PASSWORD}),
    ("POST", "/api/halls/qixia/accounts/clerk/disable", None),
    ("POST", "/api/halls/qixia/accounts/clerk/enable", None),
    ("GET", "/api/halls/qixia/device-tokens", None),
    ("POST", "/api/halls/qixia/device-tokens/00000000/revoke", None),
    ("GET", "/api/halls/qixia/audit", None),
    ("GET", "/api/halls/qixia/audit.csv", None),
]
ADMIN_ACTIONS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "/api/admin/district", None),
    ("PUT", "/api/halls/qixia/settings", {"target_wait_minutes": 15}),
    ("PUT", "/api/services/HJ01/daily-cap", {"daily_cap": 50}),
]


def login(client: TestClient, store: Store, username: str, role: str, hall: str) -> dict[str, str]:
    store.add_user(username, PASSWORD, role, hall)
    answer = client.post("/api/auth/login", json={"username": username, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


@pytest.fixture
def boss(client: TestClient, store: Store) -> dict[str, str]:
    """The manager of qixia (signed in)."""
    return login(client, store, "boss-qixia", "manager", "qixia")


def test_a_switched_window_calls_the_new_service_next(
    client: TestClient, store: Store, boss: dict[str, str]
) -> None:
    """Window 2 serves HJ01 first; switched to HJ02 alone it calls the HJ02 ticket, though the
    HJ01 ticket came first."""
    kiosk, clerk = bearer(store, "kiosk"), bearer(store, "clerk")
    first = client.post("/api/halls/qixia/tickets", json=ticket_body(1, "HJ01"), headers=kiosk)
    later = client.post("/api/halls/qixia/tickets", json=ticket_body(2, "HJ02"), headers=kiosk)
    assert first.status_code == later.status_code == 201
    assert client.get(W2, headers=clerk).json()["services"][:2] == ["HJ01", "HJ02"]
    switched = client.put(W2 + "/services", json={"services": ["HJ02"]}, headers=boss)
    assert switched.status_code == 200 and switched.json()["services"] == ["HJ02"]
    assert client.get(W2, headers=clerk).json()["services"] == ["HJ02"]
    called = client.post(W2 + "/call-next", headers=clerk).json()["ticket"]
    assert called["number"] == later.json()["number"]


@pytest.mark.parametrize(("method", "path", "body"), MANAGER_ACTIONS + ADMIN_ACTIONS)
def test_another_halls_manager_is_refused(
    client: TestClient, store: Store, method: str, path: str, body: dict[str, Any] | None
) -> None:
    other = login(client, store, "boss-maqun", "manager", "maqun")
    answer = client.request(method, path, json=body, headers=other)
    assert answer.status_code == 403, answer.text
    assert answer.json()["error"]["code"] in ("wrong_hall", "forbidden")
    assert store.audit_entries(None) == []


@pytest.mark.parametrize("role", ["clerk", "kiosk", "display"])
@pytest.mark.parametrize(("method", "path", "body"), MANAGER_ACTIONS[:3] + MANAGER_ACTIONS[4:])
def test_devices_and_clerks_may_not_administer(
    client: TestClient, store: Store, role: str, method: str, path: str, body: Any
) -> None:
    answer = client.request(method, path, json=body, headers=bearer(store, role))
    assert (answer.status_code, answer.json()["error"]["code"]) == (403, "forbidden")


@pytest.mark.parametrize(("method", "path", "body"), ADMIN_ACTIONS)
def test_district_settings_are_for_admins_only(
    client: TestClient, store: Store, method: str, path: str, body: Any
) -> None:
    district_manager = login(client, store, "boss-all", "manager", "*")
    answer = client.request(method, path, json=body, headers=district_manager)
    assert (answer.status_code, answer.json()["error"]["code"]) == (403, "forbidden")
    admin = login(client, store, "root", "admin", "*")
    assert client.request(method, path, json=body, headers=admin).status_code == 200


def test_the_district_audit_log_needs_a_district_wide_manager(
    client: TestClient, store: Store, boss: dict[str, str]
) -> None:
    assert client.get("/api/audit", headers=boss).json()["error"]["code"] == "wrong_hall"
    wide = login(client, store, "boss-all", "manager", "*")
    client.put("/api/services/HJ01/daily-cap", json={"daily_cap": 9}, headers=login(
        client, store, "root", "admin", "*"))  # fmt: skip
    rows = client.get("/api/audit", headers=wide).json()
    assert [(r["action"], r["hall"], r["actor"], r["after"]) for r in rows] == [
        ("service.daily_cap", None, "root", 9)
    ]


def test_notices_reach_the_board_and_the_hall(
    client: TestClient, store: Store, boss: dict[str, str]
) -> None:
    lines = [{"zh": "今日 16:00 停止取号", "en": "No tickets after 16:00 today"}]
    assert client.put("/api/halls/qixia/notices", json={"lines": lines}, headers=boss).json() == {
        "hall": "qixia",
        "lines": lines,
    }
    display = bearer(store, "display")
    assert client.get("/api/halls/qixia/board", headers=display).json()["hall"]["notices"] == lines
    assert client.get("/api/halls/qixia").json()["notices"] == lines
    assert client.get("/api/halls/maqun").json()["notices"] == []
    assert (
        client.get("/api/halls/qixia/notices", headers=bearer(store, "kiosk")).json()["lines"]
        == lines
    )


def test_a_manager_opens_pauses_and_closes_a_window(
    client: TestClient, store: Store, boss: dict[str, str]
) -> None:
    for wanted, reason in (("paused", "系统维护"), ("closed", None), ("open", None)):
        answer = client.put(W2 + "/state", json={"state": wanted, "reason": reason}, headers=boss)
        assert (answer.json()["state"], answer.json()["pause_reason"]) == (wanted, reason)
    rows = store.audit_entries("qixia")
    assert [r["after"]["state"] for r in rows] == ["open", "closed", "paused"]


def test_a_clerk_account_is_added_and_disabled(
    client: TestClient, store: Store, boss: dict[str, str]
) -> None:
    body = {"username": "clerk-li", "password": PASSWORD, "window": 3}
    added = client.post("/api/halls/qixia/accounts", json=body, headers=boss)
    assert added.status_code == 201
    assert added.json() == {
        "username": "clerk-li",
        "role": "clerk",
        "hall": "qixia",
        "window": 3,
        "disabled": False,
    }
    again = client.post("/api/halls/qixia/accounts", json=body, headers=boss)
    assert (again.status_code, again.json()["error"]["code"]) == (409, "account_exists")
    signed = client.post("/api/auth/login", json={"username": "clerk-li", "password": PASSWORD})
    token = {"Authorization": f"Bearer {signed.json()['token']}"}
    assert client.get("/api/halls/qixia/windows/3", headers=token).status_code == 200
    disabled = client.post("/api/halls/qixia/accounts/clerk-li/disable", headers=boss)
    assert disabled.json()["disabled"] is True
    assert client.get("/api/halls/qixia/windows/3", headers=token).status_code == 401
    rows = store.audit_entries("qixia")
    assert [r["action"] for r in rows] == ["account.disable", "account.add"]
    assert PASSWORD not in str(rows) and "scrypt" not in str(rows)


def test_only_the_halls_own_clerks_are_listed_and_changed(
    client: TestClient, store: Store, boss: dict[str, str]
) -> None:
    names = [a["username"] for a in client.get("/api/halls/qixia/accounts", headers=boss).json()]
    assert names == ["clerk"]  # not clerk-maqun, not the managers
    answer = client.post("/api/halls/qixia/accounts/clerk-maqun/disable", headers=boss)
    assert (answer.status_code, answer.json()["error"]["code"]) == (404, "unknown_account")
    answer = client.post("/api/halls/qixia/accounts/boss-qixia/disable", headers=boss)
    assert answer.status_code == 404  # a manager is not a clerk account of the hall


def test_a_revoked_kiosk_token_is_refused_at_once(
    client: TestClient, store: Store, boss: dict[str, str]
) -> None:
    kiosk = bearer(store, "kiosk")
    listed = client.get("/api/halls/qixia/device-tokens", headers=boss).json()
    token_id = next(t["id"] for t in listed if t["role"] == "kiosk" and t["state"] == "active")
    revoked = client.post(f"/api/halls/qixia/device-tokens/{token_id}/revoke", headers=boss)
    assert revoked.json()["state"] == "revoked"
    refused = client.post("/api/halls/qixia/tickets", json=ticket_body(), headers=kiosk)
    assert (refused.status_code, refused.json()["error"]["code"]) == (401, "token_revoked")
    elsewhere = bearer(store, "kiosk", "maqun")
    other_id = next(t.id for t in store.device_tokens() if t.hall == "maqun")
    answer = client.post(f"/api/halls/qixia/device-tokens/{other_id}/revoke", headers=boss)
    assert (answer.status_code, answer.json()["error"]["code"]) == (404, "unknown_device_token")
    assert client.get("/api/halls/maqun/windows", headers=elsewhere).status_code == 200


def test_the_audit_log_exports_as_csv_with_chinese_headers(
    client: TestClient, store: Store, boss: dict[str, str]
) -> None:
    lines = [{"zh": '=HYPERLINK("x")', "en": ""}]
    client.put("/api/halls/qixia/notices", json={"lines": lines}, headers=boss)
    client.put(W2 + "/services", json={"services": ["HJ03"]}, headers=boss)
    answer = client.get("/api/halls/qixia/audit.csv", headers=boss)
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(answer.text.removeprefix("\ufeff"))))
    assert rows[0] == ["编号", "时间", "操作人", "角色", "大厅", "操作", "对象", "修改前", "修改后"]
    assert [(r[2], r[3], r[4], r[5], r[6]) for r in rows[1:]] == [
        ("boss-qixia", "manager", "qixia", "window.services", "qixia/2"),
        ("boss-qixia", "manager", "qixia", "hall.notices", "qixia"),
    ]
    assert rows[1][8] == '["HJ03"]' and not rows[2][8].startswith("=")


def test_bad_window_services_are_refused(client: TestClient, boss: dict[str, str]) -> None:
    answer = client.put(W2 + "/services", json={"services": ["NOPE"]}, headers=boss)
    assert (answer.status_code, answer.json()["error"]["code"]) == (422, "invalid_services")
    assert answer.json()["error"]["zh"].startswith("服务事项设置无效")
