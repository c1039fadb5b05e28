"""The receipt printer the kiosk talks to: status, print, reprint; built from a spec string."""

from __future__ import annotations

import logging
from collections.abc import Callable

from devices.errors import PortError, PrinterError, PrinterNotReadyError
from devices.ports import open_serial
from devices.printer import status as st
from devices.printer.profile import PrinterProfile, get_profile
from devices.printer.receipt import Line, Receipt, render_document, render_escpos
from devices.printer.spec import PrinterSpec, parse_printer_spec
from devices.printer.status import PrinterStatus
from devices.printer.transport import (
    DummyTransport,
    FileTransport,
    NetworkTransport,
    ReopeningTransport,
    SerialTransport,
    Transport,
    UsbTransport,
)

log = logging.getLogger(__name__)


class ReceiptPrinter:
    """Prints receipts through a transport, checking status first where the transport can."""

    def __init__(
        self,
        transport: Transport,
        profile: PrinterProfile | str = "generic-80",
        check_status: bool = True,
        on_close: Callable[[], None] | None = None,
    ) -> None:
        self.transport = transport
        self.profile = get_profile(profile)
        self.check_status = check_status
        self.last_bytes: bytes | None = None
        self._on_close = on_close

    @property
    def name(self) -> str:
        return self.transport.name

    def status(self, timeout: float = 0.5) -> PrinterStatus:
        """Ask with DLE EOT; no (valid) answer within `timeout` per query is UNKNOWN. A connection
        that fails (a printer unplugged and plugged back in) is opened once more and asked again;
        OFFLINE if that fails too."""
        if not self.transport.can_read:
            return PrinterStatus.CANNOT_TELL
        try:
            return self._ask(timeout)
        except PortError as err:
            log.info("printer status: %s; asking on a new connection", err)
        try:
            return self._ask(timeout)
        except PortError as err:
            log.warning("printer status: %s", err)
            return PrinterStatus.OFFLINE

    def _ask(self, timeout: float) -> PrinterStatus:
        online = st.decode_printer(self._query(st.DLE_EOT_PRINTER, timeout))
        if online is None:
            return PrinterStatus.UNKNOWN
        if not online:
            return st.decode_offline_cause(self._query(st.DLE_EOT_OFFLINE_CAUSE, timeout))
        return st.decode_paper(self._query(st.DLE_EOT_PAPER, timeout))

    def _query(self, command: bytes, timeout: float) -> bytes:
        self.transport.discard_input()
        self.transport.write(command)
        return self.transport.read(1, timeout)

    def print_receipt(self, receipt: Receipt) -> bytes:
        """Render and send a receipt; returns the bytes sent. Raises PrinterNotReadyError when the
        printer reports it cannot print (or does not answer) and `check_status` is on."""
        data = render_escpos(receipt, self.profile)
        self.send(data)
        self.last_bytes = data
        return data

    def print_document(self, lines: list[Line]) -> bytes:
        """Render and send laid-out lines (not a ticket: `reprint_last` keeps the last ticket)."""
        data = render_document(lines, self.profile)
        self.send(data)
        return data

    def send(self, data: bytes) -> None:
        """Send raw ESC/POS bytes after the status check."""
        if self.check_status:
            state = self.status()
            if not state.can_print:
                raise PrinterNotReadyError(state, self.name)
        self.transport.write(data)

    def reprint_last(self) -> bytes:
        """Send the last receipt again; PrinterError when nothing was printed yet."""
        if self.last_bytes is None:
            raise PrinterError(f"printer {self.name}: nothing printed yet, cannot reprint")
        self.send(self.last_bytes)
        return self.last_bytes

    def close(self) -> None:
        self.transport.close()
        if self._on_close is not None:
            self._on_close()
            self._on_close = None

    def __enter__(self) -> ReceiptPrinter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_transport(spec: PrinterSpec, wait_for_device: bool = False) -> Transport:
    """The transport for a parsed spec (not `sim`, which needs a virtual printer first). Serial,
    network and USB printers are opened now (on first use with `wait_for_device`: a printer not
    plugged in yet) and again after an I/O failure (unplugged)."""
    if spec.kind == "file":
        return FileTransport(spec.path)
    if spec.kind == "dummy":
        return DummyTransport()
    transport = ReopeningTransport(_opener(spec), str(spec))
    if not wait_for_device:
        transport.open()
    return transport


def _opener(spec: PrinterSpec) -> Callable[[], Transport]:
    if spec.kind == "serial":
        return lambda: SerialTransport(open_serial(spec.path, baudrate=spec.baudrate))
    if spec.kind == "net":
        return lambda: NetworkTransport(spec.path, spec.port)
    if spec.kind == "usb":
        return lambda: UsbTransport(spec.vendor_id, spec.product_id)
    raise PrinterError(f"no transport for printer spec {spec}")


def open_printer(
    spec: str,
    profile: PrinterProfile | str = "generic-80",
    check_status: bool = True,
    wait_for_device: bool = False,
) -> ReceiptPrinter:
    """A printer from a spec string. `sim` starts an in-process VirtualPrinter (stopped by
    close()); its object is on `printer.transport.simulator`. With `wait_for_device` a missing
    printer is no error: it reads as offline until it is plugged in."""
    parsed = parse_printer_spec(spec)
    if parsed.kind != "sim":
        return ReceiptPrinter(open_transport(parsed, wait_for_device), profile, check_status)
    from devices.sim.printer import VirtualPrinter

    simulator = VirtualPrinter().start()
    try:
        transport = open_transport(PrinterSpec("serial", path=simulator.port, baudrate=115200))
    except PortError:
        simulator.stop()
        raise
    transport.simulator = simulator  # type: ignore[attr-defined]
    return ReceiptPrinter(transport, profile, check_status, on_close=simulator.stop)
