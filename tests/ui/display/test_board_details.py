"""Board details against the real server: every waiting category, 过号 marks, full screen."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from pytestqt.qtbot import QtBot

from tests.ui.display.conftest import Hall, shot
from ui.display.app import Display
from ui.display.board_view import BoardView
from ui.display.widgets import FitLabel

ROOT = Path(__file__).resolve().parents[3]


def board(display: Display) -> BoardView:
    assert isinstance(display.view, BoardView)
    return display.view


def one_per_category(live_server: Any) -> dict[str, tuple[str, bool]]:
    """category code → (an available service of it, whether it needs an ID card)."""
    services = httpx.get(f"{live_server.url}/api/halls/qixia/services", timeout=10).json()
    chosen: dict[str, tuple[str, bool]] = {}
    for service in services:
        if service["available"]:
            chosen.setdefault(
                service["category"]["code"], (service["code"], service["id_required"])
            )
    return chosen


def clipped(view: BoardView) -> list[str]:
    """Texts of the view's labels wider than their room (font metrics)."""
    wide = []
    for label in view.findChildren(FitLabel):
        if label.isVisible() and label.text():
            room = label.contentsRect().width()
            if label.fontMetrics().horizontalAdvance(label.text()) > room:
                wide.append(label.text())
    return wide


def test_every_category_with_people_waiting_is_shown(
    qtbot: QtBot, hall: Hall, live_server: Any, make_display: Callable[..., Display]
) -> None:
    categories = one_per_category(live_server)
    assert len(categories) > 4  # more than the board used to show
    for service, id_required in categories.values():
        hall.issue(service, id_required)
    for portrait in (False, True):
        display = make_display(portrait=portrait)
        view = board(display)

        def all_shown(view: BoardView = view) -> bool:
            return len(view.waiting_panel.texts()) == len(categories)

        qtbot.waitUntil(all_shown, timeout=5000)
        names = {name for name, _ in view.waiting_panel.texts()}
        assert "民政" in names
        assert clipped(view) == []
        shot(display, "waiting-all-portrait" if portrait else "waiting-all")


def test_a_no_show_is_marked_in_called_earlier(
    qtbot: QtBot, hall: Hall, make_display: Callable[..., Display]
) -> None:
    display = make_display()
    view = board(display)
    hall.issue("ZX01")
    hall.issue("ZX01")
    missed = hall.call_next(30)
    hall.act(30, "no-show", {"reason": "多次叫号未到"})
    served = hall.call_next(30)
    hall.act(30, "start")
    hall.act(30, "finish", {"outcome": "handled"})
    qtbot.waitUntil(lambda: len(view.recent_panel.texts()) == 2, timeout=5000)
    lines = dict(view.recent_panel.texts())
    assert "过号" in lines[missed] and "过号" not in lines[served]
    assert clipped(view) == []
    shot(display, "no-show-marked")


def test_a_fresh_board_shows_the_no_show_mark_from_the_snapshot(
    qtbot: QtBot, hall: Hall, make_display: Callable[..., Display]
) -> None:
    hall.issue("ZX01")
    missed = hall.call_next(30)
    hall.act(30, "no-show", {"reason": "本人离开"})
    view = board(make_display())
    qtbot.waitUntil(lambda: bool(view.recent_panel.texts()), timeout=5000)
    assert "过号" in dict(view.recent_panel.texts())[missed]


FULL_SCREEN_PROBE = """
import sys
from PySide6.QtWidgets import QApplication, QWidget
from ui.display.app import show_full_screen
app = QApplication([])
view = QWidget()
show_full_screen(view)
for _ in range(50):
    app.processEvents()
print(view.width(), view.height())
"""


def test_full_screen_without_a_window_manager_fills_the_screen(tmp_path: Path) -> None:
    """Xvfb with no window manager: the board must cover the screen, not open at 200×100."""
    display = f":{90 + os.getpid() % 500}"
    xvfb = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        probe = None
        for _ in range(50):  # Xvfb takes a moment to accept clients
            probe = subprocess.run(
                [sys.executable, "-c", FULL_SCREEN_PROBE],
                env=env, cwd=ROOT, capture_output=True, text=True, timeout=30,
            )  # fmt: skip
            if probe.returncode == 0:
                break
        assert probe is not None and probe.returncode == 0, probe and probe.stderr
        assert probe.stdout.split() == ["1366", "768"]
    finally:
        xvfb.terminate()
        xvfb.wait(10)
