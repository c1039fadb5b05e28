"""Opening serial ports from URLs (device path, pty, `loop://`, `spy://...`) with clear errors."""

from __future__ import annotations

import logging
import termios

import serial
from serial.tools import list_ports

from devices.errors import PortError

log = logging.getLogger(__name__)

PORT_FAILURES: tuple[type[BaseException], ...] = (serial.SerialException, OSError, termios.error)
"""What a vanishing port can raise from pyserial calls (termios.error is not an OSError)."""


def open_serial(url: str, baudrate: int = 115200, timeout: float = 0.05) -> serial.SerialBase:
    """Open `url` with serial_for_url (exclusive where the platform supports it)."""
    try:
        return serial.serial_for_url(url, baudrate=baudrate, timeout=timeout, exclusive=True)
    except ValueError as err:
        raise PortError(f"cannot open serial port {url!r}: {err}") from err
    except PORT_FAILURES as err:
        raise PortError(f"cannot open serial port {url!r}: {_reason(err)}") from err


def _reason(err: BaseException) -> str:
    text = str(err)
    if "exclusively lock" in text or "Resource temporarily unavailable" in text:
        return "port is busy (used by another program)"
    if "No such file" in text or "Errno 2" in text:
        return "no such port (unplugged or wrong name)"
    if "Permission denied" in text:
        return "permission denied (add the user to the dialout group)"
    return text


def port_name(port: serial.SerialBase) -> str:
    """A printable name for messages."""
    return str(getattr(port, "portstr", None) or getattr(port, "port", None) or "serial port")


def available_ports() -> list[tuple[str, str]]:
    """(device, description) of the serial ports the OS reports."""
    return [(info.device, info.description) for info in list_ports.comports()]


def close_quietly(port: serial.SerialBase | None) -> None:
    """Close a port that may already be gone."""
    if port is None:
        return
    try:
        port.close()
    except PORT_FAILURES as err:
        log.debug("closing %s: %s", port_name(port), err)
