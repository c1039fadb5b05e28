"""A keyboard-wedge QR scanner through Qt: fast key bursts ending in Enter are scans, not typing."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent

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
        self._last: tuple[int, int] | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.isAutoRepeat():
            return False
        key = event.key()
        stamp = (event.timestamp(), key)
        if stamp == self._last:  # the same press, propagating to a parent widget
            return False
        self._last = stamp
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
