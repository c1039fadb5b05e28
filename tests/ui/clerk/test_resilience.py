"""Token expiry, a lost server and server refusals, against the real queue-server."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt

from tests.ui.clerk.conftest import HALL, WAIT_MS, Api, log_in, screenshot
from tests.ui.clerk.test_console import LEFT, current_number, opened_dialog, ticket_field
from ui.clerk.dialogs import CallTicketDialog
from ui.clerk.window import ClerkWindow

RESTART_MS = 20_000


def test_token_expiry_asks_for_the_password_and_keeps_the_ticket(
    qtbot: Any, console: ClerkWindow, api: Api, live_server: Any
) -> None:
    log_in(qtbot, console, 1)
    issued = api.issue(api.window(1)["services"][0])
    qtbot.keyClick(console, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: current_number(console) == issued["number"], timeout=WAIT_MS)

    expired = live_server.token("clerk", username="clerk", ttl=timedelta(seconds=-5))
    refusal = api.raw("GET", f"/api/halls/{HALL}/windows/1", token=expired)
    assert (refusal.status_code, refusal.json()["error"]["code"]) == (401, "token_expired")
    console.session.client.token = expired

    qtbot.keyClick(console, Qt.Key.Key_F2)  # recall, refused: token expired
    qtbot.waitUntil(lambda: console.password_dialog is not None, timeout=WAIT_MS)
    dialog = console.password_dialog
    assert dialog is not None
    assert console.console.ticket_card.number.text() == issued["number"]
    screenshot(dialog, "11-password-again")

    dialog.password.setText("wrong-password")
    qtbot.mouseClick(dialog.ok, LEFT)
    qtbot.waitUntil(lambda: "\n" in dialog.error.text(), timeout=WAIT_MS)  # zh \n en
    assert console.password_dialog is dialog

    dialog.password.setText("demo1234")
    qtbot.mouseClick(dialog.ok, LEFT)
    qtbot.waitUntil(lambda: ticket_field(console, "recall_count") == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: console.password_dialog is None, timeout=WAIT_MS)  # closes after
    assert console.session.client.token != expired
    assert current_number(console) == issued["number"]
    assert api.window(1)["current_ticket"]["recall_count"] == 1  # the recall was retried


def test_disconnected_banner_and_recovery_after_restart(
    qtbot: Any, console: ClerkWindow, api: Api, live_server: Any
) -> None:
    log_in(qtbot, console, 1)
    banner = console.console.banner
    assert not banner.isVisible()

    live_server.stop()
    qtbot.waitUntil(banner.isVisible, timeout=WAIT_MS)
    assert "断开" in banner.text() and "Disconnected" in banner.text()
    qtbot.keyClick(console, Qt.Key.Key_F1)  # fails in words, the GUI stays usable
    message = console.console.message
    qtbot.waitUntil(lambda: "无法连接服务器" in message.text(), timeout=WAIT_MS)
    assert "Cannot reach the server" in message.text()
    screenshot(console, "10-disconnected")

    live_server.start()
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=RESTART_MS)
    issued = api.issue(api.window(1)["services"][0])  # live updates flow again
    waiting = lambda: sum(q.waiting for q in console.session.state.queues)  # noqa: E731
    qtbot.waitUntil(lambda: waiting() >= 1, timeout=WAIT_MS)
    qtbot.keyClick(console, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: current_number(console) == issued["number"], timeout=WAIT_MS)


def test_server_refusal_is_shown_in_words(qtbot: Any, console: ClerkWindow, api: Api) -> None:
    log_in(qtbot, console, 1)
    shared = set(api.window(1)["services"]) & set(api.window(2)["services"])
    issued = api.issue(sorted(shared)[0], name="李四")
    qtbot.keyClick(console, Qt.Key.Key_F9)  # call a specific ticket
    dialog = opened_dialog(qtbot, console)
    assert isinstance(dialog, CallTicketDialog)
    dialog.select(issued["number"])
    screenshot(dialog, "12-call-a-ticket")

    taken = {"number": issued["number"], "reason": "test"}
    api.call("POST", f"/api/halls/{HALL}/windows/2/call", body=taken)  # another window wins
    qtbot.mouseClick(dialog.preset_buttons[0], LEFT)
    message = console.console.message
    qtbot.waitUntil(lambda: message.property("kind") == "error", timeout=WAIT_MS)

    again = api.raw("POST", f"/api/halls/{HALL}/windows/1/call", body=taken)
    assert again.status_code == 409
    error = again.json()["error"]
    assert error["zh"] in message.text() and error["en"] in message.text()
    assert console.session.state.ticket is None
    screenshot(console, "13-refusal")
