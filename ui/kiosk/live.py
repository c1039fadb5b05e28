"""The hall's live events on the kiosk: waiting counts the moment they change.

The poll stays as the fallback: when the stream drops, the kiosk polls at once and then on its
usual timer until the stream is back (it then replays what was missed).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from kiosk.queues import with_waiting
from kiosk.session import Session
from queue_server.client.errors import Refused
from queue_server.client.kiosk import KioskClient
from ui.common.events import EventStream

log = logging.getLogger(__name__)

READ_TIMEOUT = 40.0  # the server pings every 15 s: two missed pings mean the stream is gone
# a manager or admin changed what the kiosk shows (notices, hours, services, windows): reload
SETTINGS_EVENTS = frozenset({"hall.notices", "hall.changed", "window.changed", "window.closed"})


class WaitingFollower(QObject):
    """Calls `on_counts(waiting per service)` for every event; `on_drop()` once per drop, and
    `on_settings()` (the hall to load again) when the hall's settings changed."""

    def __init__(
        self,
        client: KioskClient,
        on_counts: Callable[[dict[str, int]], None],
        on_drop: Callable[[], None],
        parent: QObject | None = None,
        on_settings: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.on_counts = on_counts
        self.on_drop = on_drop
        self.on_settings = on_settings or on_drop
        self.live = False
        self.stream = EventStream(client.follow_events(read_timeout=READ_TIMEOUT), self)
        self.stream.received.connect(self._received)
        self.stream.connected.connect(self._connected)
        self.stream.disconnected.connect(self._disconnected)

    def start(self) -> None:
        self.stream.start()

    def stop(self) -> None:
        self.stream.stop()

    def _received(self, kind: str, data: dict[str, Any]) -> None:
        if kind in SETTINGS_EVENTS:
            self.on_settings()
        counts = data.get("waiting")
        if isinstance(counts, dict):
            self.on_counts({str(code): int(n) for code, n in counts.items()})

    def _connected(self) -> None:
        self.live = True

    def _disconnected(self, reason: str) -> None:
        if self.live:  # the first failure after a live stream; retries back off on their own
            log.info("hall events dropped (%s): polling until they are back", reason)
            self.live = False
            self.on_drop()


def apply_waiting(session: Session, counts: dict[str, int]) -> None:
    """Give the session's hall and services an event's waiting counts."""
    hall, services = with_waiting(session.state.hall, session.state.services, counts)
    if hall is not None:
        session.on_hall(hall)
    session.on_services(services)


def takes_appointments(client: KioskClient) -> bool:
    """Does the server take appointments yet? An empty check-in is answered 501
    `appointments_unavailable` until it does (CONTRACT.md); any other answer means it does."""
    try:
        client.check_in()
    except Refused as err:
        return err.code != "appointments_unavailable"
    return True
