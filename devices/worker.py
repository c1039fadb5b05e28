"""Background threads that own a device: start/stop, port reopening with backoff, error reports.

`DeviceWorker` owns the thread and reports each error message once until it changes or a success
clears it. `PortWorker` adds the loop the readers share: open a serial port with `open_port`,
work on it until it fails, close it, reopen; failed opens wait a pause that doubles up to
`max_backoff`. Callbacks run on the worker thread (a Qt caller must hand them to the GUI thread).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import ClassVar, Self

import serial

from devices.errors import DeviceError, PortError
from devices.ports import PORT_FAILURES, close_quietly

log = logging.getLogger(__name__)

ErrorCallback = Callable[[DeviceError], None]


class DeviceWorker:
    """A daemon thread running `_run` until `stop()`; usable as a context manager."""

    thread_name: ClassVar[str] = "device-worker"
    label: ClassVar[str] = "device"
    """Names the device in log lines and open errors ("scanner", "ID card reader")."""

    def __init__(self, on_error: ErrorCallback | None = None) -> None:
        self.on_error = on_error
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_error = ""

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start the daemon thread (returns at once; does nothing while it runs)."""
        if self.running:
            return
        self._stop.clear()
        self._last_error = ""  # a new run reports its first error even if the last run ended on it
        self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Ask the thread to end and wait for it at most `timeout` seconds."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._thread = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _run(self) -> None:
        raise NotImplementedError

    def _report(self, err: DeviceError) -> None:
        """Log `err` and pass it to `on_error`, unless it repeats the last message."""
        text = str(err)
        if text == self._last_error:
            return
        self._last_error = text
        log.warning("%s: %s", self.label, text)
        if self.on_error is None:
            return
        try:
            self.on_error(err)
        except Exception:  # a faulty callback must not end the thread
            log.exception("on_error callback failed")

    def _clear_error(self) -> None:
        """After a success the same error is news again."""
        self._last_error = ""


class PortWorker(DeviceWorker):
    """Keeps a serial port open and calls `_work(port)` on it; subclasses implement `_work`."""

    def __init__(
        self,
        open_port: Callable[[], serial.SerialBase],
        on_error: ErrorCallback | None,
        initial_backoff: float,
        max_backoff: float,
    ) -> None:
        super().__init__(on_error)
        self.open_port = open_port
        self.initial_backoff = initial_backoff
        self.max_backoff = max_backoff

    def _run(self) -> None:
        backoff = self.initial_backoff
        while not self._stop.is_set():
            port = self._open()
            if port is None:
                self._stop.wait(backoff)
                backoff = min(backoff * 2, self.max_backoff)
                continue
            backoff = self.initial_backoff
            try:
                self._work(port)
            finally:
                close_quietly(port)

    def _open(self) -> serial.SerialBase | None:
        try:
            return self.open_port()
        except DeviceError as err:
            self._report(err)
        except PORT_FAILURES as err:
            self._report(PortError(f"cannot open {self.label} port: {err}"))
        return None

    def _work(self, port: serial.SerialBase) -> None:
        """Use the open `port` until stopped or it fails (it is closed afterwards)."""
        raise NotImplementedError
