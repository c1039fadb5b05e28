"""Checks that no text of a kiosk window is cut off, measured with the font that draws it."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QPushButton, QStyle, QStyleOptionButton, QWidget

TALL = 100_000


def clipped(root: QWidget) -> list[str]:
    """Every visible label or button text wider or taller than the room its widget gives it."""
    found = [_label(w) for w in root.findChildren(QLabel) if _shows_text(w)]
    found += [_button(b) for b in root.findChildren(QPushButton) if _shows_text(b)]
    return [problem for problem in found if problem]


def _shows_text(widget: QLabel | QPushButton) -> bool:
    return widget.isVisible() and bool(widget.text().strip())


def _label(label: QLabel) -> str:
    room = label.contentsRect()
    metrics = QFontMetrics(label.font())
    flags = Qt.TextFlag.TextWordWrap if label.wordWrap() else Qt.TextFlag(0)
    needed = metrics.boundingRect(QRect(0, 0, room.width(), TALL), flags, label.text())
    if needed.width() > room.width() or needed.height() > room.height():
        return _report(label, needed, room)
    return ""


def _button(button: QPushButton) -> str:
    option = QStyleOptionButton()
    option.initFrom(button)
    option.text = button.text()
    room = button.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, button)
    needed = QFontMetrics(button.font()).boundingRect(button.text())
    if needed.width() > room.width() or needed.height() > room.height():
        return _report(button, needed, room)
    return ""


def _report(widget: QWidget, needed: QRect, room: QRect) -> str:
    text = widget.text().replace("\n", " / ")  # type: ignore[attr-defined]
    name = widget.objectName() or type(widget).__name__
    need, has = f"{needed.width()}x{needed.height()}", f"{room.width()}x{room.height()}"
    return f"{name} {text!r} needs {need} px, has {has}"
