"""A serial (RS-232 / USB-CDC) QR scanner read by a thread that reopens a vanished port."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import serial

from devices.errors import DeviceError, PortError, ScanError
from devices.ports import PORT_FAILURES, close_quietly, port_name
from devices.scanner.framer import DEFAULT_SILENCE_S, ScanFramer

log = logging.getLogger(__name__)

READ_SLICE_S = 0.01


class SerialScanner:
    """Calls `on_code(text)` for every scanned code (on the scanner thread)."""

    def __init__(
        self,
        open_port: Callable[[], serial.SerialBase],
        on_code: Callable[[str], None],
        on_error: Callable[[DeviceError], None] | None = None,
        terminator: bytes | None = None,
        silence_s: float | None = DEFAULT_SILENCE_S,
        max_backoff: float = 5.0,
    ) -> None:
        self.open_port = open_port
        self.on_code = on_code
        self.on_error = on_error
        self.terminator = terminator
        self.silence_s = silence_s
        self.max_backoff = max_backoff
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_error = ""

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start reading in a daemon thread (returns at once)."""
        if self.running:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="serial-scanner", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._thread = None

    def __enter__(self) -> SerialScanner:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _run(self) -> None:
        backoff = 0.1
        while not self._stop.is_set():
            port = self._open()
            if port is None:
                self._stop.wait(backoff)
                backoff = min(backoff * 2, self.max_backoff)
                continue
            backoff = 0.1
            try:
                self._read_port(port)
            finally:
                close_quietly(port)

    def _open(self) -> serial.SerialBase | None:
        try:
            return self.open_port()
        except DeviceError as err:
            self._report(err)
        except PORT_FAILURES as err:
            self._report(PortError(f"cannot open scanner port: {err}"))
        return None

    def _read_port(self, port: serial.SerialBase) -> None:
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
            self._last_error = ""
            for code in framer.feed(data, time.monotonic()):
                self._deliver(code)

    def _deliver(self, code: str) -> None:
        try:
            self.on_code(code)
        except Exception:
            log.exception("on_code callback failed")

    def _report(self, err: DeviceError) -> None:
        if str(err) == self._last_error:
            return
        self._last_error = str(err)
        log.warning("scanner: %s", err)
        if self.on_error is not None:
            try:
                self.on_error(err)
            except Exception:
                log.exception("on_error callback failed")
