"""Second-generation resident ID card reader (SAM module over a serial port)."""

from __future__ import annotations

import serial

from devices.idcard.poller import CardPoller
from devices.idcard.reader import IdCardReader
from devices.idcard.text import IdCard, build_text_block, parse_text_block
from devices.ports import open_serial

__all__ = [
    "CardPoller",
    "IdCard",
    "IdCardReader",
    "build_text_block",
    "open_port",
    "parse_text_block",
]


def open_port(url: str, baudrate: int = 115200) -> serial.SerialBase:
    """Open the reader's port from a URL or device path (raises PortError)."""
    return open_serial(url, baudrate=baudrate)
