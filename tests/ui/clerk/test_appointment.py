"""The clerk console shows an appointment ticket's slot and whether the citizen checked in
early or late (issue 11), on a live server whose clock is moved to the slot's day."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.ui.appointments import checked_in_server
from tests.ui.clerk.conftest import WAIT_MS, log_in, screenshot
from ui.clerk.window import ClerkWindow


@pytest.fixture
def live_server(make_live_server: Any) -> Any:
    """The hall's server with an appointment checked in ten minutes before its slot."""
    return checked_in_server(make_live_server, 7)


def test_the_ticket_card_shows_the_slot_and_an_early_check_in(
    qtbot: Any, console: ClerkWindow, live_server: Any
) -> None:
    log_in(qtbot, console, 1)  # window 1 serves 户籍 (HJ01)
    qtbot.keyClick(console, Qt.Key.Key_F1)  # call the next: nobody else is waiting
    card = console.console.ticket_card
    qtbot.waitUntil(lambda: card.number.text() == live_server.appointment_number, timeout=WAIT_MS)
    tags = card.tags.text()
    assert "预约 09:30–10:00 · Appointment 09:30–10:00" in tags
    assert "提前 10 分钟签到 · Checked in 10 min early" in tags
    assert "王*明" in card.holder.text()
    screenshot(console, "appointment-called")
