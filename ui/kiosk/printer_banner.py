"""The strip under the header while the receipt printer cannot print: what to do instead.

Its own widget (not a screen's) so that it follows the printer's state without rebuilding the
screen under the citizen's finger; KioskWindow places it and calls `show_for`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kiosk.session import Screen
from ui.kiosk.theme import INK, RED, Theme

# Chinese first: the one sentence a citizen needs before taking a ticket, then the same in English
UNAVAILABLE = (
    "打印机暂不可用：取号后请拍照或记下号码",
    "Printer unavailable: take a photo of your number or write it down",
)
# the ticket screen says it itself, full screen, for the photo
HIDDEN_ON = frozenset({Screen.TICKET})


class PrinterBanner(QLabel):
    """Shown while the printer is unavailable, on every screen but the ticket itself."""

    def __init__(self) -> None:
        super().__init__(f"{UNAVAILABLE[0]}\n{UNAVAILABLE[1]}")
        self.setObjectName("printer_banner")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.printer_available = True
        self.hide()

    def restyle(self, theme: Theme) -> None:
        """Sizes for the theme (large text); white on red, unmistakable from a step away."""
        self.setStyleSheet(
            f"QLabel#printer_banner {{ background: {RED}; color: white; font-weight: bold;"
            f" padding: 12px; font-size: {theme.px(30)}px; border-bottom: 4px solid {INK}; }}"
        )

    def show_for(self, printer_available: bool, screen: Screen) -> None:
        self.printer_available = printer_available
        self.setVisible(not printer_available and screen not in HIDDEN_ON)
