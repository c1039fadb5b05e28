"""The administration and audit pages over HTTP (the real server, a signed-in browser's
cookie): a hall's manager sees only their hall; the district's log is for hall `*` only."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from tests.fixtures.live_server import LiveServer
from tests.queue_server.web._dash import add_user, sign_in


@contextmanager
def signed_in(server: LiveServer, username: str, role: str, hall: str) -> Iterator[httpx.Client]:
    add_user(server, username, role, hall)
    with httpx.Client(base_url=server.url, timeout=10) as client:
        assert sign_in(client, username).status_code == 303
        yield client


def test_a_halls_manager_administers_only_their_hall(live_server: LiveServer) -> None:
    with signed_in(live_server, "boss-maqun", "manager", "maqun") as client:
        own = client.get("/manage/admin")
        assert own.status_code == 200 and "马群" in own.text and "1号窗口" in own.text
        assert "hall-settings" not in own.text  # the hours and caps are an admin's
        for path in ("/manage/admin?hall=qixia", "/manage/admin/windows?hall=qixia",
                     "/manage/audit?hall=qixia", "/manage/audit?hall=*"):  # fmt: skip
            assert client.get(path).status_code == 403, path
        audit = client.get("/manage/audit")
        assert audit.status_code == 200 and "审计日志" in audit.text
        assert "/api/halls/maqun/audit.csv" in audit.text


def test_the_audit_page_shows_changes_without_personal_data(live_server: LiveServer) -> None:
    with signed_in(live_server, "root-1", "admin", "*") as client:
        token = (
            client.get("/manage/admin").text.split('name="csrf-token" content="')[1].split('"')[0]
        )
        body = {"username": "clerk-wang", "password": "initial-pass-1"}
        added = client.post("/api/halls/qixia/accounts", json=body, headers={"X-CSRF-Token": token})
        assert added.status_code == 201, added.text
        page = client.get("/manage/audit?hall=*").text
        assert "clerk-wang" in page and "新增账号" in page and "initial-pass-1" not in page
        exported = client.get("/api/audit.csv")
        assert exported.status_code == 200 and "account.add" in exported.text
        assert "initial-pass-1" not in exported.text and "scrypt" not in exported.text
