"""The hall's big board: calls in progress (newest highlighted), earlier calls, people waiting per
category, a scrolling notice, hall name and clock. Landscape or portrait; Chinese first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from ui.display import widgets as w
from ui.display.board_state import BoardState, Call, Row, busiest, in_progress, newest, recent
from ui.display.config import DisplayConfig

STALE_TEXT = "连接中断，信息可能不是最新　Connection lost: information may be out of date"
RIGHT = Qt.AlignmentFlag.AlignRight
CENTER = Qt.AlignmentFlag.AlignCenter
WAITING_LINES = 12  # categories shown at once (two columns of six); more turn pages every PAGE_MS
PAGE_MS = 8000


def english_window(number: int) -> str:
    return f"Window {number}"


def recent_line(call: Call) -> tuple[str, str, str]:
    """An earlier call: the number, its window, 预约 on an appointment ticket, and 过号 once it
    was marked a no-show."""
    marks = ([w.APPOINTMENT_MARK] if call.appointment else []) + (
        ["过号 Missed"] if call.no_show else []
    )
    return call.number, "", "　".join([call.window_label, *marks])


class CallRow(QFrame):
    """One call in progress: number → window (zh label, English below)."""

    def __init__(self) -> None:
        super().__init__()
        self.number = w.FitLabel("", 0.8, True, w.NUMBER)
        self.window_zh = w.FitLabel("", 0.8, True, w.TEXT)
        self.window_en = w.FitLabel("", 0.75, False, w.SOFT)
        side = QVBoxLayout()
        side.setSpacing(0)
        side.addWidget(self.window_zh, 3)
        side.addWidget(self.window_en, 2)
        self.box = QHBoxLayout(self)
        self.box.setContentsMargins(8, 2, 8, 2)
        self.box.addWidget(self.number, 9)
        self.mark = w.FitLabel(w.APPOINTMENT_MARK, 0.34, True, w.TEXT, CENTER)
        self.mark.set_colors(w.TEXT, w.APPOINTMENT_BG)
        policy = self.mark.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # every row's window in the same column
        self.mark.setSizePolicy(policy)
        self.mark.hide()
        self.box.addWidget(self.mark, 4)  # shown on an appointment ticket's row only
        self.box.addLayout(side, 10)
        self.compact = False

    def set_compact(self, compact: bool) -> None:
        """Narrow cells (many windows busy): number above the window, no English line."""
        if compact != self.compact:
            self.compact = compact
            direction = (
                QBoxLayout.Direction.TopToBottom if compact else QBoxLayout.Direction.LeftToRight
            )
            self.box.setDirection(direction)
            self.box.setStretch(0, 14 if compact else 9)
            self.window_en.setVisible(not compact)
            self.mark.setText("预约" if compact else w.APPOINTMENT_MARK)

    def show_row(self, row: Row | None, highlight: bool, dim: bool) -> None:
        self.number.setText(row.number if row else "")
        self.window_zh.setText(row.window_label if row else "")
        english = english_window(row.window) if row else ""
        if row and row.status == "serving":
            english += " · 办理中 Serving"
        elif row and row.recall:
            english += " · 重呼 Recall"
        self.window_en.setText(english)
        self.mark.setVisible(bool(row and row.appointment))
        background = w.HIGHLIGHT_BG if highlight else "transparent"
        main = w.HIGHLIGHT_TEXT if highlight else (w.DIM if dim else w.TEXT)
        sheet = f"CallRow {{ background: {background}; border-radius: 12px; }}"
        if sheet != self.styleSheet():
            self.setStyleSheet(sheet)
        self.number.set_colors(w.HIGHLIGHT_TEXT if highlight else (w.DIM if dim else w.NUMBER))
        self.window_zh.set_colors(main)
        self.window_en.set_colors(w.HIGHLIGHT_TEXT if highlight else (w.DIM if dim else w.SOFT))


class ListLine(QWidget):
    """Text on the left (Chinese, English below when given), a value on the right."""

    def __init__(self, split: tuple[int, int], two_lines: bool) -> None:
        super().__init__()
        self.main = w.FitLabel("", 0.72, False, w.TEXT)
        self.sub = w.FitLabel("", 0.72, False, w.SOFT) if two_lines else None
        self.value = w.FitLabel("", 0.72 if not two_lines else 0.5, True, w.NUMBER, RIGHT)
        text = QVBoxLayout()
        text.setSpacing(0)
        text.setContentsMargins(0, 0, 0, 0)
        text.addWidget(self.main, 3)
        if self.sub is not None:
            text.addWidget(self.sub, 2)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(text, split[0])
        layout.addWidget(self.value, split[1])

    def show_line(self, main: str, sub: str, value: str, dim: bool) -> None:
        self.main.setText(main)
        self.value.setText(value)
        self.main.set_colors(w.DIM if dim else w.TEXT)
        self.value.set_colors(w.DIM if dim else w.NUMBER)
        if self.sub is not None:
            self.sub.setText(sub)
            self.sub.set_colors(w.DIM if dim else w.SOFT)


class ListPanel(QFrame):
    """A titled block of lines in `columns` columns (earlier calls, people waiting per category)."""

    def __init__(
        self,
        title: str,
        lines: int,
        split: tuple[int, int] = (6, 4),
        two_lines: bool = False,
        columns: int = 1,
    ) -> None:
        super().__init__()
        self.setStyleSheet(f"ListPanel {{ background: {w.PANEL}; border-radius: 12px; }}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(4 if two_lines else 0)
        self.title = w.FitLabel(title, 0.62, True, w.SOFT)
        self.title_text = title
        rows = -(-lines // columns)
        layout.addWidget(self.title, 5)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(4 if two_lines else 0)
        self.lines = [ListLine(split, two_lines) for _ in range(lines)]
        for index, line in enumerate(self.lines):  # by column: the most first, down then across
            grid.addWidget(line, index % rows, index // rows)
        for row in range(rows):
            grid.setRowStretch(row, 1)
        layout.addLayout(grid, (10 if two_lines else 6) * rows)

    def show_lines(self, items: list[tuple[str, str, str]], dim: bool = False) -> None:
        for index, line in enumerate(self.lines):
            main, sub, value = items[index] if index < len(items) else ("", "", "")
            line.show_line(main, sub, value, dim)

    def show_page(self, page: int, pages: int) -> None:
        """The title says which page is shown when the items take several (1/2, 2/2)."""
        self.title.setText(self.title_text + (f"　{page + 1}/{pages}" if pages > 1 else ""))

    def texts(self) -> list[tuple[str, str]]:
        return [(line.main.text(), line.value.text()) for line in self.lines if line.main.text()]


class BoardView(QWidget):
    """Thin view: `set_state` and `set_stale` are all it needs."""

    def __init__(
        self, config: DisplayConfig, now: Callable[[], datetime], portrait: bool = False
    ) -> None:
        super().__init__()
        self.config = config
        self.portrait = portrait
        self.state: BoardState | None = None
        self.stale = False
        self.waiting_page = 0
        self.page_timer = QTimer(self, interval=PAGE_MS)
        self.page_timer.timeout.connect(self._next_page)
        self.setObjectName("board")
        self.setStyleSheet(f"QWidget#board {{ background: {w.BACKGROUND}; }}")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        root = QVBoxLayout(self)
        root.setContentsMargins(16, 10, 16, 10)
        root.setSpacing(8)
        root.addWidget(self._header(now), 9 if portrait else 12)
        self.banner = w.FitLabel(STALE_TEXT, 0.5, True, w.TEXT, CENTER)
        self.banner.set_colors(w.TEXT, w.ALERT_BG)
        root.addWidget(self.banner, 4 if portrait else 6)
        self.banner.hide()
        root.addLayout(self._body(), 75)
        self.ticker = w.Ticker(self._notice_text(()))
        root.addWidget(self.ticker, 4 if portrait else 6)
        self.show_state()

    def _header(self, now: Callable[[], datetime]) -> QWidget:
        header = QWidget()
        layout = QHBoxLayout(header)
        layout.setContentsMargins(0, 0, 0, 0)
        names = QVBoxLayout()
        self.hall_zh = w.FitLabel("", 0.8, True, w.TEXT)
        self.hall_en = w.FitLabel("", 0.7, False, w.SOFT)
        names.addWidget(self.hall_zh, 3)
        names.addWidget(self.hall_en, 2)
        times = QVBoxLayout()
        self.clock = w.Clock(now)
        times.addWidget(self.clock, 3)
        times.addWidget(w.DateLabel(now), 2)
        layout.addLayout(names, 7)
        layout.addLayout(times, 3)
        return header

    def _body(self) -> QBoxLayout:
        calls = QVBoxLayout()
        calls.setSpacing(4)
        self.calls_title = w.FitLabel("", 0.62, True, w.SOFT)
        calls.addWidget(self.calls_title, 3)
        self.per_column = 7 if self.portrait else 5
        self.max_columns = 3 if self.portrait else 4  # room for 20 windows calling at once
        self.rows = [CallRow() for _ in range(self.max_columns * self.per_column)]  # by column
        self.grid = QGridLayout()
        self.grid.setSpacing(6)
        for index, row in enumerate(self.rows):
            self.grid.addWidget(row, index % self.per_column, index // self.per_column)
        for line in range(self.per_column):
            self.grid.setRowStretch(line, 1)
        calls.addLayout(self.grid, 6 * self.per_column)
        self.recent_panel = ListPanel("已叫号　Called earlier", 5, (4, 6))
        self.waiting_panel = ListPanel(
            "等候人数　People waiting", WAITING_LINES, (7, 3), two_lines=True, columns=2
        )
        side = QHBoxLayout() if self.portrait else QVBoxLayout()
        side.setSpacing(12)
        side.addWidget(self.recent_panel, 2)
        side.addWidget(self.waiting_panel, 3)
        body = QVBoxLayout() if self.portrait else QHBoxLayout()
        body.setSpacing(16)
        body.addLayout(calls, 70 if self.portrait else 62)
        body.addLayout(side, 30 if self.portrait else 38)
        return body

    def set_state(self, state: BoardState) -> None:
        self.state = state
        self.show_state()

    def set_stale(self, stale: bool) -> None:
        self.stale = stale
        self.banner.setVisible(stale)
        self.show_state()

    def show_state(self) -> None:
        state = self.state
        if state is None or not state.hall_zh:
            self.calls_title.setText("正在连接服务器…　Connecting to the server…")
            self._show_rows([], None)
            return
        self.hall_zh.setText(state.hall_zh)
        self.hall_en.setText(state.hall_en)
        self.calls_title.setText(
            "中断前的叫号（可能已过时）　Last known calls"
            if self.stale
            else "正在呼叫　Now calling"
        )
        self._show_rows(in_progress(state), newest(state))
        earlier = recent(state, min(self.config.recent_calls, len(self.recent_panel.lines)))
        self.recent_panel.show_lines([recent_line(c) for c in earlier], self.stale)
        self._show_waiting(state)
        self.ticker.text = self._notice_text(state.notices)

    def _notice_text(self, lines: tuple[tuple[str, str], ...]) -> str:
        """The hall's notice lines from the server; the display's own notice while it has none."""
        shown = lines or ((self.config.notice.zh, self.config.notice.en),)
        return "　　　　".join(f"{zh}　　{en}" if en else zh for zh, en in shown)

    def _show_waiting(self, state: BoardState) -> None:
        """Every category with people waiting; when more than the panel holds, page by page."""
        lines = [(c.zh, c.en, f"{c.waiting}人") for c in busiest(state)]
        size = len(self.waiting_panel.lines)
        pages = max(1, -(-len(lines) // size))
        self.waiting_page %= pages
        if pages > 1 and not self.page_timer.isActive():
            self.page_timer.start()
        elif pages == 1:
            self.page_timer.stop()
        shown = lines[self.waiting_page * size : (self.waiting_page + 1) * size]
        self.waiting_panel.show_lines(shown or [("暂无等候", "No one waiting", "")], self.stale)
        self.waiting_panel.show_page(self.waiting_page, pages)

    def _next_page(self) -> None:
        self.waiting_page += 1
        if self.state is not None:
            self._show_waiting(self.state)

    def _show_rows(self, rows: list[Row], top: Row | None) -> None:
        """One column of big rows, newest first; while more windows are busy, more and narrower
        columns in window order (the newest call stays highlighted)."""
        columns = min(self.max_columns, max(1, -(-len(rows) // self.per_column)))
        rows = rows[: len(self.rows)]  # the most urgent ones when even the grid is full
        if columns > 1:  # a busy hall: a steady grid in window order is easier to scan
            rows = sorted(rows, key=lambda r: r.window)
        for column in range(self.max_columns):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        for index, widget in enumerate(self.rows):
            widget.setVisible(index < columns * self.per_column)
            widget.set_compact(columns > 2)
            row = rows[index] if index < len(rows) else None
            highlight = row is not None and row == top and not self.stale
            widget.show_row(row, highlight, dim=self.stale)

    def shown_calls(self) -> list[tuple[str, str]]:
        """(number, window label) as shown, top to bottom (for tests and the benchmark)."""
        return [(r.number.text(), r.window_zh.text()) for r in self.rows if r.number.text()]

    def highlighted(self) -> str | None:
        state = self.state
        top = newest(state) if state is not None and not self.stale else None
        return top.number if top else None
