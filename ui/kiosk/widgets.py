"""Small building blocks of the kiosk screens: bilingual buttons and titles, the QR code."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import qrcode
from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QFontMetricsF, QImage, QPainter, QPixmap
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


def text_height(part: QLabel, text: str, width: int) -> int:
    """The height `text` needs in `part`'s font, wrapped to `width`."""
    if not text:
        return 0
    flags = Qt.TextFlag.TextWordWrap if part.wordWrap() else Qt.TextFlag(0)
    room = QRectF(0, 0, width, 10_000)
    font = part.font_for(text, width) if isinstance(part, FitLabel) else part.font()
    return math.ceil(QFontMetricsF(font).boundingRect(room, flags, text).height())


def either_order(top: QLabel, below: QLabel, texts: tuple[str, str], width: int) -> int:
    """The height two lines need in the taller of both orders (either language first), so that
    nothing under them moves when the language changes."""
    first, second = texts
    return max(text_height(top, first, width) + text_height(below, second, width),
               text_height(top, second, width) + text_height(below, first, width))  # fmt: skip


def fitting_px(font: QFont, words: Sequence[str], width: int, px: int, floor: int) -> int:
    """The largest type size up to `px` (and no less than `floor`) at which the widest of
    `words` fits `width` in `font`."""
    sized = QFont(font)

    def widest(size: int) -> int:
        sized.setPixelSize(size)
        return max((QFontMetrics(sized).horizontalAdvance(w) for w in words), default=0)

    room = width - 2  # a wrapped line's drawn extent can pass its words' advance by a pixel
    needed = widest(px)
    if needed <= room:
        return px
    size = max(floor, px * room // needed)
    while size > floor and widest(size) > room:  # type does not scale quite linearly
        size -= 1
    return size


class LineLabel(QLabel):
    """A name on one line whose type shrinks (to `FLOOR` of its size at most) until it fits,
    so it is never broken in the middle of a word ("栖霞区政务服 / 务中心"); a name too long
    even then wraps between words. As tall in either language (`other`: the name in the other
    language), so nothing below it moves when the language changes."""

    FLOOR = 0.5

    def __init__(self, px: int, bold: bool) -> None:
        super().__init__()
        self.base_px, self.other = px, ""
        font = QFont(self.font())
        font.setBold(bold)
        self.setFont(font)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def set_texts(self, text: str, other: str, px: int) -> None:
        self.base_px, self.other = px, other
        super().setText(text)
        self._fit(self.contentsRect().width())

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt name)
        self._fit(self.contentsRect().width())
        super().resizeEvent(event)  # type: ignore[arg-type]

    def _font_for(self, text: str, width: int) -> QFont:
        font = QFont(self.font())
        floor = max(1, round(self.base_px * self.FLOOR))
        font.setPixelSize(fitting_px(font, [text], width, self.base_px, floor))
        return font

    def _height_for(self, text: str, width: int) -> int:
        font = self._font_for(text, width)
        room = QRect(0, 0, width, 10_000)
        return QFontMetrics(font).boundingRect(room, Qt.TextFlag.TextWordWrap, text).height()

    def _fit(self, width: int) -> None:
        if width <= 0:
            return
        font = self._font_for(self.text(), width)
        self.setWordWrap(QFontMetrics(font).horizontalAdvance(self.text()) > width - 2)
        if font != self.font():
            self.setFont(font)
        height = max(self._height_for(self.text(), width), self._height_for(self.other, width))
        self.setFixedHeight(height + 2)  # as the fit check measures a line


class TitleBlock(QWidget):
    """A title in the chosen language with the other language below, smaller; as tall in
    either language."""

    def __init__(
        self,
        primary: str,
        secondary: str,
        role: str,
        sub_role: str = "sub",
        center: bool = True,
        two_lines: bool = False,  # a second line even while it is empty (texts set later)
    ) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 8)
        layout.setSpacing(4)
        self.top = label(primary, role, center=center)
        layout.addWidget(self.top)
        self.below: QLabel | None = None  # a block of one line has none
        if two_lines or (secondary and secondary != primary):
            self.below = label(secondary, sub_role, center=center)
            layout.addWidget(self.below)
        layout.addStretch(1)
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt name)
        if self.below is None:
            return 16 + text_height(self.top, self.top.text(), width)
        texts = (self.top.text(), self.below.text())
        return 16 + 4 + either_order(self.top, self.below, texts, width)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        hint = super().sizeHint()
        return QSize(hint.width(), self.heightForWidth(hint.width()))

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt name)
        # not every layout asks for the height at a width (a row of a header does not): insist
        self.setMinimumHeight(self.heightForWidth(self.width()))
        super().resizeEvent(event)  # type: ignore[arg-type]

    def set_texts(self, primary: str, secondary: str) -> None:
        self.top.setText(primary)
        if self.below is not None:
            self.below.setText(secondary)
        self.setMinimumHeight(self.heightForWidth(self.width()))


def title_block(primary: str, secondary: str = "", role: str = "title") -> QWidget:
    """A title in the chosen language with the other language below, smaller."""
    return TitleBlock(primary, secondary, role)


class FitLabel(QLabel):
    """A wrapping label whose type shrinks (to `min_px` at most) until its longest word fits:
    a long English word in large text must never be cut ("Registration" in a narrow button)."""

    def __init__(self, text: str, px: int, bold: bool, min_px: int = 20) -> None:
        super().__init__(text)
        self.base_px = px
        self.min_px = min(min_px, px)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(self.font())
        font.setBold(bold)
        font.setPixelSize(px)
        self.setFont(font)
        # the width comes from the button, never from the words (they shrink to fit it)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt name)
        super().setText(text)
        self._fit(self.contentsRect().width())

    def set_base_px(self, px: int) -> None:
        """A new size to start from (large text on or off)."""
        self.base_px = px
        font = QFont(self.font())
        font.setPixelSize(px)
        self.setFont(font)
        self._fit(self.contentsRect().width())

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt name)
        self._fit(self.contentsRect().width())
        super().resizeEvent(event)  # type: ignore[arg-type]

    def font_for(self, text: str, width: int) -> QFont:
        """The font `text` would be drawn in at `width` (its widest word fitted)."""
        font = QFont(self.font())
        font.setPixelSize(fitting_px(font, text.split(), width, self.base_px, self.min_px))
        return font

    def _fit(self, width: int) -> None:
        if width > 0:
            font = self.font_for(self.text(), width)
            if font.pixelSize() != self.font().pixelSize():
                self.setFont(font)


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
        other: tuple[str, str] | None = None,
    ) -> None:
        """`other`: its two lines in the other language (room is kept for the taller);
        by default the two lines swapped."""
        super().__init__()
        self.other = other
        theme = theme or Theme()
        self.setAccessibleName(primary)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._floor = self._needed = MIN_TOUCH_PX + 32
        self.setMinimumHeight(self._floor)
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

    def _part(self, text: str, size: int, bold: bool) -> FitLabel:
        part = FitLabel(text, size, bold)
        part.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
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

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt name)
        """Room for its lines in either order, so it is as tall in either language."""
        main, second = self.main_label, self.second_label
        inner = max(1, width - 40)  # the layout's side margins
        if self.other is None:
            lines = either_order(main, second, (main.text(), second.text()), inner)
        else:
            shown = text_height(main, main.text(), inner) + text_height(
                second, second.text(), inner
            )
            lines = max(shown, text_height(main, self.other[0], inner)
                        + text_height(second, self.other[1], inner))  # fmt: skip
        return max(24 + 2 + lines, self._floor)

    def setMinimumHeight(self, height: int) -> None:  # noqa: N802 (Qt name)
        """The least height it is given; more when its lines need more."""
        self._floor = height
        super().setMinimumHeight(max(height, self._needed))

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt name)
        # grids do not ask a button its height at a width: it insists instead
        self._needed = self.heightForWidth(self.width())
        super().setMinimumHeight(self._needed)
        super().resizeEvent(event)  # type: ignore[arg-type]

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        width = 200  # the labels take any width (they shrink their words to fit)
        return QSize(width, max(self.heightForWidth(width), MIN_TOUCH_PX + 32))


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
    for column in range(columns):  # equal columns: a button keeps its place in every language
        grid.setColumnStretch(column, 1)
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
