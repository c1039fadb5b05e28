"""ESC/POS receipt printer: receipt model and rendering, profiles, specs, status, transports."""

from __future__ import annotations

from devices.printer.printer import ReceiptPrinter, open_printer
from devices.printer.profile import PROFILES, PrinterProfile, get_profile
from devices.printer.receipt import Receipt, render_escpos, render_png
from devices.printer.spec import PrinterSpec, parse_printer_spec
from devices.printer.status import PrinterStatus

__all__ = [
    "PROFILES",
    "PrinterProfile",
    "PrinterSpec",
    "PrinterStatus",
    "Receipt",
    "ReceiptPrinter",
    "get_profile",
    "open_printer",
    "parse_printer_spec",
    "render_escpos",
    "render_png",
]
