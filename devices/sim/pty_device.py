"""A device played by a thread on the master side of a pseudo-terminal; clients open `.port`.

`.port` is a symlink to the current pty, like /dev/serial/by-id/...: it stays the same when the
device disappears (unplug) and reappears on a new pty.
"""

from __future__ import annotations

import logging
import os
import select
import shutil
import tempfile
import threading
import time
import tty
from pathlib import Path
from typing import Self

log = logging.getLogger(__name__)

POLL_S = 0.02


class PtyDevice:
    """Base of the virtual devices: subclasses implement `on_bytes` and call `send`."""

    name = "device"

    def __init__(self, baudrate: int | None = None, link_dir: str | Path | None = None) -> None:
        self.baudrate = baudrate
        """When set, answers are paced at this baud rate (10 bits per byte) like a real wire."""
        self._own_dir = link_dir is None
        self._dir = Path(link_dir) if link_dir else Path(tempfile.mkdtemp(prefix="hall-sim-"))
        self._link = self._dir / f"{self.name}-{id(self):x}"
        self._master: int | None = None
        self._slave: int | None = None
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> str:
        """Stable path to open with pyserial (a symlink to the current pty)."""
        return str(self._link)

    @property
    def pty_path(self) -> str | None:
        """The current pty device path, or None while the device is unplugged."""
        with self._lock:
            return os.ttyname(self._slave) if self._slave is not None else None

    @property
    def plugged_in(self) -> bool:
        return self._master is not None

    def start(self) -> Self:
        """Create the pty and start answering."""
        self._stop.clear()
        self.reappear()
        self._thread = threading.Thread(target=self._run, name=f"sim-{self.name}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop the thread and remove the pty and its link."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2.0)
            self._thread = None
        self.disappear()
        if self._own_dir:
            shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def disappear(self, for_s: float | None = None) -> None:
        """Unplug: close the pty (clients get I/O errors) and remove the link; with `for_s`,
        plug in again on a new pty after that many seconds."""
        if for_s is not None:
            timer = threading.Timer(for_s, self._reappear_if_running)
            timer.daemon = True
            timer.start()
        with self._lock:
            for fd in (self._master, self._slave):
                if fd is not None:
                    os.close(fd)
            self._master = self._slave = None
            self._link.unlink(missing_ok=True)

    def _reappear_if_running(self) -> None:
        if not self._stop.is_set():
            self.reappear()

    def reappear(self) -> None:
        """Plug in again on a fresh pty behind the same `.port` link."""
        with self._lock:
            if self._master is not None:
                return
            master, slave = os.openpty()
            tty.setraw(master)
            tty.setraw(slave)
            self._master, self._slave = master, slave
            self._link.unlink(missing_ok=True)
            self._link.symlink_to(os.ttyname(slave))

    def send(self, data: bytes) -> None:
        """Write to the client, paced at `baudrate` when set."""
        chunk = 64 if self.baudrate else len(data) or 1
        started = time.perf_counter()
        for offset in range(0, len(data), chunk):
            part = data[offset : offset + chunk]
            if self.baudrate:
                due = started + (offset + len(part)) * 10 / self.baudrate
                time.sleep(max(0.0, due - time.perf_counter()))
            with self._lock:
                if self._master is None:
                    return
                try:
                    os.write(self._master, part)
                except OSError as err:
                    log.debug("%s: write failed: %s", self.name, err)
                    return

    def on_bytes(self, data: bytes) -> None:
        """Handle bytes written by the client (override)."""

    def _run(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                master = self._master
            if master is None:
                self._stop.wait(POLL_S)
                continue
            data = self._read_master(master)
            if data:
                try:
                    self.on_bytes(data)
                except Exception:
                    log.exception("%s: handling %d bytes failed", self.name, len(data))

    def _read_master(self, master: int) -> bytes:
        try:
            ready, _, _ = select.select([master], [], [], POLL_S)
            if not ready:
                return b""
            with self._lock:
                if self._master != master:
                    return b""
                return os.read(master, 4096)
        except (OSError, ValueError):
            self._stop.wait(POLL_S)
            return b""
