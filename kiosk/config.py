"""The kiosk's configuration (TOML): its hall, server, token, devices and screen.

Parsing (`parse_config`) is separate from reading the file (`load_config`); a bad value gets an
error naming the file, the key and the value. No file at all gives a kiosk of the sample
district centre `qixia` with simulated devices (`default_config`).
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from kiosk import KioskError
from queue_server.client.discovery import DEFAULT_SERVER
from queue_server.engine.numbering import DEFAULT_TZ, is_time_zone

log = logging.getLogger(__name__)

PROJECT_DIR = Path(__file__).resolve().parents[1]
ORIENTATIONS = ("portrait", "landscape")
SCREEN_SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}


class ConfigError(KioskError):
    """A kiosk configuration file that cannot be read or has a bad value."""


@dataclass(frozen=True)
class DeviceConfig:
    idcard: str = "sim"  # a serial port (e.g. /dev/ttyUSB0), "sim" or "none"
    scanner: str = "sim"  # a serial port, "sim", "wedge" (USB keyboard scanner) or "none"
    printer: str = "sim"  # a printer spec: usb:VID:PID, serial:PORT[@BAUD], net:HOST, file:, sim
    paper_width_mm: int = 80  # 58 or 80


@dataclass(frozen=True)
class KioskConfig:
    hall: str = "qixia"
    server_url: str = DEFAULT_SERVER
    public_url: str = ""  # the base citizens' phones reach (receipt QR codes); "" = server_url
    token: str = ""
    kiosk_id: str = "K1"
    kiosk_digit: int = 1
    idle_seconds: int = 60
    orientation: str = "portrait"
    fullscreen: bool = True
    language: str = "zh"
    timezone: str = DEFAULT_TZ  # the hall's: its clock, business day and receipt times
    timeout_seconds: float = 3.0
    green_channel_age: int | None = 65  # from this age a cardholder is not asked; None: ask
    journal: Path = field(default_factory=lambda: PROJECT_DIR / "var" / "kiosk-journal-K1.db")
    devices: DeviceConfig = field(default_factory=DeviceConfig)
    source: str = "<defaults>"

    @property
    def screen_size(self) -> tuple[int, int]:
        return SCREEN_SIZES[self.orientation]

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def phone_base(self) -> str:
        """Where the QR codes for phones point: `public_url`, else the server's own address."""
        return self.public_url or self.server_url

    def public_url_warning(self) -> str | None:
        """What to tell staff when no public URL is configured (None when one is)."""
        if self.public_url:
            return None
        return (
            f"未设置 [kiosk] public_url，号票二维码将指向服务器地址 "
            f"{self.server_url}，市民手机可能无法打开 / no [kiosk] public_url: QR codes point at "
            f"the server address {self.server_url}, which citizens' phones may not reach"
        )


def _check(
    table: dict[str, Any], key: str, where: str, test: Callable[[Any], bool], expected: str
) -> Any:
    value = table[key]
    if not test(value):
        raise ConfigError(f"{where}: key '{key}' has value {value!r}: expected {expected}")
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_public_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


_KIOSK_KEYS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "hall": (lambda v: isinstance(v, str) and v.isidentifier(), "a hall id such as 'qixia'"),
    "id": (lambda v: isinstance(v, str) and 0 < len(v) <= 16, "a short kiosk id such as 'K1'"),
    "digit": (lambda v: _is_int(v) and 0 <= v <= 9, "a digit 0-9 (offline numbers AK101...)"),
    "idle_seconds": (lambda v: _is_int(v) and 10 <= v <= 3600, "whole seconds from 10 to 3600"),
    "orientation": (lambda v: v in ORIENTATIONS, "'portrait' or 'landscape'"),
    "fullscreen": (lambda v: isinstance(v, bool), "true or false"),
    "language": (lambda v: v in ("zh", "en"), "'zh' or 'en'"),
    "timezone": (is_time_zone, "a time zone name such as 'Asia/Shanghai'"),
    "journal": (lambda v: isinstance(v, str) and bool(v), "a file path"),
    "public_url": (
        _is_public_url,
        "an http(s) URL citizens' phones reach, e.g. http://10.1.2.3:8600",
    ),
    "green_channel_age": (
        lambda v: _is_int(v) and (v == 0 or 50 <= v <= 120),
        "whole years from 50 to 120, or 0 to always ask",
    ),
}
_SERVER_KEYS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "url": (lambda v: isinstance(v, str) and v.startswith(("http://", "https://")), "an http URL"),
    "token": (lambda v: isinstance(v, str), "a device token string ('' = demo token)"),
    "timeout_seconds": (
        lambda v: isinstance(v, int | float) and not isinstance(v, bool) and 0.2 <= v <= 30,
        "seconds from 0.2 to 30",
    ),
}
_DEVICE_KEYS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "idcard": (lambda v: isinstance(v, str) and bool(v), "a serial port path, 'sim' or 'none'"),
    "scanner": (
        lambda v: isinstance(v, str) and bool(v),
        "a serial port path, 'sim', 'wedge' or 'none'",
    ),
    "printer": (lambda v: isinstance(v, str) and bool(v), "a printer spec such as 'sim'"),
    "paper_width_mm": (lambda v: v in (58, 80), "58 or 80"),
}
_TABLES = {"kiosk": _KIOSK_KEYS, "server": _SERVER_KEYS, "devices": _DEVICE_KEYS}


def _table(data: dict[str, Any], name: str, source: str) -> dict[str, Any]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: key '{name}' has value {table!r}: expected a table [{name}]")
    rules = _TABLES[name]
    for key in table:
        if key not in rules:
            allowed = ", ".join(rules)
            raise ConfigError(f"{source}: unknown key '{name}.{key}' (known keys: {allowed})")
        _check(table, key, f"{source} [{name}]", *rules[key])
    return table


def parse_config(data: dict[str, Any], source: str = "<config>") -> KioskConfig:
    """Typed configuration from a parsed TOML document; raises ConfigError naming key and value."""
    for name in data:
        if name not in _TABLES:
            raise ConfigError(f"{source}: unknown table [{name}] (known: kiosk, server, devices)")
    kiosk = _table(data, "kiosk", source)
    server = _table(data, "server", source)
    devices = _table(data, "devices", source)
    base = KioskConfig()
    kiosk_id = kiosk.get("id", base.kiosk_id)
    journal = Path(kiosk.get("journal", f"var/kiosk-journal-{kiosk_id}.db"))
    return KioskConfig(
        hall=kiosk.get("hall", base.hall),
        server_url=server.get("url", base.server_url).rstrip("/"),
        public_url=kiosk.get("public_url", "").rstrip("/"),
        token=server.get("token", ""),
        kiosk_id=kiosk_id,
        kiosk_digit=kiosk.get("digit", base.kiosk_digit),
        idle_seconds=kiosk.get("idle_seconds", base.idle_seconds),
        orientation=kiosk.get("orientation", base.orientation),
        fullscreen=kiosk.get("fullscreen", base.fullscreen),
        language=kiosk.get("language", base.language),
        timezone=kiosk.get("timezone", base.timezone),
        timeout_seconds=float(server.get("timeout_seconds", base.timeout_seconds)),
        green_channel_age=kiosk.get("green_channel_age", base.green_channel_age) or None,  # 0
        journal=journal if journal.is_absolute() else PROJECT_DIR / journal,
        devices=replace(DeviceConfig(), **devices),
        source=source,
    )


def load_config(path: Path) -> KioskConfig:
    """Read and parse a kiosk TOML file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise ConfigError(f"kiosk configuration {path} cannot be read: {err}") from err
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"kiosk configuration {path} is not valid TOML: {err}") from err
    return parse_config(data, str(path))


def default_config() -> KioskConfig:
    """A kiosk of the sample district centre with simulated devices."""
    return KioskConfig(source="<built-in defaults: hall qixia, simulated devices>")
