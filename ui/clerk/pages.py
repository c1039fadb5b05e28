"""Login and window-choice pages (thin: they show state and emit intents)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from queue_server.client.models import Service, Window

WINDOW_STATES = {"open": "开放 Open", "paused": "暂停 Paused", "closed": "关闭 Closed"}


def _label(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


class LoginPage(QWidget):
    """Username and password; emits `submitted(username, password)`."""

    submitted = Signal(str, str)

    def __init__(self, server: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.username = QLineEdit(placeholderText="用户名 Username")
        self.password = QLineEdit(placeholderText="密码 Password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.button = QPushButton("登录  Log in")
        self.button.setObjectName("primary")
        self.error = _label("", "error")
        self.busy = _label("", "busy")
        box = QVBoxLayout()
        box.addWidget(_label("窗口叫号 · 工作人员登录", "title"))
        box.addWidget(_label("Clerk console · sign in", "subtitle"))
        box.addSpacing(16)
        for widget in (self.username, self.password, self.button, self.busy, self.error):
            box.addWidget(widget)
        box.addSpacing(12)
        box.addWidget(_label(f"服务器 Server: {server}", "subtitle"))
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        holder = QWidget()
        holder.setLayout(box)
        holder.setFixedWidth(520)
        outer.addWidget(holder, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.button.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)
        self.username.returnPressed.connect(self.password.setFocus)

    def _submit(self) -> None:
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            self.show_error("请输入用户名和密码", "Enter your username and password")
            return
        self.error.setText("")
        self.busy.setText("正在登录… Signing in…")
        self.button.setEnabled(False)
        self.submitted.emit(username, password)

    def show_error(self, zh: str, en: str) -> None:
        self.busy.setText("")
        self.button.setEnabled(True)
        self.error.setText(f"{zh}\n{en}")


class WindowChoicePage(QWidget):
    """One big button per window of the clerk's hall; emits `chosen(number)`."""

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = _label("请选择您的窗口", "title")
        self.grid = QGridLayout()
        self.grid.setSpacing(12)
        self.buttons: dict[int, QPushButton] = {}
        box = QVBoxLayout(self)
        box.setContentsMargins(32, 24, 32, 24)
        box.addWidget(self.heading)
        box.addWidget(_label("Choose your window", "subtitle"))
        box.addSpacing(12)
        holder = QWidget()
        inner = QVBoxLayout(holder)
        inner.addLayout(self.grid)
        inner.addStretch(1)
        scroll = QScrollArea()  # many windows must not stretch the main window
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(holder)
        box.addWidget(scroll, 1)

    def set_windows(self, windows: list[Window], services: dict[str, Service], hall: str) -> None:
        for button in self.buttons.values():
            button.deleteLater()
        self.buttons = {}
        self.heading.setText(f"请选择您的窗口 · {hall}")
        for index, window in enumerate(sorted(windows, key=lambda w: w.number)):
            button = QPushButton(self._text(window, services))
            button.setObjectName("choice")
            number = window.number
            button.clicked.connect(lambda _=False, n=number: self.chosen.emit(n))
            self.buttons[number] = button
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            self.grid.addWidget(button, index // 3, index % 3)

    @staticmethod
    def _text(window: Window, services: dict[str, Service]) -> str:
        names = [services[code].name.zh if code in services else code for code in window.services]
        shown = "、".join(names[:2])
        if len(names) > 2:
            shown += f" 等 {len(names)} 项 · {len(names)} services"
        state = WINDOW_STATES.get(window.state, window.state)
        clerk = f" · {window.clerk}" if window.clerk else ""
        return f"{window.label.zh}  {state}{clerk}\n{shown}"
