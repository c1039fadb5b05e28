"""Putting a kiosk together from its configuration: Qt application, window, devices, controller."""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from kiosk.config import KioskConfig
from kiosk.hardware import DeviceHub
from kiosk.journal import OfflineJournal
from kiosk.printing import TicketPrinter, open_ticket_printer
from queue_server.client.kiosk import KioskClient
from ui.common.fonts import install_fonts
from ui.common.snapshots import start_snapshots
from ui.kiosk.controller import KioskController
from ui.kiosk.devices import OnGuiThread
from ui.kiosk.window import KioskWindow

log = logging.getLogger(__name__)


@dataclass
class Kiosk:
    config: KioskConfig
    controller: KioskController
    hub: DeviceHub
    journal: OfflineJournal
    printer: TicketPrinter
    wedge: QObject | None = None

    @property
    def window(self) -> KioskWindow:
        return self.controller.window

    def stop(self) -> None:
        self.controller.stop()
        self.hub.stop()
        close = getattr(self.printer, "close", None)
        if close is not None:
            close()
        self.journal.close()


def build_kiosk(
    config: KioskConfig, printer: TicketPrinter | None = None, start_devices: bool = True
) -> Kiosk:
    """Every part wired together (a QApplication must exist); call `.controller.start()`."""
    client = KioskClient(
        config.server_url, config.token, config.hall, config.kiosk_id, config.timeout_seconds
    )
    journal = OfflineJournal(config.journal, config.hall, config.kiosk_digit, config.timezone)
    printer = printer or open_ticket_printer(config.devices, config.zone)
    controller = KioskController(client, journal, printer, config)  # it makes its window
    warning = config.public_url_warning()
    if warning:
        log.warning("%s: %s", config.source, warning)
        controller.window.set_staff_note(warning)
    hub = DeviceHub(config.devices, OnGuiThread(controller, parent=controller))
    wedge = None
    app = QApplication.instance()
    if app is not None:
        app.installEventFilter(controller)
        if config.devices.scanner == "wedge":
            from ui.kiosk.wedge import WedgeFilter

            wedge = WedgeFilter(controller.code_scanned, controller)
            app.installEventFilter(wedge)
    if start_devices:
        hub.start()
    return Kiosk(config, controller, hub, journal, printer, wedge)


def run_kiosk(
    config: KioskConfig,
    exit_when_ready: bool = False,
    started: float = 0.0,
    screenshot: Path | None = None,
) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    install_fonts()
    kiosk = build_kiosk(config)
    width, height = config.screen_size
    kiosk.window.resize(width, height)
    kiosk.window.setWindowTitle("hall-kiosk")
    # Offscreen (demos, screenshots) has no real screen to fill: keep the nominal kiosk size.
    if config.fullscreen and app.platformName() != "offscreen":
        kiosk.window.showFullScreen()
    else:
        kiosk.window.show()
    kiosk.controller.start()
    snapshots = start_snapshots(kiosk.window, screenshot) if screenshot else None
    log.info("kiosk %s of %s on %s (%s)", config.kiosk_id, config.hall, config.server_url,
             config.source)  # fmt: skip

    def ready() -> None:
        print(f"ready {time.perf_counter() - started:.3f} s", flush=True)
        if exit_when_ready:
            app.quit()

    QTimer.singleShot(0, ready)
    try:
        return app.exec()
    finally:
        if snapshots is not None:
            snapshots.stop()
        kiosk.stop()
