"""The evaluation pages in real headless Chromium: the citizen rates on the phone page and it
is stored; the window pad waits, the clerk's prompt opens its form, the citizen rates, stored
with channel 4. No level is pre-selected, and no personal data shows. Screenshots under /tmp."""

from __future__ import annotations

from typing import Any

import httpx

from tests.fixtures.live_server import LiveServer
from tests.queue_server._district import id_number
from tests.queue_server.api.test_device_privacy import serve_and_prompt

TABLET = {"width": 1024, "height": 768}
SHOTS = "/tmp/eval-{}.png"


def stored(server: LiveServer, token: str) -> dict[str, Any]:
    answer: dict[str, Any] = httpx.get(f"{server.url}/api/tickets/{token}/evaluation").json()
    return answer


def no_personal_data(html: str, serial: int) -> None:
    assert (
        "赵六" not in html and id_number(serial) not in html and id_number(serial)[-4:] not in html
    )


def test_an_evaluation_made_on_the_phone_page_is_stored(live_server: LiveServer, page: Any) -> None:
    token = serve_and_prompt(live_server)  # issued to 赵六 with an ID card (serial 31)
    page.goto(f"{live_server.url}/t/{token}/evaluate")
    assert page.locator("input[name=level]:checked").count() == 0  # nothing suggested
    assert not page.locator(".reasons").is_visible()  # reasons follow the level chosen
    page.locator(".level-2").click()
    assert page.locator(".reason-group[data-level='2']").is_visible()
    assert not page.locator(".reason-group[data-level='5']").is_visible()
    page.get_by_text("窗口人员业务不熟练").click()
    page.locator("textarea[name=text]").fill("材料退回了两次")
    page.screenshot(path=SHOTS.format("phone-form"), full_page=True)
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_selector(".recorded")
    assert "不满意" in page.locator(".recorded").inner_text()
    assert "将在" in page.locator(".reply").inner_text()  # the rectification is under way
    page.screenshot(path=SHOTS.format("phone-done"), full_page=True)
    no_personal_data(page.content(), 31)
    [recorded] = stored(live_server, token)["evaluations"]
    assert (recorded["level"], recorded["channel"]) == (2, 3)
    assert [r["code"] for r in recorded["reasons"]] == [213] and recorded[
        "text"
    ] == "材料退回了两次"


def test_a_bad_review_without_a_reason_comes_back_with_the_rule(
    live_server: LiveServer, page: Any
) -> None:
    token = serve_and_prompt(live_server)
    page.goto(f"{live_server.url}/t/{token}/evaluate?lang=en")
    page.locator(".level-1").click()
    page.get_by_role("button", name="Submit").click()
    assert "Choose at least one reason" in page.locator(".error").inner_text()
    page.screenshot(path=SHOTS.format("phone-en-refused"), full_page=True)
    assert page.locator(".level-1 input").is_checked()  # the choice is kept, not reset
    assert stored(live_server, token)["evaluations"] == []


def test_the_pad_flow_end_to_end(live_server: LiveServer, browser: Any) -> None:
    server = live_server
    context = browser.new_context(viewport=TABLET, locale="zh-CN")
    pad = context.new_page()
    try:
        pad.goto(f"{server.url}/pad/qixia/1?token={server.token('pad', window=1)}")
        pad.wait_for_selector("#pad[data-state=waiting]")
        assert "请稍候" in pad.inner_text("main")
        pad.screenshot(path=SHOTS.format("pad-waiting"))
        token = serve_and_prompt(server)  # the clerk finishes the ticket and prompts
        pad.wait_for_selector("#pad[data-state=form]", timeout=10_000)
        assert pad.locator("input[name=level]:checked").count() == 0
        number = httpx.get(f"{server.url}/api/tickets/{token}").json()["number"]
        assert number in pad.inner_text("main")
        no_personal_data(pad.content(), 31)
        pad.locator(".level-5").click()
        pad.get_by_text("服务热情效率高").click()
        pad.screenshot(path=SHOTS.format("pad-form"))
        pad.get_by_role("button", name="提交评价").click()
        pad.wait_for_selector("#pad[data-state=thanks]")
        pad.screenshot(path=SHOTS.format("pad-thanks"))
        [recorded] = stored(server, token)["evaluations"]
        assert (recorded["level"], recorded["channel"], recorded["reasons"][0]["code"]) == (
            5,
            4,
            517,
        )
    finally:
        context.close()


def test_the_pad_switches_to_english_and_the_next_citizen_starts_in_chinese(
    live_server: LiveServer, browser: Any
) -> None:
    server = live_server
    context = browser.new_context(viewport=TABLET, locale="zh-CN")
    pad = context.new_page()
    try:
        pad.goto(f"{server.url}/pad/qixia/1?token={server.token('pad', window=1)}")
        pad.wait_for_selector("#pad[data-state=waiting]")
        pad.click("#switch_language")  # a citizen who reads English taps it
        pad.wait_for_selector("text=Please wait")
        serve_and_prompt(server)
        pad.wait_for_selector("#pad[data-state=form]", timeout=10_000)
        assert "Please rate this visit" in pad.inner_text("main")
        pad.screenshot(path=SHOTS.format("pad-form-en"))
        pad.locator(".level-4").click()
        pad.get_by_role("button", name="Submit").click()
        pad.wait_for_selector("text=Thank you for your rating!")
        pad.wait_for_selector("#pad[data-state=waiting]", timeout=15_000)  # after the thanks
        assert "请稍候" in pad.inner_text("main")  # Chinese first again
        assert pad.inner_text("#switch_language") == "English"
    finally:
        context.close()


def test_the_pad_refuses_a_token_that_is_not_its_own(live_server: LiveServer, page: Any) -> None:
    answer = httpx.get(f"{live_server.url}/pad/qixia/1?token={live_server.token('display')}")
    assert answer.status_code == 403 and "无法使用" in answer.text
    other = httpx.get(f"{live_server.url}/pad/qixia/2?token={live_server.token('pad', window=1)}")
    assert other.status_code == 403
    assert httpx.get(f"{live_server.url}/pad/qixia/1").status_code == 401
