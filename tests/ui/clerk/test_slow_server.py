"""The console never freezes while the server is slow: the request runs off the GUI thread."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer

from queue_server.client.clerk import ClerkClient
from tests.ui.clerk.conftest import WAIT_MS
from ui.clerk.session import ClerkSession
from ui.clerk.state import Action
from ui.clerk.window import ClerkWindow

WINDOW = {
    "number": 1,
    "label": "1号窗口",
    "state": "open",
    "services": ["HJ01"],
    "current_ticket": None,
    "queues": [{"service": "HJ01", "waiting": 1, "longest_wait_minutes": 3}],
}
TICKET = {
    "number": "A001",
    "service": "HJ01",
    "status": "called",
    "window": 1,
    "arrived_at": "2026-11-28T09:00:00+08:00",
    "called_at": "2026-11-28T09:03:00+08:00",
}


class SlowServer(ThreadingHTTPServer):
    """Answers reads at once; holds `call-next` until `release` is set."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.release = threading.Event()
        self.called = False  # after call-next, the window shows its ticket, as the real server's
        self.url = f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: SlowServer

    def _send(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802 (http.server name)
        if self.path.endswith("/windows/1"):
            self._send(200, {**WINDOW, "current_ticket": TICKET} if self.server.called else WINDOW)
        else:
            self._send(404, {"error": {"code": "not_here", "zh": "无", "en": "none"}})

    def do_POST(self) -> None:  # noqa: N802
        self.server.release.wait(10)
        self.server.called = True
        self._send(200, {"ticket": TICKET})

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def slow_server() -> Iterator[SlowServer]:
    server = SlowServer()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.release.set()
    server.shutdown()


def test_busy_state_while_the_server_is_slow(qtbot: Any, slow_server: SlowServer) -> None:
    client = ClerkClient(slow_server.url)
    client.hall, client.token, client.username = "qixia", "token", "clerk"
    session = ClerkSession(client)
    window = ClerkWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.open_window(1)
    qtbot.waitUntil(lambda: session.state.window_state == "open", timeout=WAIT_MS)

    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: session.state.busy, timeout=WAIT_MS)
    assert window.console.busy.text().startswith("处理中")
    assert not any(button.isEnabled() for button in window.console.buttons.values())
    ticks: list[int] = []
    timer = QTimer(interval=20)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    qtbot.waitUntil(lambda: len(ticks) >= 10, timeout=WAIT_MS)  # the event loop keeps running
    assert session.state.busy  # ...while the request is still held by the server

    slow_server.release.set()
    qtbot.waitUntil(lambda: window.console.ticket_card.number.text() == "A001", timeout=WAIT_MS)
    assert not session.state.busy
    assert window.console.buttons[Action.START].isEnabled()
    timer.stop()
    session.close()
