"""Byte transports to a receipt printer: they only move bytes (rendering lives elsewhere)."""

from __future__ import annotations

import importlib.util
import logging
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypeVar

import serial

from devices.errors import PortError, PrinterError
from devices.ports import PORT_FAILURES, close_quietly, port_name

log = logging.getLogger(__name__)
T = TypeVar("T")


class Transport(Protocol):
    """What a ReceiptPrinter needs from the connection."""

    name: str
    can_read: bool

    def write(self, data: bytes) -> None: ...

    def read(self, size: int, timeout: float) -> bytes: ...

    def discard_input(self) -> None: ...

    def close(self) -> None: ...


class SerialTransport:
    """A pyserial port (real, pty or URL) given by the caller."""

    can_read = True

    def __init__(self, port: serial.SerialBase) -> None:
        self.port = port
        self.name = port_name(port)

    def write(self, data: bytes) -> None:
        try:
            self.port.write(data)
            self.port.flush()
        except PORT_FAILURES as err:
            raise PortError(f"printer on {self.name}: write failed: {err}") from err

    def read(self, size: int, timeout: float) -> bytes:
        deadline = time.monotonic() + timeout
        data = b""
        try:
            self.port.timeout = min(timeout, 0.02)
            while len(data) < size and time.monotonic() < deadline:
                data += self.port.read(size - len(data))
        except PORT_FAILURES as err:
            raise PortError(f"printer on {self.name}: read failed: {err}") from err
        return data

    def discard_input(self) -> None:
        try:
            self.port.reset_input_buffer()
        except PORT_FAILURES as err:
            raise PortError(f"printer on {self.name}: {err}") from err

    def close(self) -> None:
        close_quietly(self.port)


class NetworkTransport:
    """Raw TCP (port 9100 'JetDirect')."""

    can_read = True

    def __init__(self, host: str, port: int = 9100, timeout: float = 3.0) -> None:
        self.name = f"{host}:{port}"
        try:
            self.sock = socket.create_connection((host, port), timeout=timeout)
        except OSError as err:
            raise PortError(f"cannot connect to printer at {self.name}: {err}") from err

    def write(self, data: bytes) -> None:
        try:
            self.sock.sendall(data)
        except OSError as err:
            raise PortError(f"printer at {self.name}: send failed: {err}") from err

    def read(self, size: int, timeout: float) -> bytes:
        self.sock.settimeout(timeout)
        try:
            data = self.sock.recv(size)
        except TimeoutError:
            return b""
        except OSError as err:
            raise PortError(f"printer at {self.name}: receive failed: {err}") from err
        if size and not data:  # not a timeout: the printer closed (switched off and on)
            raise PortError(f"printer at {self.name}: connection closed by the printer")
        return data

    def discard_input(self) -> None:
        self.sock.settimeout(0)
        try:
            while self.sock.recv(4096):
                pass
        except OSError:
            pass

    def close(self) -> None:
        self.sock.close()


class _WriteOnlyTransport:
    """What transports that cannot read status share: nothing to read, discard or close."""

    can_read = False

    def read(self, size: int, timeout: float) -> bytes:
        return b""

    def discard_input(self) -> None:
        pass

    def close(self) -> None:
        pass


class FileTransport(_WriteOnlyTransport):
    """Appends to a file or device node (e.g. /dev/usb/lp0); cannot read status."""

    def __init__(self, path: str) -> None:
        self.name = path
        self.path = Path(path)

    def write(self, data: bytes) -> None:
        try:
            with self.path.open("ab") as handle:
                handle.write(data)
        except OSError as err:
            raise PortError(f"cannot write printer file {self.path}: {err}") from err


class DummyTransport(_WriteOnlyTransport):
    """Keeps everything in `.output` (tests, demos); cannot read status."""

    def __init__(self) -> None:
        self.name = "dummy"
        self.output = b""

    def write(self, data: bytes) -> None:
        self.output += data


class UsbTransport:
    """USB printer class device through python-escpos's Usb (needs pyusb)."""

    can_read = True

    def __init__(self, vendor_id: int, product_id: int) -> None:
        self.name = f"usb:{vendor_id:04x}:{product_id:04x}"
        if importlib.util.find_spec("usb") is None:
            raise PrinterError(f"printer {self.name} needs pyusb (pip install pyusb)")
        from escpos.printer import Usb

        self.device = Usb(vendor_id, product_id)
        try:
            self.device.open()
        except Exception as err:  # escpos raises its own USBNotFoundError and usb errors
            self.device.device = None  # so escpos's __del__ has nothing to close
            raise PortError(f"cannot open printer {self.name}: {err}") from err

    def write(self, data: bytes) -> None:
        try:
            self.device._raw(data)
        except Exception as err:
            raise PortError(f"printer {self.name}: write failed: {err}") from err

    def read(self, size: int, timeout: float) -> bytes:
        try:
            return bytes(self.device._read())[:size]
        except Exception as err:
            log.debug("printer %s: read failed: %s", self.name, err)
            return b""

    def discard_input(self) -> None:
        pass

    def close(self) -> None:
        try:
            self.device.close()
        except Exception as err:
            log.debug("closing %s: %s", self.name, err)


class ReopeningTransport:
    """A transport that survives unplugging: after an I/O failure it closes the connection and
    the next call opens a new one (a replugged USB or serial printer is a new device)."""

    def __init__(self, opener: Callable[[], Transport], name: str, can_read: bool = True) -> None:
        self.opener = opener
        self.name = name
        self.can_read = can_read
        self.current: Transport | None = None
        self.reopened = 0
        """How many times a lost connection was opened again (diagnostics, tests)."""
        self._lost = False

    def open(self) -> Transport:
        """The open connection, opening one if there is none (PortError if it cannot)."""
        if self.current is None:
            self.current = self.opener()
        return self.current

    def _call(self, action: Callable[[Transport], T]) -> T:
        transport = self.open()
        if self._lost:
            self._lost = False
            self.reopened += 1
            log.info("printer %s: connection opened again", self.name)
        try:
            return action(transport)
        except PortError as err:
            log.warning("printer %s: %s; it will be opened again", self.name, err)
            self.close()  # the next call starts on a fresh connection
            self._lost = True
            raise

    def write(self, data: bytes) -> None:
        self._call(lambda transport: transport.write(data))

    def read(self, size: int, timeout: float) -> bytes:
        return self._call(lambda transport: transport.read(size, timeout))

    def discard_input(self) -> None:
        self._call(lambda transport: transport.discard_input())

    def close(self) -> None:
        transport, self.current = self.current, None
        if transport is not None:
            transport.close()
