"""A whole kiosk (real widgets, controller, journal, simulated ID card reader) on a live server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from kiosk.config import DeviceConfig, KioskConfig
from kiosk.session import Screen
from ui.common.fonts import install_fonts
from ui.kiosk.assembly import Kiosk, build_kiosk


class KioskDriver:
    """Drives a kiosk like a citizen: taps buttons by object name, waits for screens."""

    def __init__(self, kiosk: Kiosk, qtbot: Any, server: Any) -> None:
        self.kiosk = kiosk
        self.qtbot = qtbot
        self.server = server
        self.controller = kiosk.controller
        self.window = kiosk.window

    @property
    def paper(self) -> Any:
        """The virtual printer on its pty."""
        return self.kiosk.printer.simulator  # type: ignore[attr-defined]

    def printed(self, *expected: str) -> str:
        """What the virtual printer received, once it holds every `expected` text (the pty
        delivers the bytes a moment after the kiosk wrote them)."""
        self.qtbot.waitUntil(
            lambda: all(text in self.paper.received_text() for text in expected), timeout=8000
        )
        text: str = self.paper.received_text()
        return text

    @property
    def state(self) -> Any:
        return self.controller.session.state

    def tap(self, name: str) -> None:
        self.qtbot.waitUntil(lambda: self.find(name) is not None, timeout=8000)
        button = self.find(name)
        assert button is not None, f"no button {name!r} on {self.state.screen}"
        assert button.isEnabled(), f"button {name!r} is disabled"
        assert button.height() >= 64, f"button {name!r} is {button.height()} px high"
        area = self.window.screen_widget
        if area is not None and area.isAncestorOf(button):
            area.ensureWidgetVisible(button)  # a citizen scrolls a long list with a finger
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def find(self, name: str) -> QPushButton | None:
        """A visible button of the current screen (or the window's own: back, home, language)."""
        for root in (self.window.page, self.window):
            # findChildren: PySide6 6.12's findChild returns an unowned None when nothing is found
            found = root.findChildren(QPushButton, name) if root is not None else []
            if found and found[0].isVisible():
                return found[0]
        return None

    def wait_screen(self, screen: Screen, timeout: int = 8000) -> None:
        self.qtbot.waitUntil(lambda: self.state.screen == screen, timeout=timeout)

    def wait_ready(self) -> None:
        self.qtbot.waitUntil(
            lambda: bool(self.state.hall is not None and self.state.services), timeout=8000
        )

    def type_keys(self, digits: str) -> None:
        for char in digits:
            self.tap(f"key_{char}")

    def api(self, path: str, role: str = "manager") -> Any:
        answer = httpx.get(
            self.server.url + path, headers=self.server.headers(role, "*"), timeout=5
        )
        answer.raise_for_status()
        return answer.json()


@pytest.fixture
def kiosk_config(tmp_path: Path, live_server: Any) -> KioskConfig:
    return KioskConfig(
        hall="qixia",
        server_url=live_server.url,
        token=live_server.token("kiosk", "qixia"),
        journal=tmp_path / "journal.db",
        timeout_seconds=1.0,
        fullscreen=False,
        devices=DeviceConfig(idcard="sim", scanner="sim", printer="sim"),
    )


@pytest.fixture
def make_kiosk(qtbot: Any, live_server: Any) -> Iterator[Callable[..., KioskDriver]]:
    app = QApplication.instance()
    assert app is not None
    install_fonts()
    made: list[Kiosk] = []

    def make(config: KioskConfig, printer: Any = None, size: tuple[int, int] = (1080, 1920),
             refresh_ms: int = 300, **changes: Any) -> KioskDriver:  # fmt: skip
        """A started kiosk polling every `refresh_ms`; `changes` replace configuration fields
        (e.g. idle_seconds=30)."""
        kiosk = build_kiosk(replace(config, **changes), printer)
        made.append(kiosk)
        kiosk.window.resize(*size)
        kiosk.window.show()
        kiosk.controller.start(refresh_ms=refresh_ms)
        driver = KioskDriver(kiosk, qtbot, live_server)
        driver.wait_ready()
        return driver

    yield make
    for kiosk in made:
        kiosk.window.close()
        kiosk.stop()
