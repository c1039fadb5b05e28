"""Strips around the kiosk's screens that follow the kiosk's own state, not the visit's: the
printer-unavailable banner (what to do instead) and a staff note about the configuration.

Widgets of their own (not a screen's) so that they change without rebuilding the screen under
the citizen's finger; KioskWindow places them and calls `show_for`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kiosk.session import Screen
from ui.kiosk.theme import GREY_INK, INK, RED, Theme

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


class StaffNote(QLabel):
    """Small print at the foot of the home screen for the staff who set the kiosk up (for
    example: no public URL, so phones may not open the QR codes); empty = hidden."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("staff_note")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet(
            f"QLabel#staff_note {{ color: {GREY_INK}; font-size: 20px; padding: 4px 24px; }}"
        )
        self.hide()

    def show_for(self, screen: Screen) -> None:
        self.setVisible(bool(self.text()) and screen == Screen.HOME)
