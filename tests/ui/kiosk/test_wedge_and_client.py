"""The keyboard-wedge scanner through Qt key events, and the client's retry with the same key."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QWidget

from kiosk.client import ServerClient, ServerUnavailable
from ui.kiosk.wedge import WedgeFilter


class StepClock:
    """Each reading moves time on by `step` seconds: a scanner types fast, a person slowly."""

    def __init__(self, step: float) -> None:
        self.now, self.step = 100.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.mark.parametrize(("step", "scanned"), [(0.005, ["BOOK-2026-0042"]), (0.25, [])])
def test_a_fast_burst_ending_in_enter_is_a_scan(
    qtbot: Any, step: float, scanned: list[str]
) -> None:
    app = QApplication.instance()
    assert app is not None
    codes: list[str] = []
    wedge = WedgeFilter(codes.append, clock=StepClock(step))
    field = QLineEdit()
    qtbot.addWidget(field)
    app.installEventFilter(wedge)
    try:
        QTest.keyClicks(field, "BOOK-2026-0042")
        QTest.keyClick(field, Qt.Key.Key_Return)
    finally:
        app.removeEventFilter(wedge)
    assert codes == scanned
    typed = "" if scanned else "BOOK-2026-0042"
    assert field.text() == typed or scanned, "a person's typing reaches the widget"


class FlakySession(requests.Session):
    """Times out on the first `failures` requests, then answers like the server."""

    def __init__(self, failures: int) -> None:
        super().__init__()
        self.failures = failures
        self.bodies: list[Any] = []

    def request(self, method: str, url: str, **kwargs: Any) -> Any:  # type: ignore[override]
        self.bodies.append(kwargs.get("json"))
        if len(self.bodies) <= self.failures:
            raise requests.Timeout("read timed out")
        response = requests.Response()
        response.status_code = 200
        response._content = b'{"number": "A001", "token": "t", "service": "HJ01", "ahead": 0}'
        return response


def test_a_timed_out_ticket_request_is_retried_with_the_same_key() -> None:
    session = FlakySession(failures=1)
    client = ServerClient("http://127.0.0.1:1", "token", "qixia", session=session)
    ticket = client.issue("HJ01", "key-123")
    assert ticket.number == "A001"
    assert [body["idempotency_key"] for body in session.bodies] == ["key-123", "key-123"]


def test_a_server_that_keeps_timing_out_is_unavailable() -> None:
    client = ServerClient("http://127.0.0.1:1", "t", "qixia", session=FlakySession(failures=9))
    with pytest.raises(ServerUnavailable, match="read timed out"):
        client.issue("HJ01", "key-9")


def test_a_press_passed_on_to_parent_widgets_counts_once(qtbot: Any) -> None:
    app = QApplication.instance()
    assert app is not None
    codes: list[str] = []
    wedge = WedgeFilter(codes.append, clock=StepClock(0.005))
    parent = QWidget()
    button = QPushButton("取号", parent)  # a button ignores letters: they go on to `parent`
    qtbot.addWidget(parent)
    app.installEventFilter(wedge)
    try:
        QTest.keyClicks(button, "AB12CD34")
        QTest.keyClick(button, Qt.Key.Key_Return)
    finally:
        app.removeEventFilter(wedge)
    assert codes == ["AB12CD34"]
