"""Building blocks of the big screens: text that fills its box, a clock, a scrolling notice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

# High contrast for reading across a hall: white and yellow on deep navy; the newest call inverted.
BACKGROUND = "#061224"
PANEL = "#0d2240"
TEXT = "#ffffff"
SOFT = "#c8d3e6"
NUMBER = "#ffd400"
HIGHLIGHT_BG = "#ffd400"
HIGHLIGHT_TEXT = "#000000"
ALERT_BG = "#c8102e"
DIM = "#6b7a90"
PAUSED = "#ff8a3d"
APPOINTMENT_BG = "#0b7a3e"  # the 预约 badge: white on green, readable on navy and on yellow
APPOINTMENT_MARK = "预约 Appt"

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


class FitLabel(QLabel):
    """A label whose font grows with its height (`ratio`) and shrinks until the text fits."""

    def __init__(
        self,
        text: str = "",
        ratio: float = 0.7,
        bold: bool = False,
        color: str = TEXT,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(text, parent)
        self.ratio = ratio
        self.bold = bold
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
        self.set_colors(color)

    def set_colors(self, color: str, background: str = "transparent") -> None:
        sheet = f"color: {color}; background: {background}; padding: 0 0.3em;"
        if sheet != self.styleSheet():  # restyling is the costly part of an update
            self.setStyleSheet(sheet)

    def setText(self, text: str) -> None:
        if text != self.text():
            super().setText(text)
            self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        font = QFont(self.font())
        font.setBold(self.bold)
        size = max(8.0, self.height() * self.ratio)
        # the style's padding (0.3em) may be taken from another font size: keep within both
        room = max(1.0, min(self.width() - 2 * size * 0.3 - 4, self.contentsRect().width() - 2))
        font.setPixelSize(int(size))
        for _ in range(6):  # text width is nearly proportional to size: two steps usually do
            advance = QFontMetricsF(font).horizontalAdvance(self.text())
            if advance <= room or size <= 8:
                break
            size = max(8.0, size * room / advance * 0.97)
            font.setPixelSize(int(size))
        self.setFont(font)


class Clock(FitLabel):
    """HH:MM in the hall's time zone, refreshed every second."""

    def __init__(self, now: Callable[[], datetime], ratio: float = 0.8) -> None:
        super().__init__("", ratio, True, TEXT, Qt.AlignmentFlag.AlignRight)
        self.now = now
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.tick)
        self.timer.start(1000)
        self.tick()

    def tick(self) -> None:
        self.setText(self.now().strftime("%H:%M"))


class DateLabel(FitLabel):
    def __init__(self, now: Callable[[], datetime], ratio: float = 0.7) -> None:
        super().__init__("", ratio, False, SOFT, Qt.AlignmentFlag.AlignRight)
        self.now = now
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.tick)
        self.timer.start(30_000)
        self.tick()

    def tick(self) -> None:
        moment = self.now()
        self.setText(f"{moment:%Y-%m-%d} {WEEKDAYS[moment.weekday()]} {moment:%a}")


class Ticker(QWidget):
    """A notice that scrolls right to left, repeating."""

    def __init__(self, text: str, parent: QWidget | None = None, step_px: float = 2.0) -> None:
        super().__init__(parent)
        self.text = text
        self.offset = 0.0
        self.step_px = step_px
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._advance)
        self.timer.start(30)

    def _font(self) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(max(10, int(self.height() * 0.55)))
        return font

    def _advance(self) -> None:
        width = QFontMetricsF(self._font()).horizontalAdvance(self.text + "　　　　")
        self.offset = (self.offset + self.step_px) % max(1.0, width)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(PANEL))
        painter.setFont(self._font())
        painter.setPen(QColor(TEXT))
        spaced = self.text + "　　　　"
        width = QFontMetricsF(self._font()).horizontalAdvance(spaced)
        x = -self.offset
        while x < self.width():
            rect = QRectF(x, 0, width, self.height())
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignVCenter), spaced)
            x += max(1.0, width)
        painter.end()
