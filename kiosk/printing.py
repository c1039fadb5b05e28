"""The receipt printer as the controller uses it: check the status, then print the ticket."""

from __future__ import annotations

import logging
import time
from datetime import datetime, tzinfo
from typing import Protocol

import devices.printer.escpos_render  # noqa: F401 (see below)
from devices.errors import DeviceError
from devices.printer import PrinterStatus, ReceiptPrinter, open_printer
from kiosk import KioskError
from kiosk.config import DeviceConfig
from kiosk.receipt import FIRST_PRINT, Printing, materials_lines, receipt_for
from queue_server.client.models import Hall, Service, Ticket

log = logging.getLogger(__name__)
# The renderer (python-escpos, yaml) is imported here, on the GUI thread, at start-up: imported
# lazily on a worker thread while Qt runs, the Qt binding's import hook crashed the process
# ("none_dealloc") on Python 3.11; and the first ticket would pay for the import.

FAULT_STATES = {
    PrinterStatus.PAPER_OUT: "paper_out",
    PrinterStatus.COVER_OPEN: "cover_open",
    PrinterStatus.OFFLINE: "offline",
    PrinterStatus.UNKNOWN: "unknown",
}


class TicketPrinter(Protocol):
    """What the controller needs from the receipt printer (see kiosk.printing)."""

    def check(self) -> tuple[bool, str, str]:
        """(can print, state code for a fault report, detail)."""
        ...

    def print_ticket(
        self, ticket: Ticket, hall: Hall | None, phone_url: str | None, how: Printing = FIRST_PRINT
    ) -> None: ...

    def print_materials(self, service: Service, hall: Hall | None) -> None:
        """The service's materials list (一次告知)."""
        ...


class PrinterUnavailable(KioskError):
    """The configured printer cannot be opened."""


class DevicePrinter:
    """A devices.printer ReceiptPrinter: one status check, then the receipt bytes."""

    def __init__(self, printer: ReceiptPrinter, zone: tzinfo) -> None:
        self.printer = printer
        self.zone = zone  # the hall's clock, for the time printed on the receipt
        self.last_sent_at: float | None = None  # perf_counter when the last bytes left

    @property
    def simulator(self) -> object | None:
        """The VirtualPrinter behind a `sim` spec (demo, tests), else None."""
        return getattr(self.printer.transport, "simulator", None)

    def check(self) -> tuple[bool, str, str]:
        status = self.printer.status()
        return status.can_print, FAULT_STATES.get(status, "ok"), f"{self.printer.name}: {status}"

    def print_ticket(
        self, ticket: Ticket, hall: Hall | None, phone_url: str | None, how: Printing = FIRST_PRINT
    ) -> None:
        receipt = receipt_for(ticket, hall, phone_url, self.zone, datetime.now(self.zone), how)
        self.printer.print_receipt(receipt)
        self.last_sent_at = time.perf_counter()

    def print_materials(self, service: Service, hall: Hall | None) -> None:
        self.printer.print_document(materials_lines(service, hall, datetime.now(self.zone)))

    def close(self) -> None:
        self.printer.close()


def open_ticket_printer(config: DeviceConfig, zone: tzinfo) -> DevicePrinter:
    """The printer named by the configuration; the kiosk checks status itself before printing."""
    profile = "generic-58" if config.paper_width_mm == 58 else "generic-80"
    try:
        return DevicePrinter(open_printer(config.printer, profile, check_status=False), zone)
    except DeviceError as err:
        raise PrinterUnavailable(f"printer '{config.printer}' in [devices]: {err}") from err
