"""Notifications through the real server on 127.0.0.1 and a fake SMS gateway: the phone taken
at issue, masked for clerks only, and an outbox that survives kill -9 with nothing lost and
nothing acknowledged sent twice; no phone number, token or password in the server's log."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from queue_server.config_loader import SAMPLE_PATH, load_district
from tests.fixtures.live_server import LiveServer
from tests.queue_server._district import id_number
from tests.queue_server.notify._gateway import Gateway, fake_gateway

PHONES = ("13812345678", "13998765432")
PASSWORD = "pw-live-4711"
WINDOW = load_district().halls["qixia"].windows_serving("HJ01")[0].number


def wait_for(check: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)  # polling with a deadline


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    with fake_gateway() as found:
        yield found


@pytest.fixture
def server(make_live_server: Any, gateway: Gateway, tmp_path: Path) -> LiveServer:
    config = tmp_path / "district.toml"
    config.write_text(
        SAMPLE_PATH.read_text(encoding="utf-8")
        + f'\n[notify]\nsender = "sms"\nurl = "{gateway.url}"\naccount = "qixia-hall"\n'
        'public_url = "https://zw.example.cn"\nretry_seconds = 0.2\n',
        encoding="utf-8",
    )
    found: LiveServer = make_live_server(config, env={"QUEUE_SERVER_SMS_PASSWORD": PASSWORD})
    return found


def issue(server: LiveServer, serial: int, phone: str | None) -> httpx.Response:
    body: dict[str, Any] = {
        "service": "HJ01", "id_card": {"number": id_number(serial), "name": "王小明"},
    }  # fmt: skip
    if phone is not None:
        body["phone"] = phone
    return httpx.post(f"{server.url}/api/halls/qixia/tickets", json=body,
                      headers=server.headers("kiosk"), timeout=10)  # fmt: skip


def clerk(server: LiveServer, action: str) -> httpx.Response:
    return httpx.post(
        f"{server.url}/api/halls/qixia/windows/{WINDOW}/{action}", json={},
        headers=server.headers("clerk", window=WINDOW), timeout=10,
    )  # fmt: skip


def test_the_phone_is_masked_for_clerks_and_hidden_from_devices(server: LiveServer) -> None:
    answer = issue(server, 1, PHONES[0])
    assert answer.status_code == 201, answer.text
    mine = answer.json()
    assert mine["phone_masked"] is None  # the kiosk's answer
    public = httpx.get(f"{server.url}/api/tickets/{mine['token']}", timeout=10).json()
    assert public["phone_masked"] is None
    as_clerk = server.headers("clerk", window=WINDOW)
    listed = httpx.get(f"{server.url}/api/halls/qixia/tickets", headers=as_clerk, timeout=10)
    assert [t["phone_masked"] for t in listed.json()] == ["138****5678"]
    called = clerk(server, "call-next").json()["ticket"]
    assert called["id"] == mine["id"] and called["phone_masked"] is None  # as its event shows it
    window = f"{server.url}/api/halls/qixia/windows/{WINDOW}"
    seen = httpx.get(window, headers=as_clerk, timeout=10).json()
    assert seen["current_ticket"]["phone_masked"] == "138****5678"
    for device in ("display", "kiosk"):
        shown = httpx.get(window, headers=server.headers(device), timeout=10)
        assert shown.json()["current_ticket"]["phone_masked"] is None
        assert "5678" not in shown.text


def test_a_bad_phone_number_answers_422(server: LiveServer) -> None:
    answer = issue(server, 2, "12345")
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "invalid_phone"


def test_the_outbox_survives_kill_9(server: LiveServer, gateway: Gateway) -> None:
    first = issue(server, 3, PHONES[0]).json()
    wait_for(lambda: gateway.ids() == {f"ahead:{first['id']}": 1})  # nobody ahead: sent at once
    gateway.status = 503
    second = issue(server, 4, PHONES[1]).json()
    wait_for(lambda: gateway.ids(accepted=False)[f"ahead:{second['id']}"] >= 2)  # retried
    server.kill()  # mid-way: a message acknowledged, one still failing
    gateway.status = 200
    server.start()
    wait_for(lambda: gateway.ids()[f"ahead:{second['id']}"] == 1)
    assert clerk(server, "call-next").json()["ticket"]["id"] == first["id"]
    wait_for(lambda: f"called:{first['id']}" in gateway.ids())
    assert clerk(server, "start").status_code == 200
    assert clerk(server, "finish").status_code == 200
    wait_for(lambda: f"evaluation:{first['id']}" in gateway.ids())
    time.sleep(0.5)  # a short look for a late repeat
    assert set(gateway.ids().values()) == {1}
    assert len(gateway.ids()) == 4
    sms = {item.json["id"]: item.json for item in gateway.accepted()}
    invitation = sms[f"evaluation:{first['id']}"]
    assert invitation["mobile"] == PHONES[0] and invitation["password"] == PASSWORD
    assert invitation["content"].endswith(f"https://zw.example.cn/t/{first['token']}/evaluate")
    log = server.log_path.read_text(encoding="utf-8", errors="replace")
    assert "138****5678" in log and "failed" in log  # the job logs, masked
    for secret in (*PHONES, first["token"], second["token"], PASSWORD):
        assert secret not in log


def add_phone(server: LiveServer, token: str, phone: str, hall: str = "qixia") -> httpx.Response:
    url = f"{server.url}/api/halls/{hall}/tickets/{token}/phone"
    return httpx.post(url, json={"phone": phone}, headers=server.headers("kiosk"), timeout=10)


def test_a_phone_added_at_the_kiosk_after_issue(server: LiveServer, gateway: Gateway) -> None:
    first = issue(server, 5, None).json()
    second = issue(server, 6, None).json()
    assert add_phone(server, second["token"], "139 9876 5432", hall="yaohua").status_code == 403
    yaohua = server.headers("kiosk", "yaohua")
    elsewhere = f"{server.url}/api/halls/yaohua/tickets/{second['token']}/phone"
    refused = httpx.post(elsewhere, json={"phone": PHONES[1]}, headers=yaohua, timeout=10)
    assert refused.status_code == 404  # another hall's kiosk knows no ticket of qixia
    answer = add_phone(server, second["token"], "139 9876 5432")
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"phone_masked": "139****5432"}  # never the number
    as_clerk = server.headers("clerk", window=WINDOW)
    listed = httpx.get(f"{server.url}/api/halls/qixia/tickets", headers=as_clerk, timeout=10)
    assert [t["phone_masked"] for t in listed.json()] == [None, "139****5432"]
    wait_for(lambda: gateway.ids() == {f"ahead:{second['id']}": 1})
    assert gateway.accepted()[0].json["mobile"] == PHONES[1]
    files = [server.db_path, Path(f"{server.db_path}-wal")]
    database = b"".join(path.read_bytes() for path in files if path.exists())
    assert b"98765432" not in database and b"9876" not in database  # only sealed, and masked
    assert clerk(server, "call-next").json()["ticket"]["id"] == first["id"]
    log = server.log_path.read_text(encoding="utf-8", errors="replace")
    assert PHONES[1] not in log and second["token"] not in log


def test_adding_a_phone_is_refused_when_it_cannot_help(server: LiveServer) -> None:
    ticket = issue(server, 7, None).json()
    bad = add_phone(server, ticket["token"], "1234567890")
    assert (bad.status_code, bad.json()["error"]["code"]) == (422, "invalid_phone")
    unknown = add_phone(server, "no-such-token", PHONES[0])
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "unknown_ticket")
    assert clerk(server, "call-next").json()["ticket"]["id"] == ticket["id"]
    late = add_phone(server, ticket["token"], PHONES[0])
    assert (late.status_code, late.json()["error"]["code"]) == (409, "not_waiting")
    as_clerk = server.headers("clerk", window=WINDOW)
    listed = httpx.get(f"{server.url}/api/halls/qixia/tickets", headers=as_clerk, timeout=10)
    assert [t["phone_masked"] for t in listed.json()] == [None]
