"""Undo of a no-show, transfer details, change of window, log-out, search and device faults:
the clerk console against a real queue-server on 127.0.0.1 (pytest-qt, offscreen)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from queue_server.client.clerk import ClerkClient
from tests.ui.clerk.conftest import HALL, WAIT_MS, Api, log_in, screenshot
from tests.ui.clerk.test_console import current_number, idle_with, opened_dialog, ticket_field
from ui.clerk.dialogs import FoundDialog
from ui.clerk.session import ClerkSession
from ui.clerk.state import Action
from ui.clerk.window import ClerkWindow
from ui.common.fonts import install_fonts

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def quick_undo(qtbot: Any, live_server: Any) -> Iterator[ClerkWindow]:
    """The console with an undo offer of 1.5 s (instead of 10 s), to see it go away."""
    install_fonts()
    session = ClerkSession(ClerkClient(live_server.url), max_backoff=0.3, undo_ms=1500)
    window = ClerkWindow(session)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    yield window
    session.close()


def call_one(qtbot: Any, console: ClerkWindow, api: Api, window: int) -> dict:
    issued = api.issue(api.window(window)["services"][0])
    qtbot.keyClick(console, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: current_number(console) == issued["number"], timeout=WAIT_MS)
    return issued


def mark_no_show(qtbot: Any, console: ClerkWindow) -> None:
    qtbot.waitUntil(console.console.buttons[Action.NO_SHOW].isEnabled, timeout=WAIT_MS)
    qtbot.mouseClick(console.console.buttons[Action.NO_SHOW], LEFT)
    dialog = opened_dialog(qtbot, console)
    qtbot.mouseClick(dialog.preset_buttons[0], LEFT)
    qtbot.waitUntil(lambda: idle_with(console, lambda s: s.ticket is None), timeout=WAIT_MS)


def test_a_no_show_can_be_taken_back_for_a_few_seconds(
    qtbot: Any, quick_undo: ClerkWindow, api: Api
) -> None:
    console = quick_undo
    log_in(qtbot, console, 1)
    issued = call_one(qtbot, console, api, 1)
    mark_no_show(qtbot, console)
    bar = console.console.undo
    assert bar.isVisible() and issued["number"] in bar.text.text()
    screenshot(console, "10-undo-no-show")
    qtbot.mouseClick(bar.button, LEFT)
    qtbot.waitUntil(lambda: current_number(console) == issued["number"], timeout=WAIT_MS)
    assert console.session.state.ticket is not None
    assert console.session.state.ticket.status == "called"
    assert api.window(1)["current_ticket"]["number"] == issued["number"]
    assert not bar.isVisible()
    qtbot.mouseClick(console.console.buttons[Action.START], LEFT)
    qtbot.waitUntil(lambda: ticket_field(console, "status") == "serving", timeout=WAIT_MS)
    assert api.ticket(issued["token"])["status"] == "serving"

    qtbot.mouseClick(console.console.buttons[Action.FINISH], LEFT)
    qtbot.mouseClick(opened_dialog(qtbot, console).outcome_buttons["handled"], LEFT)
    qtbot.waitUntil(lambda: idle_with(console, lambda s: s.ticket is None), timeout=WAIT_MS)
    message = console.console.message.text()
    assert "已请群众评价（窗口评价器" in message and "已评价" not in message
    screenshot(console, "11-finished-evaluation-asked")
    second = call_one(qtbot, console, api, 1)
    mark_no_show(qtbot, console)
    assert bar.isVisible()
    qtbot.waitUntil(lambda: not bar.isVisible(), timeout=WAIT_MS)  # the offer ends by itself
    assert api.ticket(second["token"])["status"] == "no_show"


def test_transfer_origin_change_of_window_search_and_log_out(
    qtbot: Any, console: ClerkWindow, api: Api
) -> None:
    log_in(qtbot, console, 1)
    issued = call_one(qtbot, console, api, 1)
    qtbot.keyClick(console, Qt.Key.Key_F6)
    dialog = opened_dialog(qtbot, console)
    dialog.select({"to_window": 2})
    dialog.reason.setText("需要核验原件")
    qtbot.mouseClick(dialog.ok, LEFT)
    qtbot.waitUntil(lambda: idle_with(console, lambda s: s.ticket is None), timeout=WAIT_MS)

    qtbot.mouseClick(console.console.change_button, LEFT)
    qtbot.waitUntil(lambda: console.pages.currentWidget() is console.choice_page, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: 2 in console.choice_page.buttons, timeout=WAIT_MS)
    qtbot.mouseClick(console.choice_page.buttons[2], LEFT)
    qtbot.waitUntil(lambda: console.session.state.window_state == "open", timeout=WAIT_MS)
    assert console.session.window_number == 2
    qtbot.keyClick(console, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: current_number(console) == issued["number"], timeout=WAIT_MS)
    tags = console.console.ticket_card.tags.text()
    assert "自1号窗口转入" in tags and "需要核验原件" in tags
    assert "Transferred from window 1" in tags
    screenshot(console, "11-transferred-in")
    qtbot.mouseClick(console.console.change_button, LEFT)  # a ticket is open: refused
    assert console.pages.currentWidget() is console.console
    assert "请先办结" in console.console.message.text()

    console.console.search_field.setText(issued["number"].lower())
    qtbot.mouseClick(console.console.find_button, LEFT)
    found = opened_dialog(qtbot, console)
    assert isinstance(found, FoundDialog)
    lines = found.lines()
    assert len(lines) == 2  # the ticket transferred away, and the one it became
    assert any("已转移" in line for line in lines) and any("已叫号" in line for line in lines)
    screenshot(found, "12-find-ticket")
    found.accept()

    mark_no_show(qtbot, console)
    qtbot.mouseClick(console.console.logout_button, LEFT)
    qtbot.waitUntil(lambda: console.pages.currentWidget() is console.login_page, timeout=WAIT_MS)
    assert console.session.client.token is None and console.session.stream is None
    assert console.login_page.password.text() == ""
    screenshot(console, "13-logged-out")
    log_in(qtbot, console, 3)  # and in again, at another window
    assert console.session.window_number == 3


def test_device_faults_show_as_a_banner_until_the_device_works(
    qtbot: Any, console: ClerkWindow, api: Api
) -> None:
    faults = f"/api/halls/{HALL}/devices/faults"
    report = {"kiosk_id": "K2", "device": "idcard", "state": "offline", "message": "读卡器未连接"}
    api.call("POST", faults, api.kiosk, report)  # before the console opens: read on opening
    log_in(qtbot, console, 1)
    banner = console.console.faults
    qtbot.waitUntil(banner.isVisible, timeout=WAIT_MS)
    assert banner.text() == "2号自助机：身份证读卡器未连接 · Kiosk 2: ID card reader offline"
    paper = {"kiosk_id": "K1", "device": "printer", "state": "paper_out", "message": "缺纸"}
    api.call("POST", faults, api.kiosk, paper)  # live, from the event stream
    qtbot.waitUntil(lambda: "打印机缺纸" in banner.text(), timeout=WAIT_MS)
    assert "Kiosk 1: printer out of paper" in banner.text()
    screenshot(console, "14-fault-banner")
    for kiosk, device in (("K1", "printer"), ("K2", "idcard")):
        back = {"kiosk_id": kiosk, "device": device, "state": "ok", "message": "正常"}
        api.call("POST", faults, api.kiosk, back)
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=WAIT_MS)
