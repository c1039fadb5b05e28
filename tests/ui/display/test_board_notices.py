"""The board's notice line follows the manager's notices live (the event stream, no reload);
with none set it shows the display's own notice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pytestqt.qtbot import QtBot

from tests.ui.display.conftest import shot
from tests.ui.notices import put_notices
from ui.display.app import Display
from ui.display.board_state import apply_event, from_snapshot
from ui.display.board_view import BoardView
from ui.display.config import Notice


def test_the_ticker_follows_the_managers_notices(
    qtbot: QtBot, live_server: Any, make_display: Callable[..., Display]
) -> None:
    display = make_display()
    view = display.view
    assert isinstance(view, BoardView)
    assert view.ticker.text.startswith(Notice().zh)  # nothing set on the server: its own
    lines = [{"zh": "今日 16:00 起暂停取号", "en": "No new tickets after 16:00 today"}]
    put_notices(live_server, lines)
    qtbot.waitUntil(lambda: view.ticker.text.startswith("今日 16:00 起暂停取号"), timeout=5000)
    assert "No new tickets after 16:00 today" in view.ticker.text
    shot(display, "notices")


def test_a_closed_window_and_new_notices_apply_as_events() -> None:
    state = from_snapshot({"hall": {"id": "qixia", "name": {"zh": "栖霞", "en": "Qixia"},
                                    "notices": [{"zh": "一", "en": "one"}]},
                           "windows": [{"number": 3, "state": "open"}]})  # fmt: skip
    assert state.notices == (("一", "one"),)
    state = apply_event(state, "window.closed", {"window": {"number": 3}})
    assert state.window(3) is not None and state.window(3).state == "closed"  # type: ignore[union-attr]
    state = apply_event(state, "hall.notices", {"notices": []})
    assert state.notices == ()
