"""Printer spec strings, one syntax for configuration and CLI:
`usb:VID:PID`, `serial:PORT[@BAUD]`, `net:HOST[:PORT]`, `file:PATH`, `dummy`, `sim`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from devices.errors import PrinterSpecError

Kind = Literal["usb", "serial", "net", "file", "dummy", "sim"]
DEFAULT_NET_PORT = 9100
DEFAULT_BAUD = 115200


@dataclass(frozen=True)
class PrinterSpec:
    """A parsed printer spec; only the fields of its kind are set."""

    kind: Kind
    path: str = ""
    """serial port, file path or network host."""
    port: int = 0
    """network port."""
    baudrate: int = 0
    vendor_id: int = 0
    product_id: int = 0

    def __str__(self) -> str:
        if self.kind == "usb":
            return f"usb:{self.vendor_id:04x}:{self.product_id:04x}"
        if self.kind == "serial":
            return f"serial:{self.path}@{self.baudrate}"
        if self.kind == "net":
            return f"net:{self.path}:{self.port}"
        if self.kind == "file":
            return f"file:{self.path}"
        return self.kind


def parse_printer_spec(spec: str) -> PrinterSpec:
    """Parse a spec string; a bad one raises PrinterSpecError listing the accepted forms."""
    text = spec.strip()
    kind, _, rest = text.partition(":")
    kind = kind.lower()
    if kind in ("dummy", "sim") and not rest:
        return PrinterSpec(kind)  # type: ignore[arg-type]
    if not rest:
        raise PrinterSpecError(spec, "missing the part after the colon")
    parsers = {"usb": _usb, "serial": _serial, "net": _net, "file": _file}
    if kind not in parsers:
        raise PrinterSpecError(spec, f"unknown kind {kind!r}")
    return parsers[kind](spec, rest)


def _usb(spec: str, rest: str) -> PrinterSpec:
    vid, _, pid = rest.partition(":")
    try:
        vendor, product = int(vid, 16), int(pid, 16)
    except ValueError:
        raise PrinterSpecError(spec, "USB vendor and product ids must be hex") from None
    if not (0 < vendor <= 0xFFFF and 0 < product <= 0xFFFF):
        raise PrinterSpecError(spec, "USB ids must be 1..FFFF")
    return PrinterSpec("usb", vendor_id=vendor, product_id=product)


def _serial(spec: str, rest: str) -> PrinterSpec:
    path, at, baud = rest.rpartition("@") if "@" in rest else (rest, "", "")
    if not at:
        return PrinterSpec("serial", path=rest, baudrate=DEFAULT_BAUD)
    if not path or not baud.isdigit() or int(baud) <= 0:
        raise PrinterSpecError(spec, f"bad baud rate {baud!r}")
    return PrinterSpec("serial", path=path, baudrate=int(baud))


def _net(spec: str, rest: str) -> PrinterSpec:
    if rest.startswith("["):  # [IPv6]:port
        host, _, tail = rest[1:].partition("]")
        if tail and not tail.startswith(":"):
            raise PrinterSpecError(spec, "bad IPv6 address")
        port = tail[1:]
    elif rest.count(":") == 1:
        host, _, port = rest.partition(":")
    else:
        host, port = rest, ""
    if not host:
        raise PrinterSpecError(spec, "missing host")
    if not port:
        return PrinterSpec("net", path=host, port=DEFAULT_NET_PORT)
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise PrinterSpecError(spec, f"bad network port {port!r}")
    return PrinterSpec("net", path=host, port=int(port))


def _file(spec: str, rest: str) -> PrinterSpec:
    return PrinterSpec("file", path=rest)
