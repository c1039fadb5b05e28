"""Window mode (the screen above one window) against a real queue-server."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from tests.ui.display.conftest import Hall, shot
from ui.display.app import Display
from ui.display.window_view import WindowView


def screen(display: Display) -> WindowView:
    assert isinstance(display.view, WindowView)
    return display.view


def test_window_screen_shows_number_then_paused(
    qtbot: QtBot, hall: Hall, make_display: Callable[..., Display]
) -> None:
    display = make_display(window=30)
    view = screen(display)
    assert view.shown() == "欢迎" and view.label.text().startswith("30号窗口")
    hall.issue("ZX01")
    other = hall.issue("GJ03")
    number = hall.call_next(30)
    hall.call_next(18)  # another window's call does not change this screen
    qtbot.waitUntil(lambda: view.shown() == number, timeout=5000)
    assert view.caption_zh.text() == "请到本窗口办理"
    hall.act(30, "start")
    qtbot.waitUntil(lambda: view.caption_zh.text() == "正在办理", timeout=5000)
    assert view.shown() == number != other
    shot(display, "window")
    assert display.announcer.announced == [] and display.announcer.pending == 0  # board speaks

    hall.act(30, "finish", {"outcome": "consultation"})
    hall.act(30, "pause", {"reason": "午休"})
    qtbot.waitUntil(lambda: view.shown() == "暂停服务", timeout=5000)
    assert "午休" in view.caption_zh.text() and view.caption_en.text().startswith("Service paused")
    shot(display, "window-paused")
    assert view.caption_en.text() == "Service paused (Lunch break): please use another window"
    hall.act(30, "resume")
    qtbot.waitUntil(lambda: view.shown() == "欢迎", timeout=5000)
    hall.act(30, "pause", {"reason": "设备检修"})  # a clerk's own words are shown as they are
    qtbot.waitUntil(lambda: "设备检修" in view.caption_en.text(), timeout=5000)
    assert view.caption_en.text() == "Service paused (设备检修): please use another window"
    shot(display, "window-paused-own-reason")


def test_window_screen_voice_when_configured(
    qtbot: QtBot, hall: Hall, make_display: Callable[..., Display]
) -> None:
    display = make_display(window=30, in_window_mode=True, repeat=1)
    hall.issue("ZX01")
    hall.issue("GJ03")
    number = hall.call_next(30)
    hall.call_next(18)
    qtbot.waitUntil(lambda: len(display.announcer.announced) == 1, timeout=5000)
    assert [a.number for a in display.announcer.announced] == [number]  # only its own window
