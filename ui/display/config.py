"""Display settings: parsed once from TOML into typed objects (parsing apart from reading)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from queue_server.engine.numbering import DEFAULT_TZ, is_time_zone
from ui.display.errors import DisplayConfigError
from ui.display.voice_clips import DEFAULT_CLIP_DIR

ORIENTATIONS = ("landscape", "portrait")
ENGINES = ("clips", "tts")


@dataclass(frozen=True)
class QuietPeriod:
    """A daily period without voice; may cross midnight (22:00-07:00)."""

    start: time
    end: time

    def contains(self, moment: time) -> bool:
        if self.start <= self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


@dataclass(frozen=True)
class VoiceConfig:
    enabled: bool = True
    repeat: int = 2
    volume: int = 80  # 0-100
    quiet_hours: tuple[QuietPeriod, ...] = ()
    clip_dir: Path = DEFAULT_CLIP_DIR
    engine: str = "clips"  # "clips" | "tts" (a text-to-speech engine, where one is installed)
    max_age_seconds: float = 120.0  # calls replayed after a reconnect older than this stay silent
    in_window_mode: bool = False
    # the voice zone: only these windows' calls are spoken here (None: every window). A large
    # hall splits its windows between boards: one voice keeps up with about 45 (ONE_VOICE_WINDOWS).
    windows: tuple[int, int] | None = None

    def is_quiet(self, moment: time) -> bool:
        return any(period.contains(moment) for period in self.quiet_hours)

    def speaks_for(self, window: int) -> bool:
        return self.windows is None or self.windows[0] <= window <= self.windows[1]


@dataclass(frozen=True)
class Notice:
    zh: str = "请留意叫号，过号请到服务台重新取号。办事前请备齐材料。"
    en: str = "Please listen for your number. Missed numbers: ask at the service desk."


@dataclass(frozen=True)
class DisplayConfig:
    server: str = ""  # empty: the address in demo-tokens.json, else http://127.0.0.1:8600
    hall: str = "qixia"
    token: str = ""  # empty: the display token for the hall from demo-tokens.json
    orientation: str = "landscape"
    timezone: str = DEFAULT_TZ
    stale_after_seconds: float = 5.0
    recent_calls: int = 8
    notice: Notice = field(default_factory=Notice)
    voice: VoiceConfig = field(default_factory=VoiceConfig)

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def now(self) -> datetime:
        return datetime.now(self.zone())


def _get(table: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = table[key]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if (isinstance(value, bool) and bool not in kinds) or not isinstance(value, kinds):
        expected = " or ".join(k.__name__ for k in kinds)
        raise DisplayConfigError(f"{where}: key '{key}' has value {value!r}, expected {expected}")
    return value


def parse_period(text: str, where: str) -> QuietPeriod:
    """'22:00-07:00' → QuietPeriod."""
    try:
        start_text, end_text = text.split("-")
        return QuietPeriod(
            time.fromisoformat(start_text.strip()), time.fromisoformat(end_text.strip())
        )
    except ValueError as err:
        raise DisplayConfigError(
            f"{where}: quiet_hours entry {text!r} is not a period like '22:00-07:00'"
        ) from err


def parse_zone(text: str, where: str) -> tuple[int, int]:
    """ "1-30" → (1, 30): the windows whose calls this board speaks."""
    first, _, last = text.partition("-")
    if first.strip().isdigit() and last.strip().isdigit() and int(first) <= int(last):
        return int(first), int(last)
    raise DisplayConfigError(f"{where}: key 'windows' has value {text!r}, expected e.g. '1-30'")


def parse_voice(table: dict[str, Any], where: str, base: Path) -> VoiceConfig:
    default = VoiceConfig()
    values: dict[str, Any] = {}
    for key, kind in (("enabled", bool), ("in_window_mode", bool)):
        if key in table:
            values[key] = _get(table, key, kind, where)
    if "repeat" in table:
        values["repeat"] = _ranged(table, "repeat", 1, 5, where)
    if "volume" in table:
        values["volume"] = _ranged(table, "volume", 0, 100, where)
    if "max_age_seconds" in table:
        values["max_age_seconds"] = float(_get(table, "max_age_seconds", (int, float), where))
    if "engine" in table:
        values["engine"] = _choice(table, "engine", ENGINES, where)
    if table.get("clip_dir"):
        values["clip_dir"] = (base / _get(table, "clip_dir", str, where)).resolve()
    if "windows" in table:
        values["windows"] = parse_zone(_get(table, "windows", str, where), where)
    periods = _get(table, "quiet_hours", list, where) if "quiet_hours" in table else []
    values["quiet_hours"] = tuple(parse_period(str(p), where) for p in periods)
    return VoiceConfig(**{**default.__dict__, **values})


def _ranged(table: dict[str, Any], key: str, low: int, high: int, where: str) -> int:
    value = _get(table, key, int, where)
    if not low <= value <= high:
        raise DisplayConfigError(f"{where}: key '{key}' has value {value}, expected {low}-{high}")
    return int(value)


def _choice(table: dict[str, Any], key: str, choices: tuple[str, ...], where: str) -> str:
    value = _get(table, key, str, where)
    if value not in choices:
        raise DisplayConfigError(
            f"{where}: key '{key}' has value {value!r}, expected one of {', '.join(choices)}"
        )
    return str(value)


def parse_config(
    data: dict[str, Any], where: str = "<config>", base: Path = Path(".")
) -> DisplayConfig:
    """Turn the TOML tables into a DisplayConfig; errors name `where`, the key and the value."""
    values: dict[str, Any] = {}
    for key in ("server", "hall", "token"):
        if key in data:
            values[key] = _get(data, key, str, where)
    if "orientation" in data:
        values["orientation"] = _choice(data, "orientation", ORIENTATIONS, where)
    if "timezone" in data:
        values["timezone"] = _zone_name(_get(data, "timezone", str, where), where)
    if "stale_after_seconds" in data:
        values["stale_after_seconds"] = float(
            _get(data, "stale_after_seconds", (int, float), where)
        )
    if "recent_calls" in data:
        values["recent_calls"] = _ranged(data, "recent_calls", 0, 20, where)
    if "notice" in data:
        notice = _get(data, "notice", dict, where)
        values["notice"] = Notice(str(notice.get("zh", "")), str(notice.get("en", "")))
    values["voice"] = parse_voice(data.get("voice", {}), f"{where} [voice]", base)
    return DisplayConfig(**values)


def _zone_name(name: str, where: str) -> str:
    if not is_time_zone(name):
        raise DisplayConfigError(f"{where}: key 'timezone' has unknown zone {name!r}")
    return name


def load_config(path: Path | None) -> DisplayConfig:
    """Read a display.toml (None: the defaults)."""
    if path is None:
        return DisplayConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise DisplayConfigError(f"cannot read display config {path}: {err}") from err
    except tomllib.TOMLDecodeError as err:
        raise DisplayConfigError(f"display config {path} is not valid TOML: {err}") from err
    return parse_config(data, str(path), path.parent)
