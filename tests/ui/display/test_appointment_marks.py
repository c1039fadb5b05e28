"""Appointment tickets are marked 预约 on the board's call list, in its earlier calls and on the
window screen (issue 11), live and from a fresh snapshot. The server here is started on a
Friday to take a booking for Monday, then moved to 09:20 on Monday to check it in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.appointments import checked_in_server
from tests.ui.display.conftest import Hall, shot
from ui.display.app import Display
from ui.display.board_view import BoardView
from ui.display.window_view import WindowView


@pytest.fixture
def live_server(make_live_server: Any) -> Any:
    """The hall's server with an appointment checked in ten minutes before its slot."""
    return checked_in_server(make_live_server, 5)


def mark_of(view: BoardView, number: str) -> bool:
    row = next(r for r in view.rows if r.number.text() == number)
    return row.mark.isVisible() and row.mark.text() == "预约 Appt"


def test_the_board_and_the_window_screen_mark_an_appointment_ticket(
    qtbot: QtBot, hall: Hall, live_server: Any, make_display: Callable[..., Display]
) -> None:
    booked = live_server.appointment_number
    board = make_display()
    window = make_display(window=1)
    assert isinstance(board.view, BoardView) and isinstance(window.view, WindowView)
    view, screen = board.view, window.view
    walk_in = hall.issue("ZX01")
    assert hall.call_next(30) == walk_in
    assert hall.call_next(1) == booked
    qtbot.waitUntil(lambda: len(view.shown_calls()) == 2, timeout=5000)
    assert mark_of(view, booked) and not mark_of(view, walk_in)
    qtbot.waitUntil(lambda: screen.shown() == booked, timeout=5000)
    assert screen.caption_zh.text() == "预约号　请到本窗口办理"
    assert screen.caption_en.text() == "Appointment — please come to this window"
    shot(board, "appointment-marked")
    shot(window, "window-appointment")
    hall.act(1, "start")
    hall.act(1, "finish", {"outcome": "handled"})
    qtbot.waitUntil(lambda: bool(view.recent_panel.texts()), timeout=5000)
    assert dict(view.recent_panel.texts())[booked].endswith("预约 Appt")
    fresh = make_display()  # the mark from the snapshot, too
    assert isinstance(fresh.view, BoardView)
    fresh_view = fresh.view
    qtbot.waitUntil(lambda: bool(fresh_view.recent_panel.texts()), timeout=5000)
    assert dict(fresh_view.recent_panel.texts())[booked].endswith("预约 Appt")
    assert not mark_of(fresh_view, walk_in)
    shot(board, "appointment-earlier")
