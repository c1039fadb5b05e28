"""The console page: current ticket, the window's queues, big action buttons, banners."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from queue_server.client.models import Fault, QueueLength, Service, Ticket
from ui.clerk import present
from ui.clerk.faults import banner_text
from ui.clerk.state import GRID_ACTIONS, LABELS, SHORTCUTS, UNDO_MS, Action, ConsoleState

DISCONNECTED = "与服务器断开连接，正在自动重连…  Disconnected from the server, reconnecting…"


def _label(text: str, name: str, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(wrap)
    return label


class TicketCard(QFrame):
    """The ticket at the window, or an idle / paused note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.number = _label("", "number", wrap=False)
        self.idle = _label("", "idle")
        self.service = _label("", "service")
        self.status = _label("", "status")
        self.holder = _label("", "detail")
        self.tags = _label("", "detail")
        self.waited = _label("", "detail")
        self.materials = _label("", "materials")
        box = QVBoxLayout(self)
        box.setContentsMargins(20, 14, 20, 14)
        box.addWidget(_label("当前号票 · Current ticket", "cardTitle"))
        for widget in (self.number, self.idle, self.service, self.status, self.holder):
            box.addWidget(widget)
        for widget in (self.tags, self.waited, self.materials):
            box.addWidget(widget)
        box.addStretch(1)

    def show_ticket(
        self, ticket: Ticket | None, state: ConsoleState, services: dict[str, Service]
    ) -> None:
        view = (
            present.ticket_view(ticket, services, datetime.now().astimezone()) if ticket else None
        )
        self.number.setVisible(view is not None)
        self.idle.setVisible(view is None)
        for label in (self.service, self.status, self.holder, self.tags, self.waited):
            label.setVisible(view is not None)
        self.materials.setVisible(bool(view and view.materials))
        if view is None:
            if state.window_state in ("paused", "closed"):
                self.idle.setText("暂停服务中，按 F8 恢复\nPaused — press F8 to resume")
            else:
                self.idle.setText("空闲，按 F1 叫号\nIdle — press F1 to call the next number")
            return
        self.number.setText(view.number)
        self.service.setText(view.service)
        self.status.setText(view.status)
        self.holder.setText(view.holder)
        self.holder.setVisible(bool(view.holder))
        self.tags.setText(view.tags)
        self.tags.setVisible(bool(view.tags))
        self.waited.setText(view.waited)
        lines = "\n".join(f"• {line}" for line in view.materials)
        self.materials.setText(f"所需材料 · Required materials\n{lines}")


class FittedTable(QTableWidget):
    """Rows fitted to their wrapped text again whenever a column's width changes: the vertical
    scroll bar appears after the first fit and narrows the stretched column, and a row fitted
    to the wider column would cut its text. The header tells of a new width before it holds
    it, so the fit waits for the event loop's next turn."""

    def __init__(self, rows: int, columns: int) -> None:
        super().__init__(rows, columns)
        self._fit = QTimer(self, singleShot=True, interval=0)
        self._fit.timeout.connect(self.resizeRowsToContents)
        self.horizontalHeader().sectionResized.connect(lambda *_: self._fit.start())


class QueueCard(QFrame):
    """Waiting count and longest wait for each of the window's services."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.table = FittedTable(0, 3)
        self.table.setHorizontalHeaderLabels(
            ["事项\nService", "等候人数\nWaiting", "最长等候(分)\nLongest (min)"]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 96), (2, 124)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.summary = _label("", "summary")
        box = QVBoxLayout(self)
        box.setContentsMargins(16, 14, 16, 14)
        box.addWidget(_label("本窗口等候 · Waiting for this window", "cardTitle"))
        box.addWidget(self.table, 1)
        box.addWidget(self.summary)

    def show_queues(self, queues: tuple[QueueLength, ...], services: dict[str, Service]) -> None:
        rows = present.queue_rows(queues, services)
        self.table.setRowCount(len(rows))
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.summary.setText(present.queue_summary(queues))


class UndoBar(QFrame):
    """After a no-show: "A001 已过号 … 撤销 Undo" for a few seconds."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undoBar")
        self.text = _label("", "undoText")
        zh, en = LABELS[Action.UNDO_NO_SHOW]
        self.button = QPushButton(f"{zh} {en} · {SHORTCUTS[Action.UNDO_NO_SHOW]}")
        self.button.setObjectName("undo")
        self.button.setShortcut(QKeySequence(SHORTCUTS[Action.UNDO_NO_SHOW]))
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 6, 16, 6)
        row.addWidget(self.text, 1)
        row.addWidget(self.button)

    def offer(self, number: str | None) -> None:
        seconds = UNDO_MS // 1000
        zh = f"{number} 已过号，{seconds} 秒内可撤销"
        en = f"{number} marked no-show: undo within {seconds} s"
        self.text.setText(f"{zh} · {en}" if number else "")
        self.setVisible(number is not None)


class ConsolePage(QWidget):
    """Emits `requested(action)`; the main window asks for details (reason, outcome) if needed.
    Also `search(text)`, `change_window()` and `log_out()` from the bar under the header."""

    requested = Signal(object)  # Action
    search = Signal(str)
    change_window = Signal()
    log_out = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = _label("", "header", wrap=False)
        self.banner = _label(DISCONNECTED, "banner")
        self.faults = _label("", "faultBanner")
        self.undo = UndoBar()
        self.undo.button.clicked.connect(lambda: self.requested.emit(Action.UNDO_NO_SHOW))
        self.paused = _label("", "pausedBanner")
        self.ticket_card = TicketCard()
        self.queue_card = QueueCard()
        self.message = _label("", "message")
        self.busy = _label("", "busy", wrap=False)
        self.buttons: dict[Action, QPushButton] = {}
        cards = QHBoxLayout()
        cards.addWidget(self.ticket_card, 3)
        cards.addWidget(self.queue_card, 2)
        header = self._build_header()
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.busy)
        bottom.addWidget(self.search_field)
        bottom.addWidget(self.find_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 8)
        box.addWidget(header)
        for widget in (self.banner, self.faults, self.paused, self.undo):
            box.addWidget(widget)
        inner = QVBoxLayout()
        inner.setContentsMargins(16, 8, 16, 0)
        inner.addLayout(cards, 1)
        inner.addLayout(self._build_buttons())
        inner.addLayout(bottom)
        box.addLayout(inner, 1)
        for widget in (self.banner, self.faults, self.paused, self.undo, self.message):
            widget.hide()

    def _build_header(self) -> QFrame:
        """The blue bar (hall, window, clerk; change window, log out) and the ticket search."""
        self.search_field = QLineEdit(placeholderText="号码 Number, e.g. A001")
        self.search_field.setFixedWidth(240)
        self.search_field.setMaxLength(12)
        self.find_button = QPushButton("查找 Find")
        self.change_button = QPushButton("更换窗口 Change window")
        self.logout_button = QPushButton("退出登录 Log out")
        for button in (self.find_button, self.change_button, self.logout_button):
            button.setObjectName("tool")
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.search_field.returnPressed.connect(self.find_button.click)
        self.find_button.clicked.connect(lambda: self.search.emit(self.search_field.text()))
        self.change_button.clicked.connect(self.change_window.emit)
        self.logout_button.clicked.connect(self.log_out.emit)
        bar = QFrame()
        bar.setObjectName("headerBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 12, 0)
        row.setSpacing(8)
        row.addWidget(self.header, 1)
        for button in (self.change_button, self.logout_button):
            row.addWidget(button)
        return bar

    def _build_buttons(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(10)
        for index, action in enumerate(GRID_ACTIONS):
            zh, en = LABELS[action]
            key = SHORTCUTS[action]
            button = QPushButton(f"{zh}\n{en} · {key}")
            button.setObjectName("action")
            button.setShortcut(QKeySequence(key))
            button.setToolTip(f"{zh} {en} ({key})")
            button.clicked.connect(lambda _=False, a=action: self.requested.emit(a))
            self.buttons[action] = button
            grid.addWidget(button, index // 5, index % 5)
        return grid

    def set_header(self, text: str) -> None:
        self.header.setText(text)

    def show_state(self, state: ConsoleState, services: dict[str, Service]) -> None:
        enabled = state.enabled()
        for action, button in self.buttons.items():
            button.setEnabled(action in enabled)
        self.banner.setVisible(state.disconnected)
        pause = present.pause_text(state)
        self.paused.setText(pause)
        self.paused.setVisible(bool(pause))
        self.busy.setText("处理中… Working…" if state.busy else "")
        self.undo.offer(state.undo)
        self.undo.button.setEnabled(state.is_enabled(Action.UNDO_NO_SHOW))
        self.ticket_card.show_ticket(state.ticket, state, services)
        self.queue_card.show_queues(state.queues, services)

    def show_faults(self, faults: list[Fault]) -> None:
        """One line per device still reporting a fault; hidden once all work again."""
        self.faults.setText(banner_text(faults))
        self.faults.setVisible(bool(faults))

    def show_message(self, kind: str, zh: str, en: str) -> None:
        self.message.setProperty("kind", kind)
        self.message.setText(f"{zh}    {en}")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()
