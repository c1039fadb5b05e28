"""The small screen above one window: the number being served, or 暂停服务 when paused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from ui.common.reasons import english_reason
from ui.display import widgets as w
from ui.display.board_state import BoardState, WindowState
from ui.display.board_view import STALE_TEXT, english_window

CENTER = Qt.AlignmentFlag.AlignCenter


def window_texts(window: WindowState | None) -> tuple[str, str, str, str]:
    """(big text, its colour, Chinese caption, English caption) for the window's state."""
    if window is None:
        return "—", w.DIM, "正在连接服务器…", "Connecting to the server…"
    if window.state in ("paused", "closed"):
        english = "Service paused" if window.state == "paused" else "Window closed"
        reason_zh, reason_en = "", ""
        if window.pause_reason:
            reason_zh, reason_en = (
                f"（{window.pause_reason}）",
                f" ({english_reason(window.pause_reason)})",
            )
        english += f"{reason_en}: please use another window"
        return "暂停服务", w.PAUSED, f"请到其他窗口办理{reason_zh}", english
    mark_zh, mark_en = ("预约号　", "Appointment — ") if window.current_appointment else ("", "")
    if window.current and window.current_status == "serving":
        return window.current, w.NUMBER, f"{mark_zh}正在办理", f"{mark_en}Now serving"
    if window.current:
        come = "please come to this window" if mark_en else "Please come to this window"
        return window.current, w.NUMBER, f"{mark_zh}请到本窗口办理", mark_en + come
    return "欢迎", w.TEXT, "请留意叫号", "Welcome — please wait for your number"


class WindowView(QWidget):
    def __init__(self, number: int, now: Callable[[], datetime]) -> None:
        super().__init__()
        self.number = number
        self.state: BoardState | None = None
        self.stale = False
        self.setObjectName("windowscreen")
        self.setStyleSheet(f"QWidget#windowscreen {{ background: {w.BACKGROUND}; }}")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        root = QVBoxLayout(self)
        root.setContentsMargins(16, 8, 16, 8)
        root.setSpacing(4)
        header = QHBoxLayout()
        self.label = w.FitLabel(f"{number}号窗口　{english_window(number)}", 0.75, True)
        header.addWidget(self.label, 7)
        header.addWidget(w.Clock(now), 3)
        root.addLayout(header, 14)
        self.banner = w.FitLabel(STALE_TEXT, 0.5, True, w.TEXT, CENTER)
        self.banner.set_colors(w.TEXT, w.ALERT_BG)
        self.banner.hide()
        root.addWidget(self.banner, 8)
        self.big = w.FitLabel("", 0.85, True, w.NUMBER, CENTER)
        root.addWidget(self.big, 50)
        self.caption_zh = w.FitLabel("", 0.8, True, w.TEXT, CENTER)
        root.addWidget(self.caption_zh, 16)
        self.caption_en = w.FitLabel("", 0.7, False, w.SOFT, CENTER)
        root.addWidget(self.caption_en, 12)
        self.show_state()

    def set_state(self, state: BoardState) -> None:
        self.state = state
        self.show_state()

    def set_stale(self, stale: bool) -> None:
        self.stale = stale
        self.banner.setVisible(stale)
        self.show_state()

    def show_state(self) -> None:
        window = self.state.window(self.number) if self.state and self.state.hall_zh else None
        if window is not None:
            self.label.setText(f"{window.label}　{english_window(self.number)}")
        big, colour, zh, en = window_texts(window)
        self.big.setText(big)
        self.big.set_colors(w.DIM if self.stale else colour)
        self.caption_zh.setText(zh)
        self.caption_en.setText(en)

    def shown(self) -> str:
        return self.big.text()
