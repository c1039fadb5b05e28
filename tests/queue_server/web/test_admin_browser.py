"""The administration pages in real headless Chromium against the real server: a manager
switches a window's services on the admin page and the window's next call follows; the audit
page shows the change and exports it. Screenshots (1366x768, and the 1024x768 tablet) go to
/tmp/admin-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.fixtures.live_server import LiveServer
from tests.queue_server.api._api import ticket_body
from tests.queue_server.web._dash import PASSWORD, add_user, page_csrf
from tests.queue_server.web._dash import sign_in as form_sign_in

OFFICE = {"width": 1366, "height": 768}
TABLET = {"width": 1024, "height": 768}
WAIT_MS = 10_000


@pytest.fixture
def office(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=OFFICE, locale="zh-CN", accept_downloads=True)
    yield context.new_page()
    context.close()


def sign_in(page: Any, server: LiveServer, username: str, then: str) -> None:
    page.goto(f"{server.url}/manage/login?next={then}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{then}", timeout=WAIT_MS)


def issue(server: LiveServer, service: str, serial: int) -> dict[str, Any]:
    answer = httpx.post(
        f"{server.url}/api/halls/qixia/tickets",
        json=ticket_body(serial, service),
        headers=server.headers("kiosk"),
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def chips(page: Any, window: int) -> list[str]:
    return [
        text.split()[0] for text in page.locator(f"#window-{window} ol.chips li").all_inner_texts()
    ]


def test_switching_a_windows_services_on_the_page_changes_its_next_call(
    office: Any, live_server: LiveServer
) -> None:
    add_user(live_server, "boss-qixia", "manager", "qixia")
    issue(live_server, "HJ01", 1)  # first in the queue, but window 2 will no longer serve HJ01
    wanted = issue(live_server, "HJ02", 2)
    sign_in(office, live_server, "boss-qixia", "/manage/admin")
    office.wait_for_selector("#admin-windows[data-loaded]", timeout=WAIT_MS)  # the stream is on
    assert chips(office, 2)[:2] == ["HJ01", "HJ02"]
    office.click("#window-2 details.edit-services summary")
    checked = office.locator("#window-2 input[name=service]:checked")
    for code in [box.get_attribute("value") for box in checked.all()]:
        if code != "HJ02":
            office.uncheck(f"#window-2 input[name=service][value={code}]")
    office.click("#window-2 button.save-services")
    office.wait_for_function(
        "() => [...document.querySelectorAll('#window-2 ol.chips li')].map(li => li.innerText"
        ".split(' ')[0]).join() === 'HJ02'",
        timeout=WAIT_MS,
    )
    clerk = live_server.headers("clerk")
    called = httpx.post(
        f"{live_server.url}/api/halls/qixia/windows/2/call-next", headers=clerk, timeout=10
    )
    assert called.status_code == 200, called.text
    assert called.json()["ticket"]["number"] == wanted["number"]
    office.screenshot(path="/tmp/admin-page.png")

    office.goto(f"{live_server.url}/manage/audit")
    row = office.locator("table.audit tbody tr").first
    assert "boss-qixia" in row.inner_text() and "qixia/2" in row.inner_text()
    assert '["HJ02"]' in row.inner_text()
    office.screenshot(path="/tmp/admin-audit.png")
    with office.expect_download() as download:
        office.click("#export-csv")
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("编号,时间,操作人") and "window.services" in text


def test_another_managers_change_shows_live_and_the_tablet_fits(
    browser: Any, live_server: LiveServer
) -> None:
    add_user(live_server, "boss-qixia", "manager", "qixia")
    context = browser.new_context(viewport=TABLET, locale="zh-CN")
    page = context.new_page()
    sign_in(page, live_server, "boss-qixia", "/manage/admin")
    page.evaluate("() => { window.sameDocument = true; }")  # gone if the page reloads
    answer = httpx.put(
        f"{live_server.url}/api/halls/qixia/windows/3/state",
        json={"state": "paused", "reason": "系统维护"},
        headers=live_server.headers("manager"),
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    page.wait_for_selector("#window-3 .state.paused", timeout=WAIT_MS)
    assert page.evaluate("() => window.sameDocument") is True
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= TABLET["width"], f"the page is {width}px wide on a 1024px tablet"
    page.screenshot(path="/tmp/admin-tablet.png")
    context.close()


def test_an_admin_changes_a_halls_target_wait_on_the_page(
    office: Any, live_server: LiveServer
) -> None:
    add_user(live_server, "root-2", "admin", "*")
    sign_in(office, live_server, "root-2", "/manage/admin")
    office.fill("#hall-settings input[name=target_wait_minutes]", "18")
    office.click("#hall-settings button[type=submit]")
    office.wait_for_selector("#hall-settings .result.ok", timeout=WAIT_MS)
    hall = httpx.get(f"{live_server.url}/api/halls/qixia", timeout=10).json()
    assert hall["target_wait_minutes"] == 18
    office.fill("#notices input[name=zh] >> nth=0", "今日下午系统升级")
    office.fill("#notices input[name=en] >> nth=0", "System upgrade this afternoon")
    office.click("#notices button[type=submit]")
    office.wait_for_selector("#notices .result.ok", timeout=WAIT_MS)
    assert hall_notices(live_server) == [
        {"zh": "今日下午系统升级", "en": "System upgrade this afternoon"}
    ]
    office.evaluate("() => document.getElementById('notices').scrollIntoView()")
    office.screenshot(path="/tmp/admin-admin-lower.png")
    office.evaluate("() => document.getElementById('hall-settings').scrollIntoView()")
    office.screenshot(path="/tmp/admin-admin-district.png")


def hall_notices(server: LiveServer) -> list[dict[str, str]]:
    answer = httpx.get(f"{server.url}/api/halls/qixia", timeout=10)
    return list(answer.json()["notices"])


def test_a_cookie_post_without_the_csrf_token_is_refused(live_server: LiveServer) -> None:
    add_user(live_server, "boss-qixia", "manager", "qixia")
    with httpx.Client(base_url=live_server.url, timeout=10) as client:
        assert form_sign_in(client, "boss-qixia").status_code == 303
        url = "/api/halls/qixia/windows/2/services"
        refused = client.put(url, json={"services": ["HJ02"]})
        assert refused.status_code == 403, refused.text
        assert client.get("/api/halls/qixia/audit").json() == []
        token = page_csrf(client, "/manage/admin")
        done = client.put(url, json={"services": ["HJ02"]}, headers={"X-CSRF-Token": token})
        assert done.status_code == 200 and done.json()["services"] == ["HJ02"]
