"""Background polling of the ID card reader for the kiosk: one report per card placement."""

from __future__ import annotations

import logging
from collections.abc import Callable

import serial

from devices.errors import DeviceError, PortError
from devices.idcard.reader import IdCardReader
from devices.idcard.text import IdCard
from devices.worker import PortWorker

log = logging.getLogger(__name__)


class PlacementTracker:
    """Pure de-duplication: a card is reported once while it stays, again after it was lifted.

    A real SAM answers "no card" after a successful read even while the card stays on the reader,
    so a new read after "no card" answers can only come from a card placed again: report it.
    """

    def __init__(self, lift_after: int = 2) -> None:
        self.lift_after = lift_after
        self._current: str | None = None
        self._empty_polls = 0

    def seen(self, card: IdCard | None) -> bool:
        """Record one poll result; True when `card` should be reported."""
        if card is None:
            self._empty_polls += 1
            if self._empty_polls >= self.lift_after:
                self._current = None
            return False
        self._empty_polls = 0
        if card.id_number == self._current:
            return False
        self._current = card.id_number
        return True


class CardPoller(PortWorker):
    """A thread that polls the reader and calls `on_card` once per placement.

    Callbacks run on the poller thread (a Qt caller must hand them to the GUI thread). Garbage,
    partial frames and timeouts are reported to `on_error` and polling goes on; a vanished port is
    closed and reopened with `open_port` after a growing pause (up to `max_backoff` seconds).
    """

    thread_name = "id-card-poller"
    label = "ID card reader"

    def __init__(
        self,
        open_port: Callable[[], serial.SerialBase],
        on_card: Callable[[IdCard], None],
        on_error: Callable[[DeviceError], None] | None = None,
        interval: float = 0.3,
        read_timeout: float = 1.0,
        max_backoff: float = 5.0,
        fingerprint: bool = False,
    ) -> None:
        super().__init__(open_port, on_error, initial_backoff=interval, max_backoff=max_backoff)
        self.on_card = on_card
        self.interval = interval
        self.read_timeout = read_timeout
        self.fingerprint = fingerprint
        self.tracker = PlacementTracker()

    def _work(self, port: serial.SerialBase) -> None:
        """Poll one open port until stopped or the port fails."""
        try:
            reader = IdCardReader(port, timeout=self.read_timeout, fingerprint=self.fingerprint)
        except PortError as err:
            self._report(err)
            return
        while not self._stop.is_set():
            try:
                card = reader.read_card()
            except PortError as err:
                self._report(err)
                return
            except DeviceError as err:
                self._report(err)
            else:
                self._clear_error()
                if self.tracker.seen(card) and card is not None:
                    self._deliver(card)
            self._stop.wait(self.interval)

    def _deliver(self, card: IdCard) -> None:
        try:
            self.on_card(card)
        except Exception:  # a faulty callback must not end polling
            log.exception("on_card callback failed")
