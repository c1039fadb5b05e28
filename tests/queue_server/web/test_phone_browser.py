"""The phone ticket page in real headless Chromium (360x740, zh-CN) against the real server:
live updates with no reload, the alert when called, the lost-connection note, English on a tap.
Screenshots go to /tmp/phone-*.png (looked at by whoever changes the page)."""

from __future__ import annotations

from typing import Any

import httpx

from tests.fixtures.browser import PHONE
from tests.fixtures.live_server import LiveServer
from tests.queue_server.web._phone import clerk, issue

SHOTS = "/tmp/phone-{}.png"
WAIT_MS = 10_000


def open_ticket(page: Any, server: LiveServer, token: str, query: str = "") -> None:
    page.goto(f"{server.url}/t/{token}{query}")
    page.wait_for_function("() => document.getElementById('lost').hidden === true")
    page.evaluate("() => { window.sameDocument = true; }")  # gone if the page reloads


def wait_status(page: Any, status: str) -> None:
    page.wait_for_selector(f"#ticket[data-status='{status}']", timeout=WAIT_MS)


def test_the_page_turns_to_called_with_the_window_without_reloading(
    page: Any, live_server: LiveServer
) -> None:
    issue(live_server, 1)
    mine = issue(live_server, 2)
    open_ticket(page, live_server, mine["token"])
    assert page.inner_text(".ahead dd") == "1 人"
    page.screenshot(path=SHOTS.format("waiting"), full_page=True)
    page.click("#sound")  # the tap that lets the page play its chime later
    assert "提醒音已开启" in page.inner_text("#sound")
    clerk(live_server, 1, "call-next")  # the other ticket first: mine moves up
    page.wait_for_function("() => document.querySelector('.ahead dd').innerText === '0 人'")
    called = clerk(live_server, 2, "call-next").json()["ticket"]
    wait_status(page, "called")
    card = page.inner_text("#ticket")
    assert f"请到 {called['window_label']} 办理" in card
    assert page.evaluate("() => window.sameDocument") is True  # updated in place, not reloaded
    assert page.evaluate("() => document.documentElement.dataset.alerts") == "1"
    colour = page.eval_on_selector("#ticket", "e => getComputedStyle(e).backgroundColor")
    assert colour != "rgb(255, 255, 255)"
    page.screenshot(path=SHOTS.format("called"), full_page=True)
    clerk(live_server, 2, "recall")
    page.wait_for_function("() => document.documentElement.dataset.alerts === '2'")


def test_a_finished_ticket_offers_the_evaluation(page: Any, live_server: LiveServer) -> None:
    mine = issue(live_server, 1)
    open_ticket(page, live_server, mine["token"])
    for action in ("call-next", "start", "finish"):
        clerk(live_server, 1, action)
    wait_status(page, "done")
    link = page.get_attribute("a.evaluate", "href")
    assert link == f"/t/{mine['token']}/evaluate"
    assert page.evaluate("() => window.sameDocument") is True
    assert not page.is_visible("#sound")  # nothing left to alert about
    page.screenshot(path=SHOTS.format("done"), full_page=True)


def test_a_lost_connection_is_shown_and_the_page_recovers(
    page: Any, live_server: LiveServer
) -> None:
    mine = issue(live_server, 1)
    open_ticket(page, live_server, mine["token"])
    live_server.stop()
    page.wait_for_selector("#lost", state="visible", timeout=WAIT_MS)
    assert page.inner_text("#lost") == "连接已断开，正在重连 · Connection lost, reconnecting"
    page.screenshot(path=SHOTS.format("lost"), full_page=True)
    live_server.start()
    page.wait_for_selector("#lost", state="hidden", timeout=WAIT_MS * 2)
    clerk(live_server, 1, "call-next")  # and the page is live again
    wait_status(page, "called")
    assert page.evaluate("() => window.sameDocument") is True


def test_english_on_a_tap(page: Any, live_server: LiveServer) -> None:
    mine = issue(live_server, 1)
    open_ticket(page, live_server, mine["token"])
    page.click("a.switch")
    page.wait_for_url(f"**/t/{mine['token']}?lang=en")
    card = page.inner_text("#ticket")
    assert "Waiting" in card and mine["service_name"]["en"] in card
    clerk(live_server, 1, "call-next")
    wait_status(page, "called")
    assert "Please go to Window 1" in page.inner_text("#ticket")  # still English when live
    page.screenshot(path=SHOTS.format("english"), full_page=True)


def test_an_unknown_ticket_gets_the_friendly_page(page: Any, live_server: LiveServer) -> None:
    answer = page.goto(f"{live_server.url}/t/no-such-token")
    assert answer.status == 404
    assert "找不到这张号票" in page.inner_text("h1")
    page.screenshot(path=SHOTS.format("404"), full_page=True)


def test_readable_at_360_px(page: Any, live_server: LiveServer) -> None:
    """Nothing wider than the phone: no sideways scrolling on a 360-px screen."""
    mine = issue(live_server, 1)
    for query in ("", "?lang=en"):
        open_ticket(page, live_server, mine["token"], query)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360, (query, width)


def test_without_javascript_the_page_still_shows_the_ticket(
    browser: Any, live_server: LiveServer
) -> None:
    """An old phone: the server-rendered page, a refresh instead of the stream, no dead button."""
    mine = issue(live_server, 1)
    context = browser.new_context(viewport=PHONE, locale="zh-CN", java_script_enabled=False)
    try:
        old_phone = context.new_page()
        old_phone.goto(f"{live_server.url}/t/{mine['token']}")
        assert mine["number"] in old_phone.inner_text("#ticket")
        assert not old_phone.is_visible("#sound") and not old_phone.is_visible("#lost")
        refresh = old_phone.locator("meta[http-equiv=refresh]")
        assert refresh.get_attribute("content") == "30"
        old_phone.screenshot(path=SHOTS.format("no-js"), full_page=True)
    finally:
        context.close()


def _ticket_now(server: LiveServer, token: str) -> dict[str, Any]:
    answer = httpx.get(f"{server.url}/api/tickets/{token}", timeout=10)
    answer.raise_for_status()
    found: dict[str, Any] = answer.json()
    return found


def _range_text(ticket: dict[str, Any]) -> str:
    low, high = ticket["eta_range"]
    return f"约 {low}～{high} 分钟"


def test_an_uncertain_wait_shows_as_a_range_and_follows_the_queue(
    page: Any, live_server: LiveServer
) -> None:
    """With people ahead the server's estimate is uncertain (`eta_range`): the page says the
    range, and a call at a window moves it without a reload."""
    for serial in range(1, 30):  # people ahead until the server gives a range for the last one
        mine = issue(live_server, serial)
        now = _ticket_now(live_server, mine["token"])
        if now["eta_range"] and now["ahead"] >= 4:
            break
    assert now["eta_range"] is not None, now
    open_ticket(page, live_server, mine["token"])
    assert page.inner_text(".eta dd") == _range_text(now)
    page.screenshot(path=SHOTS.format("range"), full_page=True)
    clerk(live_server, 1, "call-next")  # one fewer ahead: a new estimate, pushed to the page
    after = _ticket_now(live_server, mine["token"])
    assert after["ahead"] == now["ahead"] - 1
    shown = _range_text(after) if after["eta_range"] else f"约 {after['eta_minutes']} 分钟"
    page.wait_for_function(
        "text => document.querySelector('.eta dd').innerText === text", arg=shown, timeout=WAIT_MS
    )
    assert page.evaluate("() => window.sameDocument") is True
    open_ticket(page, live_server, mine["token"], "?lang=en")
    english = _ticket_now(live_server, mine["token"])
    if english["eta_range"]:
        low, high = english["eta_range"]
        assert page.inner_text(".eta dd") == f"about {low}-{high} min"
    page.screenshot(path=SHOTS.format("range-en"), full_page=True)
