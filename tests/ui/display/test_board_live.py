"""The board against a real queue-server: a clerk's cycle, simultaneous calls, a server restart."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from pytestqt.qtbot import QtBot

from tests.ui.display.conftest import Hall, shot
from ui.display.app import Display
from ui.display.board_view import BoardView
from ui.display.voice_plan import plan_call
from ui.display.voice_queue import short_phrase


def contains(clips: list[str], part: list[str]) -> bool:
    return any(clips[i : i + len(part)] == part for i in range(len(clips)))


def board(display: Display) -> BoardView:
    assert isinstance(display.view, BoardView)
    return display.view


def test_clerk_cycle_drives_board_and_voice(
    qtbot: QtBot, hall: Hall, make_display: Callable[..., Display]
) -> None:
    display = make_display()
    view, announcer = board(display), display.announcer
    assert view.shown_calls() == [] and view.hall_zh.text() == "栖霞区政务服务中心"
    first = hall.issue("ZX01")
    number = hall.call_next(30)
    assert number == first
    qtbot.waitUntil(lambda: view.shown_calls() == [(number, "30号窗口")], timeout=5000)
    assert view.highlighted() == number
    assert view.rows[0].window_en.text() == "Window 30"
    qtbot.waitUntil(lambda: len(announcer.announced) == 1, timeout=5000)
    assert announcer.announced[0] == plan_call(number, 30, recall=False, repeat=2)
    assert [p.clip for p in announcer.played][:4] == ["chime", "qing", "Z", "0"]

    hall.issue("GJ03")  # someone else waits: the waiting panel counts them
    qtbot.waitUntil(lambda: ("公积金", "1人") in view.waiting_panel.texts())
    shot(display, "landscape")

    hall.act(30, "recall")
    qtbot.waitUntil(lambda: len(announcer.announced) == 2, timeout=5000)
    assert announcer.announced[1].recall and announcer.announced[1].clips[1] == "qing_zhuyi"
    assert "重呼" in view.rows[0].window_en.text()

    hall.act(30, "start")
    qtbot.waitUntil(lambda: "办理中" in view.rows[0].window_en.text(), timeout=5000)
    hall.act(30, "finish", {"outcome": "handled"})
    qtbot.waitUntil(lambda: view.shown_calls() == [], timeout=5000)
    assert view.highlighted() is None
    assert (number, "30号窗口") in view.recent_panel.texts()


def test_two_windows_calling_at_once_are_both_announced_in_order(
    qtbot: QtBot, hall: Hall, make_display: Callable[..., Display]
) -> None:
    display = make_display()
    view, announcer = board(display), display.announcer
    issued = {hall.issue("ZX01"), hall.issue("ZX01")}
    seen: list[tuple[str, int]] = []
    display.controller.call_applied.connect(lambda number, window: seen.append((number, window)))
    barrier = threading.Barrier(2)
    called: dict[int, str] = {}

    def call(window: int) -> None:
        barrier.wait()
        called[window] = hall.call_next(window)

    threads = [threading.Thread(target=call, args=(w,)) for w in (25, 30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert set(called.values()) == issued  # two different tickets, one per window
    qtbot.waitUntil(lambda: len(announcer.announced) == 2, timeout=10_000)
    expected = [plan_call(number, window) for number, window in seen]
    assert announcer.announced == expected  # both, in the order the board received them
    clips = [p.clip for p in announcer.played]
    first, second = expected
    assert clips[: first.clips.index("gap")] == list(first.clips[: first.clips.index("gap")])
    # the second was said after it: in full if it came late, else once and short (catch-up)
    assert contains(clips, short_phrase(second)[:-1]) or contains(clips, list(second.clips))
    for before, after in zip(announcer.played, announcer.played[1:], strict=False):
        assert after.started >= before.ended  # never overlapping
    assert sorted(view.shown_calls()) == sorted(
        (number, f"{window}号窗口") for window, number in called.items()
    )
    assert view.highlighted() == seen[-1][0]


def test_board_goes_stale_while_server_is_down_and_recovers(
    qtbot: QtBot, hall: Hall, live_server: Any, make_display: Callable[..., Display]
) -> None:
    display = make_display(stale_after=1.0)
    view, controller = board(display), display.controller
    hall.issue("ZX01")
    number = hall.call_next(30)
    qtbot.waitUntil(lambda: view.highlighted() == number, timeout=5000)
    assert not view.banner.isVisible()

    live_server.stop()
    with qtbot.waitSignal(controller.stale_changed, timeout=10_000) as stale:
        pass
    assert stale.args == [True]
    assert view.banner.isVisible() and "连接中断" in view.banner.text()
    assert view.highlighted() is None  # old calls are not shown as current
    assert view.calls_title.text().startswith("中断前的叫号")
    shot(display, "stale")

    loads = controller.snapshots
    live_server.start()
    qtbot.waitUntil(lambda: not view.banner.isVisible(), timeout=15_000)
    assert controller.snapshots > loads  # the snapshot was reloaded after reconnecting
    assert view.calls_title.text().startswith("正在呼叫")
    hall.issue("ZX01")
    second = hall.call_next(25)
    qtbot.waitUntil(lambda: view.highlighted() == second, timeout=5000)
    assert (second, "25号窗口") in view.shown_calls() and (number, "30号窗口") in view.shown_calls()


def test_quiet_hours_mute_but_the_board_still_shows(
    qtbot: QtBot, hall: Hall, make_display: Callable[..., Display]
) -> None:
    from ui.display.config import DisplayConfig, QuietPeriod

    now = DisplayConfig().now()
    start, end = (now.replace(hour=(now.hour + h) % 24, minute=0) for h in (0, 1))
    display = make_display(quiet_hours=(QuietPeriod(start.time(), end.time()),))
    hall.issue("ZX01")
    number = hall.call_next(30)
    qtbot.waitUntil(lambda: board(display).highlighted() == number, timeout=5000)
    qtbot.waitUntil(lambda: len(display.announcer.silenced) == 1, timeout=5000)
    assert display.announcer.silenced[0].number == number
    assert display.announcer.played == [] and display.announcer.announced == []


def test_portrait_board_with_several_calls(
    qtbot: QtBot, hall: Hall, make_display: Callable[..., Display]
) -> None:
    display = make_display(portrait=True)
    view = board(display)
    hall.issue("ZX01")
    hall.issue("HJ01", id_required=True)
    hall.issue("SB01", id_required=True)
    hall.issue("GJ03")
    hall.issue("ZX01")  # still waiting
    numbers = [hall.call_next(window) for window in (30, 1, 3, 18)]
    hall.act(30, "start")
    qtbot.waitUntil(lambda: len(view.shown_calls()) == 4, timeout=5000)
    assert [n for n, _ in view.shown_calls()] == list(reversed(numbers))
    assert view.highlighted() == numbers[-1]
    qtbot.waitUntil(lambda: view.waiting_panel.texts() != [], timeout=5000)
    shot(display, "portrait")
