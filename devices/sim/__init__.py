"""Virtual devices on pseudo-terminals: the real pyserial path without hardware."""

from __future__ import annotations

from devices.sim.idcard import Failure, VirtualIdCardReader
from devices.sim.identities import TEST_CARDS
from devices.sim.printer import VirtualPrinter
from devices.sim.pty_device import PtyDevice
from devices.sim.scanner import VirtualScanner

__all__ = [
    "TEST_CARDS",
    "Failure",
    "PtyDevice",
    "VirtualIdCardReader",
    "VirtualPrinter",
    "VirtualScanner",
]
