"""The kiosk's devices: ID card reader and QR scanner read in the background (no Qt).

Each reader runs on its own thread and tells a `DeviceListener` there; a GUI hands the calls
over to its own thread (ui/kiosk/devices.py does that for Qt).

`idcard = "sim"` / `scanner = "sim"` start virtual devices on ptys (the demo and the tests put a
card on `hub.sim_idcard` or scan with `hub.sim_scanner`); a port path opens real hardware;
`scanner = "wedge"` listens to the keyboard (a USB scanner typing fast) through WedgeFilter.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from devices.errors import DeviceError
from devices.idcard.poller import CardPoller
from devices.idcard.text import IdCard
from devices.ports import open_serial
from kiosk.config import DeviceConfig
from queue_server.client.models import IdentityCard

log = logging.getLogger(__name__)


class DeviceListener(Protocol):
    """Who hears what the devices read; called on the device threads."""

    def card_read(self, card: IdentityCard) -> None: ...

    def code_scanned(self, text: str) -> None: ...

    def device_problem(self, device: str, message: str) -> None:
        """`device` ("idcard", "scanner") failed in the background; it keeps trying."""
        ...


class DeviceHub:
    """Starts the configured readers; what they read goes to `listener`, on their threads."""

    def __init__(self, config: DeviceConfig, listener: DeviceListener) -> None:
        self.config = config
        self.listener = listener
        self.sim_idcard: Any = None
        self.sim_scanner: Any = None
        self._stoppers: list[Any] = []

    def start(self) -> None:
        self._start_idcard()
        self._start_scanner()

    def stop(self) -> None:
        for thing in reversed(self._stoppers):
            try:
                thing.stop()
            except (DeviceError, OSError) as err:
                log.debug("stopping %s: %s", thing, err)
        self._stoppers.clear()

    # -- ID card --------------------------------------------------------------------------------
    def _start_idcard(self) -> None:
        port = self.config.idcard
        if port == "none":
            return
        if port == "sim":
            from devices.sim.idcard import VirtualIdCardReader

            self.sim_idcard = VirtualIdCardReader().start()
            self._stoppers.append(self.sim_idcard)
            port = self.sim_idcard.port
        poller = CardPoller(
            lambda: open_serial(port, 115200, timeout=0.05),
            self._on_card,
            lambda err: self.listener.device_problem("idcard", str(err)),
            interval=0.15,
        )
        poller.start()
        self._stoppers.append(poller)

    def _on_card(self, card: IdCard) -> None:
        self.listener.card_read(IdentityCard(card.id_number, card.name, card.valid_to))

    # -- QR scanner -----------------------------------------------------------------------------
    def _start_scanner(self) -> None:
        kind = self.config.scanner
        if kind in ("none", "wedge"):
            return  # the wedge is fed by Qt key events (WedgeFilter), not a port
        from devices.scanner import SerialScanner

        if kind == "sim":
            from devices.sim.scanner import VirtualScanner

            self.sim_scanner = VirtualScanner().start()
            self._stoppers.append(self.sim_scanner)
            kind = self.sim_scanner.port
        scanner = SerialScanner(
            lambda: open_serial(kind, 9600, timeout=0.05),
            self.listener.code_scanned,
            lambda err: self.listener.device_problem("scanner", str(err)),
        )
        scanner.start()
        self._stoppers.append(scanner)
