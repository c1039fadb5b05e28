"""`hall-devices check`: a kiosk's devices and its citizen-facing address, read from its TOML file.

The file is read here as plain TOML (devices import nothing of the kiosk): only the keys these
checks need, with the kiosk's defaults. Each check gives one line: OK, WARN or FAIL.
"""

from __future__ import annotations

import enum
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from devices.errors import DeviceError

SAMPLE_CONFIG = Path(__file__).resolve().parents[1] / "config" / "kiosk.toml"
DEFAULT_SERVER = "http://127.0.0.1:8600"  # the kiosk's default [server] url
SERIAL_BAUD = {"idcard": 115200, "scanner": 9600}


class Level(enum.Enum):
    OK = "OK"
    WARN = "WARN"
    FAIL = "FAIL"


@dataclass(frozen=True)
class Finding:
    level: Level
    what: str
    detail: str

    def __str__(self) -> str:
        return f"{self.level.value:<4} {self.what}: {self.detail}"


def read_kiosk_file(path: Path) -> dict[str, Any]:
    """The kiosk TOML document; DeviceError naming the file when it cannot be read."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise DeviceError(f"kiosk configuration {path} cannot be read: {err}") from err
    except tomllib.TOMLDecodeError as err:
        raise DeviceError(f"kiosk configuration {path} is not valid TOML: {err}") from err


def public_url_finding(document: dict[str, Any]) -> Finding:
    """WARN when [kiosk] public_url is missing: QR codes then point at the server address."""
    public = document.get("kiosk", {}).get("public_url")
    if public:
        return Finding(Level.OK, "public URL", f"QR codes point at {public}/t/...")
    server = document.get("server", {}).get("url", DEFAULT_SERVER)
    return Finding(
        Level.WARN,
        "public URL",
        f"未设置 [kiosk] public_url，号票二维码指向服务器地址 {server} / no [kiosk] public_url: "
        f"QR codes point at {server}, which citizens' phones may not reach; set it to the "
        "address phones use (hall Wi-Fi, intranet or a public domain)",
    )


def printer_finding(spec: str) -> Finding:
    """The printer's own answer to DLE EOT, on a connection opened for this check."""
    from devices.printer import PrinterStatus, open_printer

    what = f"printer {spec}"
    try:
        with open_printer(spec, check_status=False) as printer:
            state = printer.status()
    except DeviceError as err:
        return Finding(Level.FAIL, what, str(err))
    if spec.strip().lower() == "sim":
        return Finding(Level.OK, what, f"{state} (a virtual printer started for this check)")
    if state is PrinterStatus.PAPER_NEAR_END:
        return Finding(Level.WARN, what, f"{state}: add paper soon")
    return Finding(Level.OK if state.can_print else Level.FAIL, what, str(state))


def port_finding(device: str, port: str) -> Finding:
    """A reader's serial port: present and free ("busy" while the kiosk holds it)."""
    from devices.ports import close_quietly, open_serial

    if port in ("sim", "none", "wedge"):
        meaning = {"sim": "simulated", "none": "not used", "wedge": "USB keyboard scanner"}
        return Finding(Level.OK, device, meaning[port])
    try:
        close_quietly(open_serial(port, SERIAL_BAUD[device]))
    except DeviceError as err:
        if "busy" in str(err):
            return Finding(Level.WARN, device, f"{err}: normal while the kiosk runs")
        return Finding(Level.FAIL, device, str(err))
    return Finding(Level.OK, device, f"{port} opens")


def kiosk_findings(document: dict[str, Any]) -> list[Finding]:
    """Every check of one kiosk configuration, in the order a technician reads them."""
    devices = document.get("devices", {})
    checks: list[Callable[[], Finding]] = [
        lambda: public_url_finding(document),
        lambda: printer_finding(devices.get("printer", "sim")),
        lambda: port_finding("idcard", devices.get("idcard", "sim")),
        lambda: port_finding("scanner", devices.get("scanner", "sim")),
    ]
    return [check() for check in checks]
