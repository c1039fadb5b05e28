"""The keyboard-wedge scanner through Qt key events."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QWidget

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
