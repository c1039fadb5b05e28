"""The kiosk's adapter: runs the session's effects (server, journal, printer) off the GUI thread
and shows the result; watches the network, the idle time and the devices."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from kiosk.config import KioskConfig
from kiosk.effects import (
    AddPhone,
    CheckIn,
    Effect,
    FindHeld,
    IssueTicket,
    LoadServices,
    LookupTicket,
    PrintMaterials,
    PrintTicket,
    ReportFault,
)
from kiosk.journal import OfflineJournal
from kiosk.offline import OfflineDesk
from kiosk.printing import PrinterReading, TicketPrinter
from kiosk.receipt import Printing, phone_page_url
from kiosk.rules import IdlePhase, IdlePolicy
from kiosk.session import Screen, Session
from queue_server.client.errors import Refused, Unreachable
from queue_server.client.kiosk import KioskClient
from queue_server.client.models import IdentityCard, Text, Ticket
from ui.common.tasks import Background
from ui.kiosk.context import P, SessionStep
from ui.kiosk.live import WaitingFollower
from ui.kiosk.printer_watch import PrinterWatch
from ui.kiosk.server_link import ServerLink
from ui.kiosk.strings import Tr
from ui.kiosk.window import KioskWindow

log = logging.getLogger(__name__)

_ACTIVITY = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress}
_SHOWS_QUEUES = {Screen.HOME, Screen.CATEGORIES, Screen.SERVICES}


class KioskController(ServerLink, QObject):
    """Glue between Session (pure), the server, the journal, the printer and its KioskWindow.

    It is the window's KioskIntents and the devices' DeviceListener (on the GUI thread).
    """

    printed = Signal(object)  # the Ticket, after its receipt bytes left for the printer
    settled = Signal()  # every effect of the last intent has been delivered

    def __init__(
        self,
        client: KioskClient,
        journal: OfflineJournal,
        printer: TicketPrinter,
        config: KioskConfig,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.client = client
        self.journal = journal
        self.offline = OfflineDesk(journal)
        self.printer = printer
        self.idle = IdlePolicy(config.idle_seconds)
        self.zone = config.zone  # the hall's clock on the screen
        self.phone_base = config.phone_base  # QR codes: an address citizens' phones reach
        self.clock = clock
        zone = config.zone  # not self.zone: no reference cycle through the session
        self.session = Session(
            today=lambda: datetime.now(zone).date(), green_age=config.green_channel_age
        )
        self.session.state.language = config.language
        self.default_language = config.language
        self.background = Background(self)
        self.last_touch = clock()
        self.pending = 0
        self.faults_to_send: list[ReportFault] = []
        self.handing_over = False
        self.stopped = False
        self.reported_devices: set[str] = set()
        self._timers: list[QTimer] = []
        self.window = KioskWindow(self, config.orientation)
        self.printer_watch = PrinterWatch(printer, self.background, self.window, self._report_fault)
        self.events = WaitingFollower(client, self.on_waiting, self.refresh, self)

    # -- life cycle ---------------------------------------------------------------------------
    def start(self, tick_ms: int = 1000, refresh_ms: int = 20000) -> None:
        """Show home, load the hall, hand over what an earlier run left, start the timers."""
        self._load_cached()
        self.render()
        self.refresh()
        self._every(tick_ms, self.tick)
        self._every(refresh_ms, self.refresh)
        self.printer_watch.probe()
        self._every(refresh_ms, self.printer_watch.probe)
        self.events.start()

    def stop(self) -> None:
        """Stop timers and wait for running jobs; results arriving later are dropped."""
        self.stopped = self.printer_watch.stopped = True
        for timer in self._timers:
            timer.stop()
        self.events.stop()
        self.background.wait(5000)

    def _every(self, msecs: int, work: Callable[[], None]) -> None:
        timer = QTimer(self)
        timer.timeout.connect(work)
        timer.start(msecs)
        self._timers.append(timer)

    def phone_url(self, ticket: Ticket) -> str | None:
        return phone_page_url(self.phone_base, ticket)

    def render(self) -> None:
        self.window.show_state(self.session.state)
        self.window.tick_clock(datetime.now(self.zone))

    # -- intents from the screens and the devices --------------------------------------------------
    def act(self, step: SessionStep[P], /, *args: P.args, **kwargs: P.kwargs) -> None:
        """Run `step(session, *args)`, e.g. `act(Session.pick_service, "HJ01")`, and its effects."""
        self.touched()
        self.run(step(self.session, *args, **kwargs))

    def go_home(self) -> None:
        self.touched()
        self._home()

    def _home(self) -> None:
        """Home, personal data forgotten, and the next visit in the kiosk's own language."""
        self.session.go_home()
        self.session.state.language = self.default_language
        self.session.state.large_text = False  # the next citizen starts with the usual size
        self.render()

    def still_here(self) -> None:
        self.touched()
        self.window.idle.hide()

    def card_read(self, card: IdentityCard) -> None:
        self.touched()
        self.run(self.session.card_read(card))

    def code_scanned(self, text: str) -> None:
        self.touched()
        self.run(self.session.code_scanned(text))

    def device_problem(self, device: str, message: str) -> None:
        """An ID card reader or scanner failing in the background: tell the hall manager once."""
        if device in self.reported_devices:
            return
        self.reported_devices.add(device)
        state = "offline" if "port" in message.lower() else "unknown"
        self._report_fault(ReportFault(device, state, message[:300]))

    def touched(self) -> None:
        self.last_touch = self.clock()
        if self.window.idle.isVisible():
            self.window.idle.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() in _ACTIVITY:
            self.last_touch = self.clock()
        return False

    # -- effects ------------------------------------------------------------------------------
    def run(self, effects: list[Effect]) -> None:
        self.render()
        for effect in effects:
            self._start(effect)
        if self.pending == 0:
            self.settled.emit()

    def _start(self, effect: Effect) -> None:
        handlers: dict[type, Callable[[Any], None]] = {
            LoadServices: lambda _: self.refresh(),
            IssueTicket: self._issue,
            CheckIn: self._check_in,
            LookupTicket: self._lookup,
            FindHeld: self._find_held,
            AddPhone: self._add_phone,
            PrintTicket: self._print,
            PrintMaterials: self._print_materials,
            ReportFault: self._report_fault,
        }
        handlers[type(effect)](effect)

    def _background(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], list[Effect] | None],
        on_error: Callable[[Exception], list[Effect] | None],
    ) -> None:
        self.pending += 1

        def deliver(handler: Callable[[Any], list[Effect] | None], value: Any) -> None:
            self.pending -= 1
            if not self.stopped:
                self.run(handler(value) or [])

        # boxed: a bare None through a queued Signal(object) corrupts None's refcount in
        # PySide6 on Python 3.11 ("none_dealloc" crash after a while)
        self.background.run(
            lambda: (work(),),
            lambda boxed: deliver(on_done, boxed[0]),
            lambda err: deliver(on_error, err),
        )

    def _issue(self, effect: IssueTicket) -> None:
        online = self.session.state.online and not self.handing_over

        def work() -> Ticket:
            if online:
                try:
                    return self.client.issue(
                        effect.service.code, effect.idempotency_key, effect.identity,
                        effect.priority,
                    )  # fmt: skip
                except Unreachable as err:
                    log.warning("server unreachable, issuing offline: %s", err)
            return self.offline.issue(
                effect.service, effect.idempotency_key, effect.identity, effect.priority,
                datetime.now(self.zone),
            )  # fmt: skip

        self._background(work, self._issued, self._refused)

    def _issued(self, ticket: Ticket) -> list[Effect]:
        if ticket.offline and self.session.state.online:
            self._go_offline()
        return self.session.on_ticket(ticket)

    def _refused(self, err: Exception) -> list[Effect]:
        if isinstance(err, Refused):
            return self.session.on_refused(err.code, Text(err.zh, err.en), err.extra)
        log.error("unexpected failure: %s", err)
        return self.session.on_refused("unexpected", Text("", ""), {})

    def _check_in(self, effect: CheckIn) -> None:
        def failed(err: Exception) -> list[Effect]:
            if isinstance(err, Unreachable):
                self._go_offline()
                return self.session.on_unreachable("checkin")
            return self._refused(err)  # the session learns appointments_unavailable too

        self._background(
            lambda: self.client.check_in(effect.code, effect.identity),
            self.session.on_ticket,
            failed,
        )

    def _lookup(self, effect: LookupTicket) -> None:
        def failed(err: Exception) -> list[Effect]:
            if isinstance(err, Unreachable):
                return self.session.on_unreachable("place")
            return self._refused(err)

        self._background(lambda: self.client.ticket(effect.token), self.session.on_place, failed)

    def _find_held(self, effect: FindHeld) -> None:
        card = effect.identity

        def failed(err: Exception) -> list[Effect]:
            log.warning("the card holder's tickets cannot be looked up: %s", err)
            return self.session.on_held_failed(card, isinstance(err, Unreachable))

        self._background(
            lambda: self.client.held(card), lambda held: self.session.on_held(card, held), failed
        )

    def _add_phone(self, effect: AddPhone) -> None:
        def failed(err: Exception) -> list[Effect]:
            if isinstance(err, Unreachable):
                self._go_offline()
                return self.session.on_phone_unreachable()
            if isinstance(err, Refused):
                return self.session.on_phone_refused(err.code, Text(err.zh, err.en))
            log.error("the SMS reminder could not be set: %s", type(err).__name__)  # no number
            return self.session.on_phone_refused("unexpected", Text("", ""))

        self._background(
            lambda: self.client.add_phone(effect.token, effect.phone),
            self.session.on_phone_added,
            failed,
        )

    def _print_materials(self, effect: PrintMaterials) -> None:
        hall = self.session.state.hall

        def work() -> bool:
            reading = self.printer.check()
            if reading.can_print:
                self.printer.print_materials(effect.service, hall)
            return reading.can_print

        self._background(
            work,
            self.session.on_materials_printed,
            lambda _: self.session.on_materials_printed(False),
        )

    def _print(self, effect: PrintTicket) -> None:
        ticket, hall = effect.ticket, self.session.state.hall
        url = self.phone_url(ticket)

        how = Printing(effect.reprint, self._windows_for(ticket))

        def work() -> PrinterReading:
            reading = self.printer.print_ticket(ticket, hall, url, how)
            if reading.can_print:
                self.printed.emit(ticket)
            return reading

        def failed(err: Exception) -> list[Effect]:
            return self._printed(PrinterReading(False, "unknown", f"printing failed: {err}"))

        self._background(work, self._printed, failed)  # PrinterWatch reports the printer's state

    def _printed(self, reading: PrinterReading) -> list[Effect]:
        effects = self.session.on_printed(reading.can_print, reading.state, reading.detail)
        self.printer_watch.seen(reading)
        return [e for e in effects if not (isinstance(e, ReportFault) and e.device == "printer")]

    def _windows_for(self, ticket: Ticket) -> tuple[int, ...]:
        """The hall's windows serving the ticket's service (where to wait, on the paper)."""
        found = next((s for s in self.session.state.services if s.code == ticket.service), None)
        return found.windows if found else ()

    def _report_fault(self, effect: ReportFault) -> None:
        def failed(err: Exception) -> None:
            log.warning("device fault not reported yet (%s); will retry", err)
            self.faults_to_send.append(effect)

        self._background(
            lambda: self.client.report_fault(effect.device, effect.state, effect.message),
            lambda _: None,
            failed,
        )

    # -- idle -----------------------------------------------------------------------------------
    def tick(self) -> None:
        """Every second: the clock, and the idle question."""
        self.window.tick_clock(datetime.now(self.zone))
        state = self.session.state
        if state.screen == Screen.HOME and not state.holds_personal_data():
            self.window.idle.hide()
            return
        phase, left = self.idle.phase(self.clock() - self.last_touch)
        if phase is IdlePhase.ACTIVE:
            self.window.idle.hide()
        elif phase is IdlePhase.ASKING:
            self.window.idle.ask(Tr(state.language), left)
        else:
            log.info("idle: back home, personal data forgotten")
            self.window.idle.hide()
            self._home()
