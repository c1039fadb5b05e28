"""A keyboard-wedge QR scanner through Qt: fast key bursts ending in Enter are scans, not typing."""

from __future__ import annotations

import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from devices.scanner import WedgeDetector


class WedgeFilter(QObject):
    """Feeds key presses to WedgeDetector; a completed scan calls `on_code` and is swallowed."""

    def __init__(
        self,
        on_code: Callable[[str], None],
        parent: QObject | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.on_code = on_code
        self.clock = clock
        self.detector = WedgeDetector()
        self._last_event = 0
        self._last_receiver: QObject | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.isAutoRepeat():
            return False
        if self._propagating(watched, event):
            return False
        key = event.key()
        char = "\n" if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) else event.text()
        if key == Qt.Key.Key_Tab:
            char = "\t"
        if not char:
            return False
        code = self.detector.feed_key(char, self.clock())
        if code:
            self.on_code(code)
            return True
        return False

    def _propagating(self, watched: QObject, event: QKeyEvent) -> bool:
        """True when this is the press just seen, now passed on to a parent widget."""
        pointer = shiboken6.getCppPointer(event)[0]
        last = self._last_receiver
        again = (
            pointer == self._last_event
            and isinstance(watched, QWidget)
            and isinstance(last, QWidget)
            and watched is not last
            and watched.isAncestorOf(last)
        )
        self._last_event, self._last_receiver = pointer, watched
        return again
