"""The kiosk's eye on its receipt printer: a background probe, and each change of the printer's
state shown on the window (the printer-unavailable strip) and reported to the server once."""

from __future__ import annotations

import logging
from collections.abc import Callable

from kiosk.effects import ReportFault
from kiosk.printing import PrinterHealth, PrinterReading, TicketPrinter
from ui.common.tasks import Background
from ui.kiosk.window import KioskWindow

log = logging.getLogger(__name__)


class PrinterWatch:
    """Probes `printer` off the GUI thread (which also reopens a lost connection) and passes
    every reading, probed or from a print, through one PrinterHealth."""

    def __init__(
        self,
        printer: TicketPrinter,
        background: Background,
        window: KioskWindow,
        report: Callable[[ReportFault], None],
    ) -> None:
        self.printer = printer
        self.background = background
        self.window = window
        self.report = report
        self.stopped = False  # set when the kiosk stops: later answers are dropped
        self.health = PrinterHealth()
        self.probing = False

    def probe(self) -> None:
        """Ask the printer for its state, so the home screen and the hall manager learn of a
        fault before a citizen does; one probe at a time."""
        if self.probing:
            return
        self.probing = True

        def seen(reading: PrinterReading) -> None:
            self.probing = False
            if not self.stopped:
                self.seen(reading)

        def failed(err: Exception) -> None:
            seen(PrinterReading(False, "unknown", f"printer status failed: {err}"))

        self.background.run(self.printer.check, seen, failed)

    def seen(self, reading: PrinterReading) -> None:
        """A reading (GUI thread): update the strip; report the state if it changed."""
        fault = self.health.observe(reading)
        self.window.update_printer(self.health.available)
        if fault is not None:
            log.info("printer: %s (%s)", fault.state, fault.message)
            self.report(fault)
