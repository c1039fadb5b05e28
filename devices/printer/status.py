"""Printer state from DLE EOT (10 04 n) replies: pure decoders, no I/O.

Each reply is one byte whose fixed bits are 0 (bits 0, 7) and 1 (bits 1, 4); anything else (for
example an echo of the query) is not a status reply. No reply at all is UNKNOWN, never ONLINE.
"""

from __future__ import annotations

import enum

DLE_EOT_PRINTER = b"\x10\x04\x01"
DLE_EOT_OFFLINE_CAUSE = b"\x10\x04\x02"
DLE_EOT_PAPER = b"\x10\x04\x04"

FIXED_MASK = 0x93
FIXED_VALUE = 0x12
OFFLINE_BIT = 0x08  # n=1
COVER_OPEN_BIT = 0x04  # n=2
PAPER_END_STOP_BIT = 0x20  # n=2
ERROR_BIT = 0x40  # n=2
PAPER_NEAR_END_BITS = 0x0C  # n=4
PAPER_OUT_BITS = 0x60  # n=4


class PrinterStatus(enum.Enum):
    """What the kiosk needs to know before printing."""

    ONLINE = "online"
    PAPER_NEAR_END = "paper_near_end"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    UNKNOWN = "unknown"
    """No (valid) answer: treat as offline."""
    CANNOT_TELL = "cannot_tell"
    """Transport cannot read status (file, dummy): print and hope."""

    @property
    def can_print(self) -> bool:
        return self in (
            PrinterStatus.ONLINE,
            PrinterStatus.PAPER_NEAR_END,
            PrinterStatus.CANNOT_TELL,
        )

    @property
    def label_zh(self) -> str:
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _LABELS[self][1]

    def __str__(self) -> str:
        return f"{self.label_zh} ({self.label_en})"


_LABELS = {
    PrinterStatus.ONLINE: ("正常", "online"),
    PrinterStatus.PAPER_NEAR_END: ("纸将用尽", "paper near end"),
    PrinterStatus.PAPER_OUT: ("缺纸", "paper out"),
    PrinterStatus.COVER_OPEN: ("纸仓盖未关", "cover open"),
    PrinterStatus.OFFLINE: ("脱机", "offline"),
    PrinterStatus.UNKNOWN: ("无应答", "no answer (unknown, treated as offline)"),
    PrinterStatus.CANNOT_TELL: ("无法查询", "cannot tell (transport has no status)"),
}


def is_status_byte(reply: bytes) -> bool:
    """True for exactly one byte with the DLE EOT fixed bits."""
    return len(reply) == 1 and reply[0] & FIXED_MASK == FIXED_VALUE


def decode_printer(reply: bytes) -> bool | None:
    """n=1: True online, False offline, None for no/invalid reply."""
    if not is_status_byte(reply):
        return None
    return not reply[0] & OFFLINE_BIT


def decode_offline_cause(reply: bytes) -> PrinterStatus:
    """n=2: why the printer is offline."""
    if not is_status_byte(reply):
        return PrinterStatus.UNKNOWN
    byte = reply[0]
    if byte & COVER_OPEN_BIT:
        return PrinterStatus.COVER_OPEN
    if byte & PAPER_END_STOP_BIT:
        return PrinterStatus.PAPER_OUT
    return PrinterStatus.OFFLINE


def decode_paper(reply: bytes) -> PrinterStatus:
    """n=4: paper sensor (out beats near end)."""
    if not is_status_byte(reply):
        return PrinterStatus.UNKNOWN
    byte = reply[0]
    if byte & PAPER_OUT_BITS:
        return PrinterStatus.PAPER_OUT
    if byte & PAPER_NEAR_END_BITS:
        return PrinterStatus.PAPER_NEAR_END
    return PrinterStatus.ONLINE


def combine(printer: bytes, offline_cause: bytes | None, paper: bytes | None) -> PrinterStatus:
    """One status from the three replies (offline cause only asked when offline)."""
    online = decode_printer(printer)
    if online is None:
        return PrinterStatus.UNKNOWN
    if not online:
        return (
            decode_offline_cause(offline_cause or b"") if offline_cause else PrinterStatus.OFFLINE
        )
    return decode_paper(paper or b"")
