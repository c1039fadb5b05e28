"""QR / barcode scanners: serial scanners and keyboard-wedge detection."""

from __future__ import annotations

import serial

from devices.ports import open_serial
from devices.scanner.framer import ScanFramer, decode_payload
from devices.scanner.serial_scanner import SerialScanner
from devices.scanner.wedge import WedgeDetector

__all__ = ["ScanFramer", "SerialScanner", "WedgeDetector", "decode_payload", "open_port"]


def open_port(url: str, baudrate: int = 9600) -> serial.SerialBase:
    """Open a scanner port from a URL or device path (raises PortError)."""
    return open_serial(url, baudrate=baudrate)
