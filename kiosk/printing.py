"""The receipt printer as the controller uses it: check the status, then print a ticket."""

from __future__ import annotations

import logging
from typing import Any

from kiosk.config import DeviceConfig
from kiosk.model import Hall, Ticket

log = logging.getLogger(__name__)


class DevicePrinter:
    """Wraps a devices.printer ReceiptPrinter: status first, then the receipt."""

    def __init__(self, printer: Any, paper_width_mm: int = 80, sim: Any = None) -> None:
        self.printer = printer
        self.paper_width_mm = paper_width_mm
        self.sim = sim  # the VirtualPrinter behind a "sim" spec (demo, tests)

    def check(self) -> tuple[bool, str, str]:
        status = self.printer.status()
        return bool(status.ok), str(status.state), str(status)

    def print_ticket(self, ticket: Ticket, hall: Hall | None, phone_url: str | None) -> None:
        self.printer.print_receipt(receipt_for(ticket, hall, phone_url))

    def close(self) -> None:
        for thing in (self.printer, self.sim):
            closer = getattr(thing, "close", None) or getattr(thing, "stop", None)
            if closer is not None:
                closer()


def receipt_for(ticket: Ticket, hall: Hall | None, phone_url: str | None) -> Any:
    from devices.printer import Receipt

    return Receipt(number=ticket.number)  # completed once devices.printer lands


def open_ticket_printer(config: DeviceConfig) -> DevicePrinter:
    from devices.printer import open_printer

    return DevicePrinter(open_printer(config.printer), config.paper_width_mm)
