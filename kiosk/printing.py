"""The receipt printer as the controller uses it: check the status, then print the ticket."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Protocol

import devices.printer.escpos_render  # noqa: F401 (see below)
from devices.errors import DeviceError
from devices.printer import PrinterStatus, ReceiptPrinter, open_printer
from kiosk import KioskError
from kiosk.config import DeviceConfig
from kiosk.effects import ReportFault
from kiosk.receipt import FIRST_PRINT, Printing, materials_lines, receipt_for
from queue_server.client.models import Hall, Service, Ticket

log = logging.getLogger(__name__)
# The renderer (python-escpos, yaml) is imported here, on the GUI thread, at start-up: imported
# lazily on a worker thread while Qt runs, the Qt binding's import hook crashed the process
# ("none_dealloc") on Python 3.11; and the first ticket would pay for the import.

FAULT_STATES = {
    PrinterStatus.PAPER_NEAR_END: "paper_near_end",
    PrinterStatus.PAPER_OUT: "paper_out",
    PrinterStatus.COVER_OPEN: "cover_open",
    PrinterStatus.OFFLINE: "offline",
    PrinterStatus.UNKNOWN: "unknown",
}
"""Printer states as the server's device-fault states (CONTRACT.md); anything else is "ok"."""


@dataclass(frozen=True)
class PrinterReading:
    """One look at the printer: can it print, its fault state ("ok" when fine), and why."""

    can_print: bool
    state: str
    detail: str


class PrinterHealth:
    """Remembers the printer's last state and says when it changed: each change is one fault
    report (a fault, paper near end, or "ok" when the printer is back), never one per ticket."""

    def __init__(self) -> None:
        self.last = PrinterReading(True, "ok", "")

    @property
    def available(self) -> bool:
        return self.last.can_print

    def observe(self, reading: PrinterReading) -> ReportFault | None:
        """The fault report for `reading` if the state changed, else None."""
        changed = reading.state != self.last.state
        self.last = reading
        if not changed:
            return None
        message = reading.detail if reading.state != "ok" else f"printer back: {reading.detail}"
        return ReportFault("printer", reading.state, message[:300])


class TicketPrinter(Protocol):
    """What the controller needs from the receipt printer (see kiosk.printing)."""

    def check(self) -> PrinterReading:
        """Ask the printer for its state (a periodic probe; reopens a lost connection)."""
        ...

    def print_ticket(
        self,
        ticket: Ticket,
        hall: Hall | None,
        phone_url: str | None,
        how: Printing = FIRST_PRINT,
    ) -> PrinterReading:
        """Check, then print when the printer can; the reading says what happened."""
        ...

    def print_materials(self, service: Service, hall: Hall | None) -> None:
        """The service's materials list (一次告知)."""
        ...


class PrinterUnavailable(KioskError):
    """The configured printer cannot be opened."""


class DevicePrinter:
    """A devices.printer ReceiptPrinter: one status check, then the receipt bytes. The probe and
    the prints run on different worker threads, so one lock keeps their bytes apart."""

    def __init__(self, printer: ReceiptPrinter, zone: tzinfo) -> None:
        self.printer = printer
        self.zone = zone  # the hall's clock, for the time printed on the receipt
        self.last_sent_at: float | None = None  # perf_counter when the last bytes left
        self._lock = threading.Lock()

    @property
    def simulator(self) -> object | None:
        """The VirtualPrinter behind a `sim` spec (demo, tests), else None."""
        return getattr(self.printer.transport, "simulator", None)

    def check(self) -> PrinterReading:
        with self._lock:
            return self._read_status()

    def _read_status(self) -> PrinterReading:
        status = self.printer.status()
        return PrinterReading(
            status.can_print, FAULT_STATES.get(status, "ok"), f"{self.printer.name}: {status}"
        )

    def print_ticket(
        self,
        ticket: Ticket,
        hall: Hall | None,
        phone_url: str | None,
        how: Printing = FIRST_PRINT,
    ) -> PrinterReading:
        receipt = receipt_for(ticket, hall, phone_url, self.zone, datetime.now(self.zone), how)
        with self._lock:
            reading = self._read_status()
            if not reading.can_print:
                return reading
            try:
                self.printer.print_receipt(receipt)
            except DeviceError as err:  # unplugged between the check and the print
                return PrinterReading(False, "offline", f"printing failed: {err}")
        self.last_sent_at = time.perf_counter()
        return reading

    def print_materials(self, service: Service, hall: Hall | None) -> None:
        lines = materials_lines(service, hall, datetime.now(self.zone))
        with self._lock:
            self.printer.print_document(lines)

    def close(self) -> None:
        self.printer.close()


def open_ticket_printer(config: DeviceConfig, zone: tzinfo) -> DevicePrinter:
    """The printer named by the configuration; the kiosk checks status itself before printing.
    A printer not plugged in yet is no error: the kiosk starts and says printing is unavailable."""
    profile = "generic-58" if config.paper_width_mm == 58 else "generic-80"
    try:
        printer = open_printer(config.printer, profile, check_status=False, wait_for_device=True)
        return DevicePrinter(printer, zone)
    except DeviceError as err:
        raise PrinterUnavailable(f"printer '{config.printer}' in [devices]: {err}") from err
