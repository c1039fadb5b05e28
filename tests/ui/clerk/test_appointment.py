"""The clerk console shows an appointment ticket's slot and whether the citizen checked in
early or late (issue 11), on a live server whose clock is moved to the slot's day."""

from __future__ import annotations

from typing import Any

import httpx
from PySide6.QtCore import Qt

from queue_server.client.clerk import ClerkClient
from tests.queue_server._district import id_number
from tests.ui.appointments import FRIDAY, book, open_monday, slot
from tests.ui.clerk.conftest import WAIT_MS, log_in, screenshot
from ui.clerk.session import ClerkSession
from ui.clerk.window import ClerkWindow
from ui.common.fonts import install_fonts


def test_the_ticket_card_shows_the_slot_and_an_early_check_in(
    qtbot: Any, make_live_server: Any
) -> None:
    server = make_live_server(clock_start=FRIDAY)
    booked = book(server, "c-1", id_number(7), "王小明", slot(9, 30))
    open_monday(server)  # 09:20: ten minutes before the slot
    answer = httpx.post(f"{server.url}/api/halls/qixia/appointments/check-in",
                        json={"code": booked["check_in_code"]}, headers=server.headers("kiosk"),
                        timeout=5)  # fmt: skip
    assert answer.status_code == 200, answer.text
    number = answer.json()["number"]
    install_fonts()
    session = ClerkSession(ClerkClient(server.url), max_backoff=0.3)
    console = ClerkWindow(session)
    qtbot.addWidget(console)
    console.resize(1280, 800)
    console.show()
    try:
        log_in(qtbot, console, 1)  # window 1 serves 户籍 (HJ01)
        qtbot.keyClick(console, Qt.Key.Key_F1)  # call the next: the appointment comes first
        card = console.console.ticket_card
        qtbot.waitUntil(lambda: card.number.text() == number, timeout=WAIT_MS)
        tags = card.tags.text()
        assert "预约 09:30–10:00 · Appointment 09:30–10:00" in tags
        assert "提前 10 分钟签到 · Checked in 10 min early" in tags
        assert "王*明" in card.holder.text()
        screenshot(console, "appointment-called")
    finally:
        session.close()
