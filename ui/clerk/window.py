"""The clerk's main window: login → window choice → console, wired to a ClerkSession."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QDialog, QMainWindow, QStackedWidget, QWidget

from queue_server.client.models import Hall, Ticket, Window
from ui.clerk import present
from ui.clerk.console import ConsolePage
from ui.clerk.dialogs import (
    CallTicketDialog,
    FoundDialog,
    OutcomeDialog,
    PasswordDialog,
    ReasonDialog,
    TransferDialog,
)
from ui.clerk.pages import LoginPage, WindowChoicePage
from ui.clerk.session import ClerkSession
from ui.clerk.state import Action, ConsoleState
from ui.clerk.theme import STYLE
from ui.common.reasons import NO_SHOW_REASONS, PAUSE_REASONS

log = logging.getLogger(__name__)


class ClerkWindow(QMainWindow):
    """Shows the page the session is at and turns button presses into session actions."""

    def __init__(self, session: ClerkSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("窗口叫号 Clerk console")
        self.setStyleSheet(STYLE)
        self.login_page = LoginPage(session.client.server)
        self.choice_page = WindowChoicePage()
        self.console = ConsolePage()
        self.pages = QStackedWidget()
        for page in (self.login_page, self.choice_page, self.console):
            self.pages.addWidget(page)
        self.setCentralWidget(self.pages)
        self.dialog: QDialog | None = None
        self.password_dialog: PasswordDialog | None = None
        self.windows: list[Window] = []
        self.hall: Hall | None = None
        self._connect()

    def _connect(self) -> None:
        session = self.session
        self.login_page.submitted.connect(session.login)
        self.choice_page.chosen.connect(self.open_window)
        self.console.requested.connect(self.request)
        session.login_failed.connect(self.login_page.show_error)
        session.logged_in.connect(lambda _: self.pages.setCurrentWidget(self.choice_page))
        session.hall_loaded.connect(self._hall_loaded)
        session.windows_loaded.connect(self._windows_loaded)
        session.services_loaded.connect(lambda _: self._show_windows())
        session.state_changed.connect(self._state_changed)
        session.message.connect(self._message)
        session.waiting_loaded.connect(self._pick_ticket)
        session.password_needed.connect(self._ask_password)
        session.relogin_failed.connect(self._relogin_failed)
        session.relogged_in.connect(self._relogged_in)
        self.console.search.connect(session.find_ticket)
        self.console.change_window.connect(session.leave_window)
        self.console.log_out.connect(session.log_out)
        session.found.connect(
            lambda number, tickets: self._open(FoundDialog(number, tickets, self))
        )
        session.faults_changed.connect(self.console.show_faults)
        session.left_window.connect(lambda: self.pages.setCurrentWidget(self.choice_page))
        session.logged_out.connect(self._logged_out)

    # -- pages ------------------------------------------------------------------------------

    def _hall_loaded(self, hall: Hall) -> None:
        self.hall = hall
        self._show_windows()

    def _windows_loaded(self, windows: list[Window]) -> None:
        self.windows = windows
        self._show_windows()

    def _show_windows(self) -> None:
        hall = self.session.client.hall or ""
        name = present.bilingual(self.hall.name, hall) if self.hall else hall
        self.choice_page.set_windows(self.windows, self.session.services, name)

    def _logged_out(self) -> None:
        self.login_page.password.clear()
        self.login_page.busy.setText("已退出登录  Logged out")
        self.login_page.button.setEnabled(True)
        self.login_page.error.setText("")
        self.pages.setCurrentWidget(self.login_page)

    def open_window(self, number: int) -> None:
        """Show the console for window `number` (clicked on the choice page, or --window)."""
        self.pages.setCurrentWidget(self.console)
        self.session.choose_window(number)

    def _state_changed(self, state: ConsoleState) -> None:
        hall = self.hall.name.zh if self.hall else (self.session.client.hall or "")
        title = present.window_title(state, self.session.client.username)
        self.console.set_header(f"{hall}  ·  {title}")
        self.console.show_state(state, self.session.services)

    def _message(self, kind: str, zh: str, en: str) -> None:
        if self.pages.currentWidget() is self.console:
            self.console.show_message(kind, zh, en)
        else:
            self.login_page.show_error(zh, en)

    # -- actions ----------------------------------------------------------------------------

    def request(self, action: Action) -> None:
        """A button or shortcut: act now, or first ask for what the action needs."""
        state = self.session.state
        if not state.is_enabled(action):
            return
        if action is Action.CALL_TICKET:
            self.session.load_waiting()  # the dialog opens when the list arrives
        elif action in (Action.FINISH, Action.NO_SHOW, Action.PAUSE, Action.TRANSFER):
            self._open(self._details_dialog(action, state.ticket))
        else:
            self.session.perform(action)

    def _details_dialog(self, action: Action, ticket: Ticket | None) -> QDialog:
        """The dialog asking what `action` needs; it performs the action when answered."""
        perform = self.session.perform
        if action is Action.FINISH:
            outcome = OutcomeDialog(ticket.number if ticket else "", self)
            outcome.chosen.connect(lambda code: perform(action, outcome=code))
            return outcome
        if action is Action.TRANSFER:
            number = self.session.window_number or 0
            transfer = TransferDialog(ticket, self.session.services, self.windows, number, self)
            transfer.chosen.connect(lambda target: perform(action, **target))
            return transfer
        if action is Action.NO_SHOW:
            reason = ReasonDialog(("过号", "No-show: reason"), NO_SHOW_REASONS, self)
        else:
            reason = ReasonDialog(("暂停服务", "Pause: reason"), PAUSE_REASONS, self)
        reason.chosen.connect(lambda text: perform(action, reason=text))
        return reason

    def _pick_ticket(self, tickets: list[Ticket]) -> None:
        dialog = CallTicketDialog(tickets, self)
        dialog.picked.connect(
            lambda number, reason: self.session.perform(
                Action.CALL_TICKET, number=number, reason=reason
            )
        )
        self._open(dialog)

    def _open(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.finished.connect(lambda _: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
        self.activateWindow()  # so the function keys reach the console again

    # -- token expiry -----------------------------------------------------------------------

    def _ask_password(self) -> None:
        dialog = PasswordDialog(self.session.client.username or "", self)
        dialog.chosen.connect(self.session.relogin)
        self.password_dialog = dialog
        dialog.rejected.connect(self.session.password_dismissed)
        dialog.open()

    def _relogin_failed(self, zh: str, en: str) -> None:
        if self.password_dialog is not None:
            self.password_dialog.show_error(zh, en)

    def _relogged_in(self) -> None:
        if self.password_dialog is not None:
            self.password_dialog.accept()
            self.password_dialog = None

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.session.close()
        super().closeEvent(event)
