"""The controller's own decisions, without a server: replayed calls, staleness at start-up."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot

from queue_server.client.board import BoardClient
from tests.fixtures.live_server import free_port
from ui.display.announcer import Announcer
from ui.display.config import DisplayConfig
from ui.display.controller import DisplayController
from ui.display.sinks import SilentSink
from ui.display.voice_queue import ONE_VOICE_WINDOWS


def make(
    window: int | None = None, stale_after: float = 5.0, zone: tuple[int, int] | None = None
) -> DisplayController:
    config = DisplayConfig(stale_after_seconds=stale_after)
    config = replace(config, voice=replace(config.voice, windows=zone))
    client = BoardClient(f"http://127.0.0.1:{free_port()}", "qixia", "token")  # nobody listens
    announcer = Announcer(SilentSink(time_scale=0.0), config.voice, lambda: config.now().time())
    return DisplayController(client, config, announcer, window)


def called(number: str, window: int, age_seconds: float) -> dict:
    at = DisplayConfig().now() - timedelta(seconds=age_seconds)
    return {
        "ticket": {"number": number},
        "window": {"number": window, "label": f"{window}号窗口"},
        "at": at.isoformat(timespec="seconds"),
    }


def test_replayed_old_calls_update_the_board_but_are_not_announced(qtbot: QtBot) -> None:
    controller = make()
    announcer = controller.announcer
    assert announcer is not None
    controller.stream.received.emit("ticket.called", called("A001", 3, age_seconds=600))
    controller.stream.received.emit("ticket.called", called("A002", 4, age_seconds=1))
    qtbot.waitUntil(lambda: len(announcer.announced) == 1, timeout=5000)
    assert [a.number for a in announcer.announced] == ["A002"]
    assert controller.state.window(3).current == "A001"  # type: ignore[union-attr]


def test_a_voice_zone_speaks_only_its_windows_calls_but_shows_all(qtbot: QtBot) -> None:
    controller = make(zone=(31, 60))
    announcer = controller.announcer
    assert announcer is not None
    controller.stream.received.emit("ticket.called", called("A001", 3, age_seconds=1))
    controller.stream.received.emit("ticket.called", called("B002", 45, age_seconds=1))
    qtbot.waitUntil(lambda: len(announcer.announced) == 1, timeout=5000)
    assert [a.number for a in announcer.announced] == ["B002"]
    assert controller.state.window(3).current == "A001"  # type: ignore[union-attr]


def test_board_is_stale_when_the_server_never_answers(qtbot: QtBot) -> None:
    controller = make(stale_after=0.5)
    with qtbot.waitSignal(controller.stale_changed, timeout=5000) as signal:
        controller.start()
    assert signal.args == [True] and not controller.loaded
    controller.stop()


def board_of(windows: int) -> dict:
    return {"hall": {"id": "qixia"}, "windows": [{"number": n} for n in range(1, windows + 1)]}


def test_a_board_speaking_for_more_windows_than_one_voice_keeps_up_with_warns(
    caplog: pytest.LogCaptureFixture,
) -> None:
    for windows, zone, warned in ((60, None, True), (60, (1, 30), False), (30, None, False)):
        caplog.clear()
        controller = make(zone=zone)
        with caplog.at_level(logging.WARNING, logger="ui.display.controller"):
            controller._snapshot_done((board_of(windows), []))
        assert ("voice speaks for" in caplog.text) is warned, (windows, zone)
        if warned:
            assert f"about {ONE_VOICE_WINDOWS}" in caplog.text and '"1-30"' in caplog.text
