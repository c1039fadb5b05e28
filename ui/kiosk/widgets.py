"""Small building blocks of the kiosk screens: bilingual buttons and titles, the QR code."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import qrcode
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.kiosk.theme import MIN_TOUCH_PX, WHITE, Theme


def label(text: str, role: str = "", wrap: bool = True, center: bool = True) -> QLabel:
    widget = QLabel(text)
    if role:
        widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    if center:
        widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return widget


def title_block(primary: str, secondary: str = "", role: str = "title") -> QWidget:
    """A title in the chosen language with the other language below, smaller."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 8, 0, 8)
    layout.setSpacing(4)
    layout.addWidget(label(primary, role))
    if secondary and secondary != primary:
        layout.addWidget(label(secondary, "sub"))
    return box


class BigButton(QPushButton):
    """A touch button: a main line and, smaller, a second line (the other language or a hint)."""

    def __init__(
        self,
        primary: str,
        secondary: str = "",
        on_click: Callable[[], None] | None = None,
        theme: Theme | None = None,
        colour: str | None = None,
        primary_px: int = 48,
        secondary_px: int = 28,
    ) -> None:
        super().__init__()
        theme = theme or Theme()
        self.setAccessibleName(primary)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(MIN_TOUCH_PX + 32)
        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 12)
        layout.setSpacing(2)
        layout.addStretch(1)
        self.main_label = self._part(primary, theme.px(primary_px), bold=True)
        layout.addWidget(self.main_label)
        self.second_label = self._part(secondary, theme.px(secondary_px), bold=False)
        self.second_label.setVisible(bool(secondary))
        layout.addWidget(self.second_label)
        layout.addStretch(1)
        if colour:
            self.setStyleSheet(f"QPushButton:enabled {{ background: {colour}; }}")
        if on_click is not None:
            self.clicked.connect(on_click)

    def _part(self, text: str, size: int, bold: bool) -> QLabel:
        part = QLabel(text)
        part.setWordWrap(True)
        part.setAlignment(Qt.AlignmentFlag.AlignCenter)
        part.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        weight = "bold" if bold else "normal"
        part.setStyleSheet(f"font-size: {size}px; font-weight: {weight};")
        return part

    def expand(self) -> BigButton:
        """Let the button take spare height too (home tiles)."""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        return self

    def set_texts(self, primary: str, secondary: str = "") -> None:
        self.main_label.setText(primary)
        self.second_label.setText(secondary)
        self.second_label.setVisible(bool(secondary))
        self.setAccessibleName(primary)

    def text_lines(self) -> list[str]:
        return [self.main_label.text(), self.second_label.text()]

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        hint = self._layout.sizeHint()
        return QSize(max(hint.width(), 200), max(hint.height(), MIN_TOUCH_PX + 32))


def quiet_button(text: str, on_click: Callable[[], None], role: str = "quiet") -> QPushButton:
    button = QPushButton(text)
    button.setProperty("role", role)
    button.setMinimumHeight(MIN_TOUCH_PX)
    button.clicked.connect(on_click)
    return button


def button_grid(buttons: Sequence[QWidget], columns: int, spacing: int = 24) -> QWidget:
    box = QWidget()
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setSpacing(spacing)
    for index, button in enumerate(buttons):
        grid.addWidget(button, index // columns, index % columns)
    return box


def qr_image(text: str, size: int) -> QImage:
    """The QR code for `text` as a black-on-white image about `size` px wide (quiet zone kept)."""
    code = qrcode.QRCode(border=4, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    cell = max(2, size // len(matrix))
    side = cell * len(matrix)
    image = QImage(side, side, QImage.Format.Format_RGB32)
    image.fill(QColor(WHITE))
    painter = QPainter(image)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#000000"))
    for row, cells in enumerate(matrix):
        for col, dark in enumerate(cells):
            if dark:
                painter.drawRect(col * cell, row * cell, cell, cell)
    painter.end()
    return image


def qr_label(text: str, size: int) -> QLabel:
    widget = QLabel()
    widget.setPixmap(QPixmap.fromImage(qr_image(text, size)))
    widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
    widget.setObjectName("qr")
    widget.setProperty("qr_text", text)
    return widget
