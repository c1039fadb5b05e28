"""Helpers for the clerk console tests: a real server API for setup/checks, a console fixture."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from queue_server.client.clerk import ClerkClient
from queue_server.engine.privacy import id_check_char
from ui.clerk.session import ClerkSession
from ui.clerk.window import ClerkWindow
from ui.common.fonts import install_fonts

HALL = "qixia"
SCREENSHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots" / "clerk"
WAIT_MS = 8000


class Api:
    """Direct calls to the live server, to set up a scene and to check what the console did."""

    def __init__(self, live: Any) -> None:
        self.url = live.url
        self.kiosk = live.token("kiosk", hall=HALL)
        self.clerk = live.login("clerk", "demo1234")
        self.issued = 0

    def call(self, method: str, path: str, token: str | None = None, body: Any = None) -> Any:
        headers = {"Authorization": f"Bearer {token or self.clerk}"}
        response = requests.request(method, self.url + path, json=body, headers=headers, timeout=5)
        assert response.status_code < 400, (path, response.status_code, response.text)
        return response.json() if response.content else None

    def raw(
        self, method: str, path: str, body: Any = None, token: str | None = None
    ) -> requests.Response:
        headers = {"Authorization": f"Bearer {token or self.clerk}"}
        return requests.request(method, self.url + path, json=body, headers=headers, timeout=5)

    def window(self, number: int) -> dict:
        return self.call("GET", f"/api/halls/{HALL}/windows/{number}")

    def issue(self, service: str, name: str = "张三丰") -> dict:
        """A walk-in ticket with an ID card (some services need one), a new ID each time."""
        self.issued += 1
        first17 = f"32011319900101{self.issued:03d}"
        card = {"number": first17 + id_check_char(first17), "name": name}
        body = {"service": service, "id_card": card}
        return self.call("POST", f"/api/halls/{HALL}/tickets", self.kiosk, body)

    def ticket(self, token: str) -> dict:
        return self.call("GET", f"/api/tickets/{token}")

    def waiting(self) -> list[dict]:
        return self.call("GET", f"/api/halls/{HALL}/tickets?status=waiting")


@pytest.fixture
def api(live_server: Any) -> Api:
    return Api(live_server)


@pytest.fixture
def console(qtbot: Any, live_server: Any) -> Iterator[ClerkWindow]:
    """The clerk console against the live server, shown offscreen at a desk-monitor size."""
    install_fonts()
    session = ClerkSession(ClerkClient(live_server.url), max_backoff=0.3)
    window = ClerkWindow(session)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    yield window
    if window.dialog is not None:
        window.dialog.close()
    session.close()


def log_in(qtbot: Any, window: ClerkWindow, number: int, shot: str = "") -> None:
    """Type the demo credentials, then choose window `number`; waits until it is shown."""
    page = window.login_page
    page.username.setText("clerk")
    page.password.setText("demo1234")
    qtbot.mouseClick(page.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: number in window.choice_page.buttons, timeout=WAIT_MS)
    if shot:
        qtbot.waitUntil(lambda: bool(window.session.services), timeout=WAIT_MS)
        screenshot(window, shot)
    qtbot.mouseClick(window.choice_page.buttons[number], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.state.window_state == "open", timeout=WAIT_MS)


def screenshot(window: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    QApplication.processEvents()  # let pending layout requests settle before grabbing
    assert window.grab().save(str(path)), path
    return path
