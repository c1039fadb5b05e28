"""Display tests: a clerk and a kiosk driving the real server over HTTP, and a board to watch."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytestqt.qtbot import QtBot

from queue_server.client.board import BoardClient
from queue_server.engine.privacy import id_check_char
from tests.conftest import SCREENSHOT_DIR
from ui.common.fonts import install_fonts
from ui.display.app import Display, build_display
from ui.display.config import DisplayConfig, VoiceConfig
from ui.display.sinks import SilentSink

SHOTS = SCREENSHOT_DIR / "display"
TIME_SCALE = 0.02  # silent clips 'play' at 50x speed


class Hall:
    """Kiosk and clerk requests against the live server (what hall-kiosk and hall-clerk send)."""

    def __init__(self, server: Any, hall: str = "qixia") -> None:
        self.url = f"{server.url}/api/halls/{hall}"
        self.kiosk = {"Authorization": f"Bearer {server.token('kiosk', hall)}"}
        self.clerk = {"Authorization": f"Bearer {server.token('clerk', hall)}"}
        self._ids = 0
        self._lock = threading.Lock()

    def issue(self, service: str = "ZX01", id_required: bool = False) -> str:
        body: dict[str, Any] = {"service": service}
        if id_required:
            with self._lock:
                self._ids += 1
                first17 = f"32011319900101{self._ids:03d}"
            body["id_card"] = {"number": first17 + id_check_char(first17), "name": "张三"}
        answer = httpx.post(f"{self.url}/tickets", json=body, headers=self.kiosk, timeout=10)
        assert answer.status_code == 201, answer.text
        return str(answer.json()["number"])

    def act(self, window: int, action: str, body: dict[str, Any] | None = None) -> httpx.Response:
        answer = httpx.post(
            f"{self.url}/windows/{window}/{action}", json=body, headers=self.clerk, timeout=10
        )
        assert answer.status_code in (200, 204), f"{action} at {window}: {answer.text}"
        return answer

    def call_next(self, window: int) -> str:
        return str(self.act(window, "call-next").json()["ticket"]["number"])


@pytest.fixture
def hall(live_server: Any) -> Hall:
    return Hall(live_server)


@pytest.fixture
def make_display(qtbot: QtBot, live_server: Any) -> Iterator[Callable[..., Display]]:
    """`make_display(window=None, portrait=False, **voice)` → a started display, loaded."""
    install_fonts()
    displays: list[Display] = []

    def make(
        window: int | None = None, portrait: bool = False, stale_after: float = 1.0, **voice: Any
    ) -> Display:
        config = DisplayConfig(
            hall="qixia",
            orientation="portrait" if portrait else "landscape",
            stale_after_seconds=stale_after,
            voice=replace(VoiceConfig(), **voice),
        )
        client = BoardClient(live_server.url, "qixia", live_server.token("display"))
        display = build_display(config, client, window, SilentSink(time_scale=TIME_SCALE))
        qtbot.addWidget(display.view)
        size = (1280, 480) if window else (1080, 1920) if portrait else (1920, 1080)
        display.view.resize(*size)
        display.view.show()
        display.start()
        displays.append(display)
        qtbot.waitUntil(lambda: display.controller.loaded, timeout=10_000)
        return display

    yield make
    for display in displays:
        display.stop()


def shot(display: Display, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    assert display.view.grab().save(str(path)), path
    return path
