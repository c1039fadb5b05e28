"""A virtual ESC/POS receipt printer on a pty: keeps what it was sent, answers DLE EOT."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from devices.printer.decode import escpos_text, split_receipts
from devices.sim.pty_device import PtyDevice

ONLINE, NEAR_END, PAPER_OUT = "ok", "near_end", "out"


class VirtualPrinter(PtyDevice):
    """Answers DLE EOT 1/2/4 from `paper` ("ok", "near_end", "out"), `cover_open`, `offline`
    and `silent`.

    Everything else it receives (status queries excluded) is appended to `.received`; each whole
    receipt (up to its cut) is also handed to `on_receipt`, on the device thread.
    """

    name = "printer"

    def __init__(
        self,
        paper: str = ONLINE,
        cover_open: bool = False,
        silent: bool = False,
        baudrate: int | None = None,
        link_dir: str | Path | None = None,
    ) -> None:
        super().__init__(baudrate=baudrate, link_dir=link_dir)
        self.paper = paper
        self.cover_open = cover_open
        self.silent = silent
        """When True the printer never answers status queries (like an unpowered printer)."""
        self.offline = False
        """When True it answers "offline" with no cover or paper cause (an error, a jam)."""
        self.on_receipt: Callable[[bytes], None] | None = None
        self._receipt = b""
        self._receipt_lock = threading.Lock()  # the pty thread collects, a console may flush
        self.queries: list[int] = []
        self._received = bytearray()
        self._pending = b""
        self._data_lock = threading.Lock()
        self._arrived = threading.Condition(self._data_lock)

    @property
    def received(self) -> bytes:
        with self._data_lock:
            return bytes(self._received)

    def received_text(self) -> str:
        """What it printed, as text (GB18030 decoded, commands skipped)."""
        return escpos_text(self.received)

    def clear(self) -> None:
        with self._data_lock:
            self._received.clear()

    def wait_for(self, size: int, timeout: float = 2.0) -> bool:
        """Block until at least `size` bytes were received (True) or `timeout` passed."""
        with self._arrived:
            return self._arrived.wait_for(lambda: len(self._received) >= size, timeout)

    def status_byte(self, query: int) -> int:
        """The reply to DLE EOT `query` for the current state."""
        offline = self.offline or self.cover_open or self.paper == PAPER_OUT
        if query == 1:
            return 0x12 | (0x08 if offline else 0)
        if query == 2:
            return (
                0x12 | (0x04 if self.cover_open else 0) | (0x20 if self.paper == PAPER_OUT else 0)
            )
        if query == 4:
            paper = {PAPER_OUT: 0x60, NEAR_END: 0x0C}.get(self.paper, 0)
            return 0x12 | paper
        return 0x12

    def on_bytes(self, data: bytes) -> None:
        data = self._pending + data
        self._pending = b""
        printable = bytearray()
        index = 0
        while index < len(data):
            if data[index : index + 2] == b"\x10\x04":
                if index + 2 >= len(data):
                    self._pending = data[index:]
                    break
                self._answer(data[index + 2])
                index += 3
                continue
            printable.append(data[index])
            index += 1
        with self._arrived:
            self._received.extend(printable)
            self._arrived.notify_all()
        self._collect(bytes(printable))

    def _collect(self, printable: bytes) -> None:
        if self.on_receipt is None:
            return
        with self._receipt_lock:
            receipts, self._receipt = split_receipts(self._receipt + printable)
            for receipt in receipts:
                self.on_receipt(receipt)

    def flush_receipt(self) -> bytes:
        """Hand what arrived since the last whole receipt to `on_receipt` (a printer without a
        cutter never says where a receipt ends); returns it."""
        with self._receipt_lock:
            rest, self._receipt = self._receipt, b""
            if rest and self.on_receipt is not None:
                self.on_receipt(rest)
        return rest

    def _answer(self, query: int) -> None:
        self.queries.append(query)
        if not self.silent:
            self.send(bytes([self.status_byte(query)]))
