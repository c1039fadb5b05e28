"""The dashboard over the real server: a ticket issued shows in the hall's figures, a kiosk's
paper-out fault raises one alert (on the hall's stream, in the JSON, on the page) that goes
to the hall's manager contact through the SMS sender, and clears once the paper is back."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from queue_server.config_loader import SAMPLE_PATH
from tests.fixtures.live_server import LiveServer
from tests.queue_server.notify._gateway import Gateway, fake_gateway
from tests.queue_server.web._dash import sign_in

MANAGER_PHONE = "13911112222"
FAULTS = "/api/halls/qixia/devices/faults"


def wait_for(check: Callable[[], Any], seconds: float = 15.0) -> Any:
    deadline = time.monotonic() + seconds
    while not (found := check()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)  # polling with a deadline
    return found


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
        f'retry_seconds = 0.2\n\n[alerts]\nrecipients = ["{MANAGER_PHONE}"]\n',
        encoding="utf-8",
    )
    found: LiveServer = make_live_server(config, env={"QUEUE_SERVER_SMS_PASSWORD": "pw"})
    return found


def fault(server: LiveServer, state: str) -> None:
    body = {"kiosk_id": "K7", "device": "printer", "state": state, "message": ""}
    answer = httpx.post(server.url + FAULTS, json=body, headers=server.headers("kiosk"))
    assert answer.status_code in (200, 201), answer.text


def alerts_of(client: httpx.Client) -> list[dict[str, Any]]:
    answer = client.get("/api/halls/qixia/dashboard")
    assert answer.status_code == 200, answer.text
    found: list[dict[str, Any]] = answer.json()["alerts"]
    return found


def test_a_ticket_shows_in_the_halls_figures(live_server: LiveServer) -> None:
    with httpx.Client(base_url=live_server.url) as client:
        sign_in(client, "manager")
        before = client.get("/api/halls/qixia/dashboard").json()
        issued = client.post(
            "/api/halls/qixia/tickets", json={"service": "ZX01"},
            headers=live_server.headers("kiosk"),
        )  # fmt: skip
        after = client.get("/api/halls/qixia/dashboard").json()
        page = client.get("/manage/halls/qixia/live")
    assert issued.status_code == 201, issued.text
    queue = {s["service"]: s["waiting"] for s in after["services"]}
    assert after["waiting"] == before["waiting"] + 1 and queue["ZX01"] == 1
    assert 'data-service="ZX01"' in page.text
    hour = after["charts"]["by_hour"]
    assert sum(row["arrivals"] for row in hour) == 1
    assert after["charts"]["queue"][-1]["waiting"] in (0, 1)  # sampled up to now


def test_paper_out_raises_one_alert_to_the_manager_and_clears(
    server: LiveServer, gateway: Gateway
) -> None:
    with httpx.Client(base_url=server.url, timeout=10) as client:
        sign_in(client, "manager")
        fault(server, "paper_out")
        (alert,) = wait_for(lambda: alerts_of(client))
        assert alert["kind"] == "device_fault" and alert["data"]["kiosk_id"] == "K7"
        assert "缺纸" in alert["zh"] and "out of paper" in alert["en"]
        sent = wait_for(gateway.accepted)
        fault(server, "paper_out")  # reported again: still the same one alert
        time.sleep(0.5)  # an alert round would have run (it wakes on every fault)
        assert [a["key"] for a in alerts_of(client)] == [alert["key"]]
        page = client.get("/manage/halls/qixia")
        fault(server, "ok")
        wait_for(lambda: not alerts_of(client))
    (message,) = [json.loads(r.body) for r in sent]
    assert message["mobile"] == MANAGER_PHONE and "缺纸" in message["content"]
    assert len(gateway.accepted()) == 1  # raised once, sent once
    assert 'data-kind="device_fault"' in page.text
    assert MANAGER_PHONE not in server.log_path.read_text(errors="replace")
