"""Small dialogs that gather what an action needs: a reason, an outcome, a target, a password.

All are opened with `open()` (never `exec()`), so the GUI keeps running; each emits `chosen`.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from queue_server.client.models import Service, Ticket, Window
from ui.clerk import present
from ui.clerk.state import OUTCOMES

CALL_REASONS = (
    ("预约优先", "Appointment"),
    ("绿色通道", "Priority (green channel)"),
    ("转移件", "Transferred case"),
)


def _label(text: str, name: str = "detail") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


class _Dialog(QDialog):
    def __init__(self, title_zh: str, title_en: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{title_zh} {title_en}")
        self.setMinimumWidth(560)
        self.box = QVBoxLayout(self)
        self.box.addWidget(_label(title_zh, "title"))
        self.box.addWidget(_label(title_en, "subtitle"))

    def _buttons(self, ok: QPushButton) -> None:
        cancel = QPushButton("取消  Cancel")
        cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(cancel)
        row.addWidget(ok)
        self.box.addLayout(row)


class ReasonDialog(_Dialog):
    """Preset reasons as buttons plus free text; emits `chosen(reason)`."""

    chosen = Signal(str)

    def __init__(
        self,
        title: tuple[str, str],
        presets: tuple[tuple[str, str], ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(*title, parent)
        grid = QGridLayout()
        self.preset_buttons: list[QPushButton] = []
        for index, (zh, en) in enumerate(presets):
            button = QPushButton(f"{zh}\n{en}")
            button.setObjectName("preset")
            button.clicked.connect(lambda _=False, text=zh: self._choose(text))
            self.preset_buttons.append(button)
            grid.addWidget(button, index // 2, index % 2)
        self.box.addLayout(grid)
        self.text = QLineEdit(placeholderText="其他原因 Other reason")
        self.box.addWidget(self.text)
        self.ok = QPushButton("确定  OK")
        self.ok.setObjectName("primary")
        self.ok.setEnabled(False)
        self.text.textChanged.connect(lambda text: self.ok.setEnabled(bool(text.strip())))
        self.ok.clicked.connect(lambda: self._choose(self.text.text().strip()))
        self.text.returnPressed.connect(self.ok.click)
        self._buttons(self.ok)

    def _choose(self, reason: str) -> None:
        if reason:
            self.chosen.emit(reason)
            self.accept()


class OutcomeDialog(_Dialog):
    """Three big buttons (keys 1, 2, 3): handled 办件, consultation 咨询, certificate 领证."""

    chosen = Signal(str)

    def __init__(self, number: str, parent: QWidget | None = None) -> None:
        super().__init__(f"办结 {number}", f"Finish {number}: outcome", parent)
        self.outcome_buttons: dict[str, QPushButton] = {}
        for index, (code, zh, en) in enumerate(OUTCOMES, start=1):
            button = QPushButton(f"{index}  {zh}  {en}")
            button.setObjectName("choice")
            button.setShortcut(QKeySequence(str(index)))
            button.clicked.connect(lambda _=False, c=code: self._choose(c))
            self.outcome_buttons[code] = button
            self.box.addWidget(button)
        cancel = QPushButton("取消  Cancel")
        cancel.clicked.connect(self.reject)
        self.box.addWidget(cancel)

    def _choose(self, outcome: str) -> None:
        self.chosen.emit(outcome)
        self.accept()


class TransferDialog(_Dialog):
    """Pick another service or another window; emits `chosen({"to_service"|"to_window", ...})`."""

    chosen = Signal(dict)

    def __init__(
        self,
        ticket: Ticket | None,
        services: dict[str, Service],
        windows: list[Window],
        own_window: int,
        parent: QWidget | None = None,
    ) -> None:
        number, current = (ticket.number, ticket.service) if ticket else ("", None)
        super().__init__(f"转移 {number}", "Transfer (arrival time kept)", parent)
        self.targets = QListWidget()
        for code, service in services.items():
            if code != current:
                name = present.bilingual(service.name, code)
                self._add(f"事项 Service: {name}", {"to_service": code})
        for window in windows:
            if window.number != own_window:
                self._add(f"窗口 Window: {window.label.zh}", {"to_window": window.number})
        self.targets.setMinimumHeight(320)
        self.targets.setWordWrap(True)
        self.targets.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(760)
        self.box.addWidget(self.targets)
        self.reason = QLineEdit(placeholderText="原因（可选） Reason (optional)")
        self.box.addWidget(self.reason)
        self.ok = QPushButton("转移  Transfer")
        self.ok.setObjectName("primary")
        self.ok.setEnabled(False)
        self.targets.currentItemChanged.connect(lambda item, _: self.ok.setEnabled(bool(item)))
        self.ok.clicked.connect(self._choose)
        self._buttons(self.ok)

    def _add(self, text: str, target: dict[str, str | int]) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, target)
        self.targets.addItem(item)

    def select(self, target: dict[str, str | int]) -> None:
        for row in range(self.targets.count()):
            if self.targets.item(row).data(Qt.ItemDataRole.UserRole) == target:
                self.targets.setCurrentRow(row)

    def _choose(self) -> None:
        item = self.targets.currentItem()
        if item is None:
            return
        target = dict(item.data(Qt.ItemDataRole.UserRole))
        if self.reason.text().strip():
            target["reason"] = self.reason.text().strip()
        self.chosen.emit(target)
        self.accept()


class CallTicketDialog(ReasonDialog):
    """Pick a waiting ticket and give a reason; emits `picked(number, reason)`."""

    picked = Signal(str, str)

    def __init__(self, tickets: list[Ticket], parent: QWidget | None = None) -> None:
        super().__init__(
            ("指定叫号", "Call a specific ticket (reason is logged)"), CALL_REASONS, parent
        )
        self.tickets = QListWidget()
        self.tickets.setMinimumHeight(260)
        self.tickets.setWordWrap(True)
        self.tickets.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(820)
        now = datetime.now().astimezone()
        for ticket in tickets:
            tags = present.tags_text(ticket)  # beside the number: offline, priority, recalls
            text = (
                f"{ticket.number}   {tags}".rstrip() + "\n"  # a line each, so nothing is cut
                f"{present.bilingual(ticket.service_name)}   {present.waited_text(ticket, now)}"
            )
            item = QListWidgetItem(text.rstrip())
            item.setData(Qt.ItemDataRole.UserRole, ticket.number)
            self.tickets.addItem(item)
        if not tickets:
            self.tickets.addItem("当前无人等候  Nobody is waiting")
        self.box.insertWidget(2, self.tickets)
        self.chosen.connect(self._emit_picked)

    def select(self, number: str) -> None:
        for row in range(self.tickets.count()):
            if self.tickets.item(row).data(Qt.ItemDataRole.UserRole) == number:
                self.tickets.setCurrentRow(row)

    def _choose(self, reason: str) -> None:
        item = self.tickets.currentItem()
        if reason and item is not None and item.data(Qt.ItemDataRole.UserRole):
            super()._choose(reason)

    def _emit_picked(self, reason: str) -> None:
        item = self.tickets.currentItem()
        if item is not None:
            self.picked.emit(str(item.data(Qt.ItemDataRole.UserRole)), reason)


class FoundDialog(_Dialog):
    """Today's tickets with the number searched for: state, service, window, times (read only)."""

    def __init__(self, number: str, tickets: list[Ticket], parent: QWidget | None = None) -> None:
        super().__init__(f"查找 {number}", f"Tickets numbered {number} today", parent)
        self.setMinimumWidth(820)
        self.results = QListWidget()
        self.results.setMinimumHeight(220)
        self.results.setWordWrap(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for ticket in tickets:
            self.results.addItem(present.found_text(ticket))
        if not tickets:
            self.results.addItem(f"今天没有 {number} 号  No ticket {number} today")
        self.box.addWidget(self.results)
        close = QPushButton("关闭  Close")
        close.setObjectName("primary")
        close.clicked.connect(self.accept)
        self.box.addWidget(close)

    def lines(self) -> list[str]:
        return [self.results.item(row).text() for row in range(self.results.count())]


class PasswordDialog(_Dialog):
    """The token expired: ask the same user's password again; emits `chosen(password)`."""

    chosen = Signal(str)

    def __init__(self, username: str, parent: QWidget | None = None) -> None:
        super().__init__(
            "登录已过期，请重新输入密码", "Session expired: enter your password again", parent
        )
        self.box.addWidget(
            _label(f"用户 User: {username}  ·  当前号票保持不变 Your ticket is kept")
        )
        self.password = QLineEdit(placeholderText="密码 Password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = _label("", "error")
        self.ok = QPushButton("登录  Log in")
        self.ok.setObjectName("primary")
        self.ok.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)
        self.box.addWidget(self.password)
        self.box.addWidget(self.error)
        self._buttons(self.ok)

    def _submit(self) -> None:
        if self.password.text():
            self.ok.setEnabled(False)
            self.error.setText("正在登录… Signing in…")
            self.chosen.emit(self.password.text())

    def show_error(self, zh: str, en: str) -> None:
        self.ok.setEnabled(True)
        self.password.clear()
        self.error.setText(f"{zh}\n{en}")
