"""The manager's dashboard in real headless Chromium against the real server: log in through
the form; a ticket issued through the API appears without a reload; a kiosk's paper-out fault
raises an alert on the page; a lost stream shows the warning until it is back. Screenshots at
1366x768 and at a 1024x768 tablet go to /tmp/dash-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.fixtures.live_server import LiveServer

SHOTS = "/tmp/dash-{}-{}.png"
WAIT_MS = 15_000
SIZES = {"1366": {"width": 1366, "height": 768}, "1024": {"width": 1024, "height": 768}}


@pytest.fixture(params=list(SIZES))
def desk(browser: Any, request: pytest.FixtureRequest) -> Iterator[tuple[Any, str]]:
    """A page at an office screen's size and at a tablet's."""
    context = browser.new_context(viewport=SIZES[request.param], locale="zh-CN")
    yield context.new_page(), request.param
    context.close()


def log_in(page: Any, server: LiveServer, size: str) -> None:
    page.goto(f"{server.url}/manage/halls/qixia")  # sent to the form, then back here
    page.wait_for_selector("form input[name=username]")
    page.screenshot(path=SHOTS.format("login", size))
    page.fill("input[name=username]", "manager")
    page.fill("input[name=password]", "demo1234")
    page.click("form button[type=submit]")
    page.wait_for_url("**/manage/halls/qixia")
    page.wait_for_function("() => document.getElementById('stream-lost').hidden === true")
    page.evaluate("() => { window.sameDocument = true; }")  # gone if the page reloads


def waiting_total(page: Any) -> int:
    return int(page.inner_text("#waiting-total"))


def test_log_in_then_a_ticket_and_a_paper_out_fault_show_without_a_reload(
    desk: tuple[Any, str], live_server: LiveServer
) -> None:
    page, size = desk
    log_in(page, live_server, size)
    before = waiting_total(page)
    issued = httpx.post(
        f"{live_server.url}/api/halls/qixia/tickets", json={"service": "ZX01"},
        headers=live_server.headers("kiosk"), timeout=10,
    )  # fmt: skip
    assert issued.status_code == 201, issued.text
    page.wait_for_function(
        f"() => Number(document.getElementById('waiting-total').innerText) === {before + 1}",
        timeout=WAIT_MS,
    )
    assert page.is_visible("tr[data-service=ZX01]")
    fault = {"kiosk_id": "K3", "device": "printer", "state": "paper_out", "message": ""}
    answer = httpx.post(
        f"{live_server.url}/api/halls/qixia/devices/faults", json=fault,
        headers=live_server.headers("kiosk"), timeout=10,
    )  # fmt: skip
    assert answer.status_code in (200, 201), answer.text
    page.wait_for_selector("#alert-list li[data-kind=device_fault]", timeout=WAIT_MS)
    assert "取号机 K3：打印机缺纸" in page.inner_text("#alert-list")
    assert "缺纸" in page.inner_text("tr[data-kiosk=K3]")
    assert page.evaluate("() => window.sameDocument") is True  # updated in place
    page.screenshot(path=SHOTS.format("hall", size), full_page=True)
    page.goto(f"{live_server.url}/manage")
    page.wait_for_selector(".card[data-hall=qixia]")
    assert "打印机缺纸" in page.inner_text("#alert-list")
    page.screenshot(path=SHOTS.format("overview", size), full_page=True)


def test_a_lost_stream_shows_the_warning_until_it_is_back(
    page: Any, live_server: LiveServer
) -> None:
    log_in(page, live_server, "phone")
    live_server.stop()
    page.wait_for_selector("#stream-lost", state="visible", timeout=WAIT_MS)
    assert "实时连接已断开" in page.inner_text("#stream-lost")
    live_server.start()
    page.wait_for_selector("#stream-lost", state="hidden", timeout=WAIT_MS)
    assert page.evaluate("() => window.sameDocument") is True
