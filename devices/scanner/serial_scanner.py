"""A serial (RS-232 / USB-CDC) QR scanner read by a thread that reopens a vanished port."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import serial

from devices.errors import DeviceError, PortError, ScanError
from devices.ports import PORT_FAILURES, port_name
from devices.scanner.framer import DEFAULT_SILENCE_S, ScanFramer
from devices.worker import PortWorker

log = logging.getLogger(__name__)

READ_SLICE_S = 0.01


class SerialScanner(PortWorker):
    """Calls `on_code(text)` for every scanned code (on the scanner thread)."""

    thread_name = "serial-scanner"
    label = "scanner"

    def __init__(
        self,
        open_port: Callable[[], serial.SerialBase],
        on_code: Callable[[str], None],
        on_error: Callable[[DeviceError], None] | None = None,
        terminator: bytes | None = None,
        silence_s: float | None = DEFAULT_SILENCE_S,
        max_backoff: float = 5.0,
    ) -> None:
        super().__init__(open_port, on_error, initial_backoff=0.1, max_backoff=max_backoff)
        self.on_code = on_code
        self.terminator = terminator
        self.silence_s = silence_s

    def _work(self, port: serial.SerialBase) -> None:
        framer = ScanFramer(self.terminator, self.silence_s)
        where = port_name(port)
        try:
            port.timeout = READ_SLICE_S
        except PORT_FAILURES as err:
            self._report(PortError(f"cannot configure scanner port {where}: {err}"))
            return
        while not self._stop.is_set():
            try:
                data = port.read(max(1, port.in_waiting))
            except PORT_FAILURES as err:
                self._report(ScanError(f"scanner on {where} failed: {err}"))
                for code in framer.flush():
                    self._deliver(code)
                return
            self._clear_error()
            for code in framer.feed(data, time.monotonic()):
                self._deliver(code)

    def _deliver(self, code: str) -> None:
        try:
            self.on_code(code)
        except Exception:
            log.exception("on_code callback failed")
