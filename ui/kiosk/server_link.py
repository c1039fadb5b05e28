"""The kiosk controller's link to the server: load and refresh the hall, go offline, come back
and hand over the journal's tickets (a part of KioskController, kept apart for its size)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from kiosk.effects import Effect, ReportFault
from kiosk.journal import OfflineJournal
from kiosk.offline import OfflineDesk
from kiosk.session import Screen, Session
from queue_server.client.errors import Refused, Unreachable
from queue_server.client.kiosk import KioskClient
from queue_server.client.models import Hall, Service
from ui.common.tasks import Background
from ui.kiosk.live import apply_waiting, takes_appointments
from ui.kiosk.window import KioskWindow

log = logging.getLogger(__name__)

_SHOWS_QUEUES = {Screen.HOME, Screen.CATEGORIES, Screen.SERVICES}


class ServerLink:
    """The refresh, offline and hand-over half of KioskController (which sets these)."""

    client: KioskClient
    journal: OfflineJournal
    offline: OfflineDesk
    session: Session
    window: KioskWindow
    background: Background
    pending: int
    stopped: bool
    handing_over: bool
    faults_to_send: list[ReportFault]

    def render(self) -> None: ...

    def _background(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], list[Effect] | None],
        on_error: Callable[[Exception], list[Effect] | None],
    ) -> None: ...

    def _report_fault(self, effect: ReportFault) -> None: ...

    def _load_cached(self) -> None:
        hall, services = self.journal.recall("hall"), self.journal.recall("services")
        if hall:
            self.session.on_hall(Hall.from_json(hall))
        if services:
            self.session.on_services([Service.from_json(item) for item in services])

    def refresh(self) -> None:
        """Fetch the hall and its services; when offline, try to come back first."""
        if not self.session.state.online:
            self.reconnect()
            return
        if self.journal.pending():
            self.reconnect()  # a hand-over the server refused earlier: try again
        if self.session.state.appointments is None:  # once: does the server take appointments yet?
            learn = self._appointments_known
            self._background(lambda: takes_appointments(self.client), learn, lambda err: None)

        def work() -> tuple[dict[str, Any], list[dict[str, Any]]]:
            return self.client.hall_json(), self.client.services_json()

        self.pending += 1

        def settled(handler: Callable[[Any], None]) -> Callable[[Any], None]:
            def deliver(value: Any) -> None:
                self.pending -= 1
                if not self.stopped:
                    handler(value)

            return deliver

        self.background.run(work, settled(self._refreshed), settled(self._refresh_failed))

    def _appointments_known(self, available: bool) -> None:
        """The probe's answer: the home tile shows it, a home swipe checks in."""
        self.session.on_appointments(available)
        if not available and self.session.state.screen == Screen.HOME:
            self.render()  # the slim "not yet available" tile (unknown shows the real one)

    def _refreshed(self, result: tuple[dict[str, Any], list[dict[str, Any]]]) -> None:
        hall, services = result
        self.journal.remember("hall", hall)
        self.journal.remember("services", services)
        self.session.on_hall(Hall.from_json(hall))
        self.session.on_services([Service.from_json(item) for item in services])
        if self.session.state.screen in _SHOWS_QUEUES:
            self.render()
        if not self.offline.seal_key_fresh:
            # boxed, as in `_background`: a bare None through a queued signal crashes PySide6
            self.background.run(lambda: (self.offline.learn_seal_key(self.client.seal_key),))

    def on_waiting(self, counts: dict[str, int]) -> None:
        """An event's waiting counts: the home screen's line follows at once, in place."""
        apply_waiting(self.session, counts)
        self.window.update_home_status(self.session.state)

    def _refresh_failed(self, err: Exception) -> None:
        log.warning("cannot refresh the hall: %s", err)
        if isinstance(err, Unreachable):
            self._go_offline()

    def _go_offline(self) -> None:
        if self.session.state.online:
            log.warning("server %s unreachable: the kiosk is offline", self.client.server)
        self.offline.seal_key_fresh = False  # the server may come back with another key file
        self.session.set_online(False)
        self.window.update_banner(self.session.state)

    def reconnect(self) -> None:
        """Check the server; hand over the offline tickets in issue order; then go online."""
        if self.handing_over:
            return
        self.handing_over = True

        def work() -> int:
            self.client.health()
            try:
                return self.offline.hand_over(self.client.hand_over)
            except Refused as err:  # the server is up but will not take them (yet)
                log.error("offline tickets not handed over, kept for a retry: %s", err)
                return 0

        def done(handed: int) -> None:
            self.handing_over = False
            log.info("server back: %d offline tickets handed over", handed)
            self.session.set_online(True)
            self.window.update_banner(self.session.state)
            for fault in self._take_faults():
                self._report_fault(fault)
            self.refresh()

        def failed(err: Exception) -> None:
            self.handing_over = False
            log.info("still offline: %s", err)
            self._go_offline()

        self._background(work, done, failed)

    def _take_faults(self) -> list[ReportFault]:
        faults, self.faults_to_send = self.faults_to_send, []
        return faults
