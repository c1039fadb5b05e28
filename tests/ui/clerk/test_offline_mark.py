"""The clerk sees which tickets a kiosk issued offline (issue 10, item 3): a mark beside the
number in the list of waiting tickets and on the current ticket."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtGui import QFontMetrics

from queue_server.engine.numbering import DEFAULT_TZ
from queue_server.store.timeutil import zone
from tests.ui.clerk.conftest import HALL, WAIT_MS, Api, log_in, screenshot
from tests.ui.clerk.test_present import ticket
from ui.clerk import present
from ui.clerk.dialogs import CallTicketDialog
from ui.clerk.state import Action
from ui.clerk.window import ClerkWindow

ENQUIRY_WINDOW = 30  # qixia window 30 serves ZX01 (综合咨询, prefix Z, no ID card)


def test_the_tags_mark_an_offline_ticket_first() -> None:
    marked = present.tags_text(ticket(source="offline", priority="green"))
    assert marked == "离线取号 Issued offline  ·  绿色通道 Priority"
    assert "离线" not in present.tags_text(ticket(source="walk_in"))


def hand_over_one(api: Api) -> str:
    issued_at = datetime.now(zone(DEFAULT_TZ)).isoformat(timespec="seconds")
    paper = {"number": "ZK101", "service": "ZX01", "issued_at": issued_at,
             "idempotency_key": "K1-1"}  # fmt: skip
    body = {"kiosk_id": "K1", "tickets": [paper]}
    (handed,) = api.call("POST", f"/api/halls/{HALL}/tickets/offline", api.kiosk, body)["tickets"]
    return str(handed["number"])


def test_the_console_marks_an_offline_ticket_in_the_list_and_when_called(
    qtbot: Any, console: ClerkWindow, api: Api
) -> None:
    number = hand_over_one(api)
    log_in(qtbot, console, ENQUIRY_WINDOW)
    qtbot.waitUntil(lambda: bool(console.session.state.queues), timeout=WAIT_MS)

    console.request(Action.CALL_TICKET)
    qtbot.waitUntil(lambda: isinstance(console.dialog, CallTicketDialog), timeout=WAIT_MS)
    dialog = console.dialog
    assert isinstance(dialog, CallTicketDialog)
    row = dialog.tickets.item(0).text()
    assert row.startswith(f"{number}   {present.OFFLINE_MARK}")  # beside the number
    metrics, room = QFontMetrics(dialog.tickets.font()), dialog.tickets.viewport().width()
    assert all(metrics.horizontalAdvance(line) < room for line in row.splitlines()), row
    screenshot(dialog, "offline-in-list")
    dialog.close()

    console.request(Action.CALL_NEXT)
    card = console.console.ticket_card
    qtbot.waitUntil(lambda: card.number.text() == number, timeout=WAIT_MS)
    assert card.tags.isVisible() and card.tags.text().startswith(present.OFFLINE_MARK)
    assert QFontMetrics(card.tags.font()).horizontalAdvance(card.tags.text()) <= card.tags.width()
    screenshot(console, "offline-called")
