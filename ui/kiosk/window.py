"""The kiosk's one window: header (hall, clock, language, large text), banner, screen, footer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.session import Screen, Session, SessionState
from ui.kiosk import screens_checkin, screens_flow, screens_info, screens_phone
from ui.kiosk.context import KioskIntents, ScreenContext
from ui.kiosk.status_strips import PrinterBanner, StaffNote
from ui.kiosk.strings import Tr
from ui.kiosk.theme import NAVY, Theme
from ui.kiosk.widgets import BigButton, LineLabel, label, quiet_button

BUILDERS: dict[Screen, Callable[[ScreenContext], QWidget]] = {
    Screen.HOME: screens_flow.home,
    Screen.CATEGORIES: screens_flow.categories,
    Screen.SERVICES: screens_flow.services,
    Screen.SUGGEST: screens_flow.suggest,
    Screen.IDENTIFY: screens_flow.identify,
    Screen.KEYPAD: screens_flow.keypad,
    Screen.GREEN: screens_flow.green,
    Screen.WORKING: screens_info.working,
    Screen.TICKET: screens_info.ticket,
    Screen.NOTICE: screens_info.notice,
    Screen.CHECKIN: screens_checkin.checkin,
    Screen.CODE_PAD: screens_checkin.code_pad,
    Screen.PLACE_SCAN: screens_info.place_scan,
    Screen.PLACE: screens_info.place,
    Screen.MY_TICKETS: screens_info.my_tickets,
    Screen.MATERIALS: screens_info.materials,
    Screen.PHONE_PAD: screens_phone.phone_pad,
    Screen.PHONE_DONE: screens_phone.phone_done,
}
HEADER_BUTTON_PADDING = 2 * 20 + 8  # the theme's padding of 20 px each side, and a little air
NO_FOOTER = {Screen.HOME, Screen.WORKING, Screen.TICKET}
LAYOUT_PASSES = 4  # a grid lays out, its buttons then ask for their wrapped height, and so on


def _same_width(button: QPushButton, other_text: str, floor: int) -> None:
    """As wide in either language, so the buttons beside it never move when it changes."""
    button.ensurePolished()
    metrics = QFontMetrics(button.font())
    widest = max(metrics.horizontalAdvance(button.text()), metrics.horizontalAdvance(other_text))
    button.setFixedWidth(max(floor, widest + HEADER_BUTTON_PADDING))


def _scrolling() -> QScrollArea:
    """The one area screens are shown in: every screen fits; if large text makes one too tall,
    it scrolls by finger. Made once (each grabGesture call costs PySide6 a new enum type)."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    # no bar: one appearing and going with a height-for-width page resizes it for ever; the
    # "more below" line says instead that the page goes on
    area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }")
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    return area


class IdleOverlay(QWidget):
    """ "还在吗？" over the whole window with a countdown and a button to stay."""

    def __init__(self, parent: QWidget, on_stay: Callable[[], None]) -> None:
        super().__init__(parent)
        self.setObjectName("idle_overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet("QWidget#idle_overlay { background: rgba(0, 0, 0, 170); }")
        outer = QVBoxLayout(self)
        box = QWidget()
        box.setObjectName("idle_box")
        box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        box.setStyleSheet(
            f"QWidget#idle_box {{ background: white; border: 6px solid {NAVY};"
            " border-radius: 24px; }"
        )
        inner = QVBoxLayout(box)
        inner.setContentsMargins(48, 48, 48, 48)
        inner.setSpacing(24)
        self.title = label("", "title")
        self.body = label("", "big")
        self.stay = BigButton("", "", on_stay)
        self.stay.setObjectName("idle_stay")
        for part in (self.title, self.body, self.stay):
            inner.addWidget(part)
        outer.addStretch(1)
        outer.addWidget(box)
        outer.addStretch(1)
        outer.setContentsMargins(80, 0, 80, 0)
        self.hide()

    def ask(self, tr: Tr, seconds: int) -> None:
        self.title.setText(f"{tr('idle_title')}\n{tr.other('idle_title')}")
        self.body.setText(f"{tr('idle_body', n=seconds)}\n{tr.other('idle_body', n=seconds)}")
        self.stay.set_texts(tr("idle_continue"), tr.other("idle_continue"))
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()


class KioskWindow(QWidget):
    """Shows `SessionState` and turns touches into calls of its `intents`."""

    def __init__(self, intents: KioskIntents, orientation: str = "portrait") -> None:
        super().__init__()
        self.setObjectName("kiosk")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.intents = intents
        self.orientation = orientation
        self.theme = Theme(orientation)
        self.state = SessionState()
        self._styled: Theme | None = None
        self.screen_widget = _scrolling()
        self.page: QWidget | None = None
        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = QWidget()
        self.header.setObjectName("header")
        self.header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._build_header()
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setWordWrap(True)  # it must never widen the window past the screen
        self.banner.hide()
        self.printer_banner = PrinterBanner()
        self.staff_note = StaffNote()
        self.body = QVBoxLayout()
        self.footer = QWidget()
        self._build_footer()
        layout.addWidget(self.header)
        layout.addWidget(self.banner)
        layout.addWidget(self.printer_banner)
        layout.addLayout(self.body, 1)
        self.body.addWidget(self.screen_widget)
        # over the foot of the page, not under it: its showing moves nothing
        self.more_below = label("", "more")
        self.more_below.setParent(self.screen_widget)
        self.more_below.setObjectName("more_below")
        self.more_below.hide()
        bar = self.screen_widget.verticalScrollBar()
        bar.rangeChanged.connect(lambda *_: self._hint_more())
        bar.valueChanged.connect(lambda *_: self._hint_more())
        layout.addWidget(self.footer)
        layout.addWidget(self.staff_note)
        self.idle = IdleOverlay(self, intents.still_here)

    def _build_header(self) -> None:
        row = QHBoxLayout(self.header)
        row.setContentsMargins(32, 12, 32, 12)
        row.setSpacing(24)
        self.hall_name = QWidget()  # each language on one line, its type shrunk to fit
        names = QVBoxLayout(self.hall_name)
        names.setContentsMargins(0, 8, 0, 8)
        names.setSpacing(4)
        self.hall_label, self.hall_sub = LineLabel(36, bold=True), LineLabel(22, bold=False)
        names.addWidget(self.hall_label)
        names.addWidget(self.hall_sub)
        self.clock = label("", "clock", wrap=False)
        self.language_button = quiet_button("", self._switch_language, role="header")
        self.language_button.setObjectName("switch_language")
        self.large_button = quiet_button("", self._toggle_large_text, role="header")
        self.large_button.setObjectName("toggle_large_text")
        row.addWidget(self.hall_name, 1)
        row.addWidget(self.clock)
        row.addWidget(self.large_button)
        row.addWidget(self.language_button)

    def _build_footer(self) -> None:
        row = QHBoxLayout(self.footer)
        row.setContentsMargins(48, 8, 48, 16)
        row.setSpacing(32)
        self.back_button = BigButton("", "", self._back, colour="#4A4F57")
        self.back_button.setObjectName("back")
        self.home_button = BigButton("", "", self.intents.go_home, colour="#4A4F57")
        self.home_button.setObjectName("go_home")
        for button in (self.back_button, self.home_button):
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            row.addWidget(button)

    def _switch_language(self) -> None:
        self.intents.act(Session.set_language, "en" if self.state.language == "zh" else "zh")

    def _toggle_large_text(self) -> None:
        self.intents.act(Session.toggle_large_text)

    def _back(self) -> None:
        self.intents.act(Session.back)

    def tick_clock(self, now: datetime) -> None:
        self.clock.setText(now.strftime("%H:%M") + "\n" + now.strftime("%Y-%m-%d"))

    def show_state(self, state: SessionState) -> None:
        """Rebuild the screen for `state` (cheap: a few dozen widgets)."""
        self.state = state
        theme = Theme(self.orientation, state.large_text)
        if theme != self._styled:
            self.setStyleSheet(theme.stylesheet())
            self.printer_banner.restyle(theme)
            self._styled = theme
        self.theme = theme
        tr = Tr(state.language)
        self._render_chrome(state, tr)
        for fit in theme.fits:  # smaller type before a scroll bar, while the window is shown
            self._show_page(state, tr, replace(theme, fit=fit))
            if not self.isVisible() or not self._overflows():
                break

    def _show_page(self, state: SessionState, tr: Tr, theme: Theme) -> None:
        ctx = ScreenContext(state, tr, theme, self.intents)
        page = BUILDERS[state.screen](ctx)
        page.setObjectName(f"screen_{state.screen.value}")
        if theme.fit != 1.0:
            page.setStyleSheet(theme.stylesheet())
        old = self.screen_widget.takeWidget()
        if old is not None:  # later: the button being clicked may live in it
            old.hide()
            old.deleteLater()
        self.screen_widget.setWidget(page)
        self.screen_widget.verticalScrollBar().setValue(0)
        self.page = page
        page.show()

    def _overflows(self) -> bool:
        """Is the page taller than the screen, once its layout (and the buttons that ask for
        more height after the first pass) has settled?"""
        for _ in range(LAYOUT_PASSES):
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)
        return self.screen_widget.verticalScrollBar().maximum() > 0

    def _render_chrome(self, state: SessionState, tr: Tr) -> None:
        hall = state.hall
        if hall is not None:  # it wraps: a long name never widens the window or gets cut
            shown, other = tr.text(hall.name), tr.other.text(hall.name)
            self.hall_label.set_texts(shown, other, self.theme.px(36))
            self.hall_sub.set_texts(other, shown, self.theme.px(22))
        large_key = "large_text_off" if state.large_text else "large_text_on"
        for button, key in (
            (self.language_button, "switch_language"),
            (self.large_button, large_key),
        ):
            button.setText(tr(key))
            _same_width(button, tr.other(key), floor=self.theme.px(150))
        self.update_banner(state)
        self.printer_banner.show_for(self.printer_banner.printer_available, state.screen)
        self.staff_note.show_for(state.screen)
        self.more_below.setText(f"↓ {tr('more_below')}  {tr.other('more_below')}")
        self._hint_more()
        self.footer.setVisible(state.screen not in NO_FOOTER)
        photo = state.screen == Screen.TICKET and state.printed is False
        self.header.setVisible(not photo)  # the ticket alone, full screen, for a photo
        for button, key in ((self.back_button, "back"), (self.home_button, "home")):
            button.set_texts(tr(key), tr.other(key))

    def _hint_more(self) -> None:
        """A page taller than the screen (large text) says so, until its end is in view."""
        bar, area, hint = (
            self.screen_widget.verticalScrollBar(),
            self.screen_widget,
            self.more_below,
        )
        hint.setVisible(bar.value() < bar.maximum())
        if hint.isVisible():
            height = hint.heightForWidth(area.width())
            hint.setGeometry(0, area.height() - height, area.width(), height)
            hint.raise_()

    def update_banner(self, state: SessionState) -> None:
        """The offline banner alone (no rebuild of the screen under the citizen's finger)."""
        tr = Tr(state.language)
        self.banner.setVisible(not state.online)
        self.banner.setText(f"{tr('offline_banner')}  {tr.other('offline_banner')}")

    def update_printer(self, available: bool) -> None:
        """The printer-unavailable strip alone, as the printer's state changes."""
        self.printer_banner.show_for(available, self.state.screen)

    def set_staff_note(self, text: str) -> None:
        """A note for staff under the home screen ("" removes it)."""
        self.staff_note.setText(text)
        self.staff_note.show_for(self.state.screen)

    def update_home_status(self, state: SessionState) -> None:
        """The home screen's waiting line alone, changed in place (no rebuild under a finger)."""
        self.state = state
        page = self.page
        if state.screen != Screen.HOME or page is None:
            return
        ctx = ScreenContext(state, Tr(state.language), self.theme, self.intents)
        lines = [line for line in screens_flow.home_status(ctx) if line]
        shown = [w for w in page.findChildren(QWidget, "home_status")]
        labels = shown[0].findChildren(QLabel) if shown else []
        for part, text in zip(labels, lines, strict=False):
            part.setText(text)

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt name)
        if self.idle.isVisible():
            self.idle.setGeometry(self.rect())
        self._hint_more()
        super().resizeEvent(event)  # type: ignore[arg-type]
