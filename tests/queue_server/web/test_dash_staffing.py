"""The hall page's staffing advice over the real server: tickets issued through the API give
windows needed by hour in the table and the chart (the old "not available yet" gap is gone);
the hall's JSON carries it; in headless Chromium at 1366x768 it fits the screen (screenshot
/tmp/dash-staffing-1366.png)."""

from __future__ import annotations

from typing import Any

import httpx

from tests.fixtures.live_server import LiveServer
from tests.queue_server.web._dash import sign_in

SHOT = "/tmp/dash-staffing-1366.png"


def issue(server: LiveServer, service: str, count: int) -> None:
    for _ in range(count):
        answer = httpx.post(
            f"{server.url}/api/halls/qixia/tickets", json={"service": service},
            headers=server.headers("kiosk"), timeout=10,
        )  # fmt: skip
        assert answer.status_code == 201, answer.text


def test_the_hall_page_shows_windows_needed_instead_of_the_gap(live_server: LiveServer) -> None:
    issue(live_server, "ZX01", 3)
    with httpx.Client(base_url=live_server.url) as client:
        sign_in(client, "manager")
        page = client.get("/manage/halls/qixia").text
        answer = client.get("/api/halls/qixia/dashboard")
    assert answer.status_code == 200, answer.text  # the JSON carries the advice too
    (advice,) = answer.json()["charts"]["staffing"]["services"]
    assert advice["service"] == "ZX01" and any(h["windows"] >= 1 for h in advice["hours"])
    assert "尚未提供" not in page and "not available yet" not in page
    assert "人员配置建议" in page and "Staffing advice" in page
    assert 'data-staff-service="ZX01"' in page and 'id="staff-needed"' in page
    assert 'class="need' in page  # the step line over the windows at work


def test_the_advice_fits_an_office_screen(browser: Any, live_server: LiveServer) -> None:
    issue(live_server, "ZX01", 4)
    issue(live_server, "GJ03", 2)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/manage/halls/qixia")
    page.fill("input[name=username]", "manager")
    page.fill("input[name=password]", "demo1234")
    page.click("form button[type=submit]")
    page.wait_for_url("**/manage/halls/qixia")
    page.wait_for_selector("#staffing tr[data-staff-service=ZX01]")
    assert "需要窗口" in page.inner_text("#staffing")
    clipped = "el => el.scrollWidth > el.clientWidth + 1"
    assert not page.eval_on_selector("#staffing .scroll", clipped)
    assert not page.evaluate("() => document.documentElement.scrollWidth > innerWidth")
    page.screenshot(path=SHOT, full_page=True)
    context.close()
