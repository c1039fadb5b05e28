"""The window's queue table shows every service name whole, also once its vertical scroll bar
appears (a fault banner takes room) and narrows the name column."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem

from tests.ui.clerk.conftest import HALL, WAIT_MS, Api, log_in, screenshot
from ui.clerk.console import FittedTable
from ui.clerk.window import ClerkWindow

PADDING = 8  # the item's left and right margins in the style, together


def clipped_cells(console: ClerkWindow) -> list[str]:
    return clipped(console.console.queue_card.table)


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
    # The header stretches the name column a moment after the viewport narrows: wait for the
    # rows to follow it (they never do if only the viewport's resize refits them).
    qtbot.waitUntil(lambda: clipped_cells(console) == [], timeout=WAIT_MS)
    screenshot(console, "15-queue-table-with-banner")
    assert clipped_cells(console) == []


def test_rows_fit_again_when_the_scroll_bar_narrows_the_name_column(qtbot: Any) -> None:
    """The table alone, with no queue refresh that would refit its rows anyway."""
    names = ["身份证换领、补领 ID card renewal or replacement", "户籍证明 Household certificate"]
    table = FittedTable(0, 2)
    qtbot.addWidget(table)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    table.setWordWrap(True)
    table.resize(330, 240)
    table.show()
    qtbot.waitExposed(table)
    table.setRowCount(8)  # as QueueCard.show_queues: fill, fit, then the scroll bar appears
    for row in range(8):
        table.setItem(row, 0, QTableWidgetItem(names[row % 2]))
    table.resizeRowsToContents()
    qtbot.waitUntil(table.verticalScrollBar().isVisible, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: clipped(table) == [], timeout=WAIT_MS)  # never, without the refit


def clipped(table: QTableWidget) -> list[str]:
    metrics = table.fontMetrics()
    cut = []
    for row in range(table.rowCount()):
        item = table.item(row, 0)
        assert item is not None
        cell = table.visualItemRect(item)
        room = QRect(0, 0, cell.width() - PADDING, 10_000)
        needed = metrics.boundingRect(room, int(Qt.TextFlag.TextWordWrap), item.text())
        if needed.height() > cell.height() or needed.width() > room.width():
            cut.append(item.text())
    return cut
