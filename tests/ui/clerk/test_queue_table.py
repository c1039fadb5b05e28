"""The window's queue table shows every service name whole, also once its vertical scroll bar
appears (a fault banner takes room) and narrows the name column."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect, Qt

from tests.ui.clerk.conftest import HALL, WAIT_MS, Api, log_in, screenshot
from ui.clerk.window import ClerkWindow

PADDING = 8  # the item's left and right margins in the style, together


def clipped_cells(console: ClerkWindow) -> list[str]:
    table = console.console.queue_card.table
    metrics = table.fontMetrics()
    flags = int(Qt.TextFlag.TextWordWrap)
    clipped = []
    for row in range(table.rowCount()):
        item = table.item(row, 0)
        assert item is not None
        cell = table.visualItemRect(item)
        room = QRect(0, 0, cell.width() - PADDING, 10_000)
        needed = metrics.boundingRect(room, flags, item.text())
        if needed.height() > cell.height() or needed.width() > room.width():
            clipped.append(item.text())
    return clipped


def test_service_names_fit_with_a_fault_banner_and_a_scroll_bar(
    qtbot: Any, console: ClerkWindow, api: Api
) -> None:
    faults = f"/api/halls/{HALL}/devices/faults"
    for kiosk, device in (("K1", "printer"), ("K2", "idcard")):
        report = {"kiosk_id": kiosk, "device": device, "state": "offline", "message": "断开"}
        api.call("POST", faults, api.kiosk, report)
    log_in(qtbot, console, 1)
    qtbot.waitUntil(console.console.faults.isVisible, timeout=WAIT_MS)
    table = console.console.queue_card.table
    qtbot.waitUntil(lambda: table.rowCount() > 0, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: table.verticalScrollBar().isVisible(), timeout=WAIT_MS)
    screenshot(console, "15-queue-table-with-banner")
    assert clipped_cells(console) == []
