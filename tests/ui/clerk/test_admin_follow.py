"""The clerk console follows a manager's change of its window live: new services (its queues),
and a close (the window state), from the event stream without a reload."""

from __future__ import annotations

from typing import Any

import httpx

from tests.ui.clerk.conftest import WAIT_MS, log_in, screenshot
from ui.clerk.window import ClerkWindow


def test_the_console_follows_its_windows_new_services_and_state(
    qtbot: Any, console: ClerkWindow, live_server: Any
) -> None:
    log_in(qtbot, console, 2)
    state = lambda: console.session.state  # noqa: E731
    qtbot.waitUntil(lambda: bool(state().queues), timeout=WAIT_MS)
    shown = state().window
    assert shown is not None and len(shown.services) > 1
    manager = live_server.headers("manager")
    url = f"{live_server.url}/api/halls/qixia/windows/2"
    answer = httpx.put(url + "/services", json={"services": ["HJ02"]}, headers=manager, timeout=10)
    assert answer.status_code == 200, answer.text
    qtbot.waitUntil(lambda: [q.service for q in state().queues] == ["HJ02"], timeout=WAIT_MS)
    shown = state().window
    assert shown is not None and shown.services == ("HJ02",)
    answer = httpx.put(url + "/state", json={"state": "closed"}, headers=manager, timeout=10)
    assert answer.status_code == 200, answer.text
    qtbot.waitUntil(lambda: state().window_state == "closed", timeout=WAIT_MS)
    screenshot(console, "admin-window-closed")
