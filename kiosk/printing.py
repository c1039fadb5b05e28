"""The receipt printer as the controller uses it: check the status, then print the ticket."""

from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import Protocol

import devices.printer.escpos_render  # noqa: F401 (see below)
from devices.errors import DeviceError
from devices.printer import PrinterStatus, Receipt, ReceiptPrinter, open_printer
from kiosk import KioskError
from kiosk.config import DeviceConfig
from kiosk.journal import HALL_TZ
from queue_server.client.models import Hall, Ticket
from ui.kiosk.strings import Tr

log = logging.getLogger(__name__)
# The renderer (python-escpos, yaml) is imported here, on the GUI thread, at start-up: imported
# lazily on a worker thread while Qt runs, PySide6's import hook crashed the process
# ("none_dealloc") on Python 3.11; and the first ticket would pay for the import.

FAULT_STATES = {
    PrinterStatus.PAPER_OUT: "paper_out",
    PrinterStatus.COVER_OPEN: "cover_open",
    PrinterStatus.OFFLINE: "offline",
    PrinterStatus.UNKNOWN: "unknown",
}
RECEIPT_NOTICES = ("receipt_appointments", "receipt_missed")


class TicketPrinter(Protocol):
    """What the controller needs from the receipt printer (see kiosk.printing)."""

    def check(self) -> tuple[bool, str, str]:
        """(can print, state code for a fault report, detail)."""
        ...

    def print_ticket(self, ticket: Ticket, hall: Hall | None, phone_url: str | None) -> None: ...


class PrinterUnavailable(KioskError):
    """The configured printer cannot be opened."""


def receipt_for(ticket: Ticket, hall: Hall | None, phone_url: str | None) -> Receipt:
    """What goes on paper for `ticket` (names already masked by the server)."""
    try:
        issued = datetime.fromisoformat(ticket.issued_at) if ticket.issued_at else None
    except ValueError:
        issued = None
    zh, en = Tr("zh"), Tr("en")
    keys = RECEIPT_NOTICES + (("receipt_offline",) if ticket.offline else ())
    notices = [f"{zh(key)} {en(key)}" for key in keys]
    return Receipt(
        hall_name=hall.name.zh if hall else "",
        hall_name_en=hall.name.en if hall else None,
        service_name=ticket.service_name.zh,
        service_name_en=ticket.service_name.en,
        number=ticket.number,
        ahead=ticket.ahead,
        eta_minutes=ticket.eta_minutes,
        window_area=ticket.window_label.zh if ticket.window_label else zh("receipt_area"),
        window_area_en=ticket.window_label.en if ticket.window_label else en("receipt_area"),
        issued_at=(issued or datetime.now(HALL_TZ)).astimezone(HALL_TZ),
        holder_masked=ticket.holder,
        qr_payload=phone_url,
        notices=notices,
    )


class DevicePrinter:
    """A devices.printer ReceiptPrinter: one status check, then the receipt bytes."""

    def __init__(self, printer: ReceiptPrinter) -> None:
        self.printer = printer
        self.last_sent_at: float | None = None  # perf_counter when the last bytes left

    @property
    def simulator(self) -> object | None:
        """The VirtualPrinter behind a `sim` spec (demo, tests), else None."""
        return getattr(self.printer.transport, "simulator", None)

    def check(self) -> tuple[bool, str, str]:
        status = self.printer.status()
        return status.can_print, FAULT_STATES.get(status, "ok"), f"{self.printer.name}: {status}"

    def print_ticket(self, ticket: Ticket, hall: Hall | None, phone_url: str | None) -> None:
        self.printer.print_receipt(receipt_for(ticket, hall, phone_url))
        self.last_sent_at = time.perf_counter()

    def close(self) -> None:
        self.printer.close()


def open_ticket_printer(config: DeviceConfig) -> DevicePrinter:
    """The printer named by the configuration; the kiosk checks status itself before printing."""
    profile = "generic-58" if config.paper_width_mm == 58 else "generic-80"
    try:
        return DevicePrinter(open_printer(config.printer, profile, check_status=False))
    except DeviceError as err:
        raise PrinterUnavailable(f"printer '{config.printer}' in [devices]: {err}") from err
