"""The clerk's session: client calls off the GUI thread, live events, state, re-login."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from queue_server.client.clerk import ClerkClient
from queue_server.client.errors import ClientError, Unauthorised
from queue_server.client.models import Fault, Login, Service, Ticket, Window
from ui.clerk.faults import open_faults
from ui.clerk.state import UNDO_MS, Action, ConsoleState
from ui.common.events import EventStream
from ui.common.tasks import Background

log = logging.getLogger(__name__)

REFRESH_DELAY_MS = 80  # coalesces a burst of events into one window refresh
PERIODIC_REFRESH_MS = 30_000  # keeps "longest wait" current when the hall is quiet


@dataclass(frozen=True)
class Finished:
    """The finished ticket, and why inviting the citizen to evaluate failed (None: invited)."""

    ticket: Ticket
    prompt_error: ClientError | None = None


Answer = Ticket | Window | Finished | None
Work = Callable[[ClerkClient, int, dict[str, Any]], Answer]


def _finish_and_prompt(client: ClerkClient, window: int, params: dict[str, Any]) -> Finished:
    ticket = client.finish(window, params["outcome"])
    try:
        client.evaluation_prompt(window)
    except ClientError as err:  # the case is finished either way; say so, do not undo it
        log.warning("evaluation prompt for window %s failed: %s", window, err)
        return Finished(ticket, err)
    return Finished(ticket)


ACTIONS: dict[Action, Work] = {
    Action.CALL_NEXT: lambda c, w, p: c.call_next(w),
    Action.RECALL: lambda c, w, p: c.recall(w),
    Action.START: lambda c, w, p: c.start(w),
    Action.FINISH: _finish_and_prompt,
    Action.NO_SHOW: lambda c, w, p: c.no_show(w, p["reason"]),
    Action.TRANSFER: lambda c, w, p: c.transfer(w, **p),
    Action.PAUSE: lambda c, w, p: c.pause(w, p["reason"]),
    Action.RESUME: lambda c, w, p: c.resume(w),
    Action.CALL_TICKET: lambda c, w, p: c.call_ticket(w, p["number"], p["reason"]),
    Action.UNDO_NO_SHOW: lambda c, w, p: c.undo_no_show(w),
}

DONE_TEXT: dict[Action, tuple[str, str]] = {
    Action.RECALL: ("已重呼", "Recalled"),
    Action.START: ("开始办理", "Serving started"),
    # the window's pad opens its form, the receipt's QR code leads to the phone's: say only
    # that the citizen was asked, never that they rated
    Action.FINISH: (
        "已办结，已请群众评价（窗口评价器或扫描号票二维码）",
        "Finished; the citizen was asked to rate the service (window pad or the ticket's QR code)",
    ),
    Action.NO_SHOW: ("已过号", "Marked as no-show"),
    Action.UNDO_NO_SHOW: ("已撤销过号，请继续办理", "No-show taken back: go on with the ticket"),
    Action.TRANSFER: ("已转移，保留原到达时间", "Transferred, original arrival kept"),
    Action.PAUSE: ("已暂停服务", "Window paused"),
    Action.RESUME: ("已恢复服务", "Window resumed"),
}


def done_message(action: Action, result: Answer) -> tuple[str, str, str]:
    """(kind, zh, en) saying what an action did."""
    if action in (Action.CALL_NEXT, Action.CALL_TICKET):
        if isinstance(result, Ticket):
            return "info", f"已叫号 {result.number}", f"Called {result.number}"
        return "info", "当前无人等候", "Nobody is waiting"
    if isinstance(result, Finished) and result.prompt_error is not None:
        error = result.prompt_error
        return "error", f"已办结；未能请群众评价：{error.zh}", f"Finished; {error.en}"
    return "info", *DONE_TEXT[action]


class ClerkSession(QObject):
    """Owns the client, the event stream and the console state; widgets only send intents."""

    state_changed = Signal(object)  # ConsoleState
    logged_in = Signal(object)  # Login
    login_failed = Signal(str, str)  # zh, en
    windows_loaded = Signal(list)  # [Window]
    hall_loaded = Signal(object)  # Hall
    services_loaded = Signal(dict)  # code -> Service
    waiting_loaded = Signal(list)  # [Ticket]
    found = Signal(str, list)  # (number searched, [Ticket] of today with it)
    faults_changed = Signal(list)  # [Fault] still open
    left_window = Signal()  # back to the window choice
    logged_out = Signal()
    message = Signal(str, str, str)  # kind ("info" | "error"), zh, en
    password_needed = Signal()
    relogin_failed = Signal(str, str)
    relogged_in = Signal()

    def __init__(
        self,
        client: ClerkClient,
        parent: QObject | None = None,
        max_backoff: float = 2.0,
        undo_ms: int = UNDO_MS,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.background = Background(self)
        self.state = ConsoleState()
        self.window_number: int | None = None
        self.services: dict[str, Service] = {}
        self.stream: EventStream | None = None
        self.max_backoff = max_backoff
        self._pending: tuple[Action, dict[str, Any]] | None = None
        self._asking_password = False
        self._generation = 0
        self._refreshing = False
        self._refresh_again = False
        self._refresh_timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self._periodic = QTimer(self, interval=PERIODIC_REFRESH_MS)
        self._periodic.timeout.connect(self.refresh)
        self._undo_timer = QTimer(self, singleShot=True, interval=undo_ms)
        self._undo_timer.timeout.connect(lambda: self._set_state(replace(self.state, undo=None)))
        self.faults: list[Fault] = []  # every report of today, oldest first

    # -- state ------------------------------------------------------------------------------

    def _set_state(self, state: ConsoleState) -> None:
        self.state = state
        self.state_changed.emit(state)

    def _fail(self, err: Exception, retry: tuple[Action, dict[str, Any]] | None = None) -> None:
        if isinstance(err, Unauthorised):
            self._pending = retry or self._pending
            self.ask_password()
            return
        zh, en = (err.zh, err.en) if isinstance(err, ClientError) else ("内部错误", str(err))
        self.message.emit("error", zh, en)

    # -- login and window choice ------------------------------------------------------------

    def login(self, username: str, password: str) -> None:
        def done(answer: Login) -> None:
            self.logged_in.emit(answer)
            self.load_windows()

        def failed(err: Exception) -> None:
            zh, en = (err.zh, err.en) if isinstance(err, ClientError) else ("登录失败", str(err))
            self.login_failed.emit(zh, en)

        self.background.run(lambda: self.client.login(username, password), done, failed)

    def load_windows(self) -> None:
        self.background.run(self.client.hall_info, self.hall_loaded.emit, self._fail)
        self.background.run(self.client.windows, self.windows_loaded.emit, self._fail)
        self.background.run(self.client.services, self._services_done, self._fail)

    def _services_done(self, services: list[Service]) -> None:
        self.services = {service.code: service for service in services}
        self.services_loaded.emit(self.services)

    def choose_window(self, number: int) -> None:
        self.window_number = number
        self._set_state(replace(self.state, window=None, chosen=number))
        self.refresh()
        self._start_stream()  # reads the faults once connected
        self._periodic.start()

    def leave_window(self) -> bool:
        """Back to the window choice; refused (False, with a message) while a ticket is open."""
        if self.state.ticket is not None:
            number = self.state.ticket.number
            self.message.emit(
                "error",
                f"请先办结、过号或转移当前号票 {number}",
                f"Finish, mark a no-show or transfer ticket {number} first",
            )
            return False
        self._stop_following()
        self.window_number = None
        self._set_state(ConsoleState())
        self.left_window.emit()
        self.load_windows()
        return True

    def log_out(self) -> None:
        """Leave the window and forget the sign-in (the token is dropped)."""
        if self.leave_window():
            self.client.token, self.client.username = None, None
            self.logged_out.emit()

    def _stop_following(self) -> None:
        self._periodic.stop()
        self._refresh_timer.stop()
        self._undo_timer.stop()
        self._generation += 1  # answers still in flight belong to the window left
        if self.stream is not None:
            self.stream.stop()
            self.stream = None

    def _start_stream(self) -> None:
        if self.stream is not None:
            self.stream.stop()
        stream = EventStream(self.client.follow_events(max_backoff=self.max_backoff), self)
        stream.received.connect(self._on_event)
        stream.connected.connect(self._on_connected)
        stream.disconnected.connect(self._on_disconnected)
        self.stream = stream
        stream.start()

    def close(self) -> None:
        """Stop the stream and timers; waits briefly for requests in flight."""
        self._stop_following()
        self.background.wait(3000)

    # -- live updates -----------------------------------------------------------------------

    def _on_event(self, kind: str, data: dict[str, Any]) -> None:
        if data.get("hall") not in (None, self.client.hall):
            return
        log.debug("event %s", kind)
        if kind == "device.fault" and isinstance(data.get("fault"), dict):
            self._add_fault(data["fault"])
        self._refresh_timer.start()

    # -- device faults ----------------------------------------------------------------------

    def load_faults(self) -> None:
        """Today's device reports of the hall; the event stream brings the later ones."""

        def done(faults: list[Fault]) -> None:
            self.faults = faults
            self.faults_changed.emit(open_faults(self.faults))

        self.background.run(self.client.faults, done, self._fail)

    def _add_fault(self, raw: dict[str, Any]) -> None:
        try:
            fault = Fault.from_json(raw)
        except ClientError as err:  # a report this console cannot read must not stop it
            log.warning("device.fault not understood: %s", err)
            return
        self.faults.append(fault)
        self.faults_changed.emit(open_faults(self.faults))

    def _on_connected(self) -> None:
        self._set_state(replace(self.state, disconnected=False))
        self._refresh_timer.start()  # catch up on anything missed while down
        self.load_faults()

    def _on_disconnected(self, reason: str) -> None:
        if not self.state.disconnected:
            log.info("event stream down: %s", reason)
        self._set_state(replace(self.state, disconnected=True))
        if reason.startswith("HTTP 401"):
            self.ask_password()

    def refresh(self) -> None:
        """Re-read the window (current ticket, state, queues); one request at a time."""
        if self.window_number is None:
            return
        if self._refreshing:
            self._refresh_again = True
            return
        self._refreshing = True
        generation, number = self._generation, self.window_number

        def done(window: Window) -> None:
            self._refresh_finished()
            if generation == self._generation:
                self._set_state(self.state.with_window(window))

        def failed(err: Exception) -> None:
            self._refresh_finished()
            self._fail(err)

        self.background.run(lambda: self.client.window(number), done, failed)

    def _refresh_finished(self) -> None:
        self._refreshing = False
        if self._refresh_again:
            self._refresh_again = False
            self._refresh_timer.start()

    # -- actions ----------------------------------------------------------------------------

    def perform(self, action: Action, **params: Any) -> None:
        """Run an action at the chosen window, unless the state says it makes no sense now."""
        if self.window_number is None or not self.state.is_enabled(action):
            log.info("ignored %s in state %s", action.value, self.state.enabled())
            return
        self._run(action, params)

    def _run(self, action: Action, params: dict[str, Any]) -> None:
        self._generation += 1
        self._set_state(replace(self.state, busy=True))
        number = self.window_number
        assert number is not None
        work = ACTIONS[action]

        def done(result: Answer) -> None:
            self._set_state(replace(self.state, busy=False))
            self._apply(action, result)
            self.refresh()

        def failed(err: Exception) -> None:
            self._set_state(replace(self.state, busy=False))
            self._fail(err, retry=(action, params))
            self.refresh()

        self.background.run(lambda: work(self.client, number, params), done, failed)

    def _apply(self, action: Action, result: Answer) -> None:
        if isinstance(result, Window):
            self._set_state(self.state.with_window(result))
        else:
            ticket = result.ticket if isinstance(result, Finished) else result
            self._set_state(self.state.with_ticket(ticket))
        missed = result.number if isinstance(result, Ticket) and action is Action.NO_SHOW else None
        self._offer_undo(missed)
        self.message.emit(*done_message(action, result))

    def _offer_undo(self, number: str | None) -> None:
        """After a no-show, offer to take it back for `UNDO_MS`; any other action ends it."""
        if number is None:
            self._undo_timer.stop()
        else:
            self._undo_timer.start()
        self._set_state(replace(self.state, undo=number))

    def load_waiting(self) -> None:
        """Today's waiting tickets of the hall, for calling one out of order."""
        self.background.run(self.client.waiting_tickets, self.waiting_loaded.emit, self._fail)

    def find_ticket(self, text: str) -> None:
        """Today's tickets of the hall whose number contains `text` (`found` answers)."""
        wanted = text.strip().upper()
        if not wanted:
            return

        def done(tickets: list[Ticket]) -> None:
            self.found.emit(wanted, [t for t in tickets if wanted in t.number.upper()])

        self.background.run(self.client.todays_tickets, done, self._fail)

    # -- token expiry -----------------------------------------------------------------------

    def ask_password(self) -> None:
        if not self._asking_password:
            self._asking_password = True
            self.password_needed.emit()

    def password_dismissed(self) -> None:
        """The clerk closed the password dialog; ask again at the next refusal."""
        self._asking_password = False
        self._pending = None

    def relogin(self, password: str) -> None:
        """Log in again as the same user; the window and its ticket stay as they are."""
        username = self.client.username or ""

        def done(_: Login) -> None:
            self._asking_password = False
            self.relogged_in.emit()
            self.message.emit("info", "已重新登录", "Logged in again")
            pending, self._pending = self._pending, None
            if pending is not None and self.state.is_enabled(pending[0]):
                self._run(*pending)
            else:
                self.refresh()

        def failed(err: Exception) -> None:
            zh, en = (err.zh, err.en) if isinstance(err, ClientError) else ("登录失败", str(err))
            self.relogin_failed.emit(zh, en)

        self.background.run(lambda: self.client.login(username, password), done, failed)
