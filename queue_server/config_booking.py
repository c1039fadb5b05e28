"""Read the working-day calendar files and the `[booking]` settings of the district file.

Calendar files (one per year, `config/calendar/2026.toml`; format in the README) are read by
`load_calendar`; `[calendar] dir` in the district file names another folder (relative to the
district file). Booking settings: `[booking]` (district), `[booking.services.CODE]`,
`[halls.ID.booking]`, `[halls.ID.booking.services.CODE]`; each overrides the one before.
"""

from __future__ import annotations

import logging
import tomllib
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any, TypeVar

from queue_server.config_reader import REQUIRED, Node
from queue_server.engine.booking import RULE_FIELDS, BookingBook, SlotRow
from queue_server.engine.calendar import HallDays, WorkCalendar
from queue_server.engine.district import Service
from queue_server.engine.errors import ConfigError

log = logging.getLogger(__name__)
T = TypeVar("T", date, time)

BUNDLED_CALENDAR = Path(__file__).resolve().parents[1] / "config" / "calendar"
_INTEGERS = {name for name in RULE_FIELDS if name.endswith(("_ahead", "_minutes", "_days"))}
_INTEGERS |= {"per_id_per_day", "ban_no_shows"}
_CAPS = ("morning_cap", "afternoon_cap", "daily_cap")


def calendar_folder(root: Node, district_file: Path | None) -> Path:
    """`[calendar] dir` (relative to the district file), else the bundled calendar."""
    node = root.table("calendar", required=False)
    node.only("dir")
    if "dir" not in node.data:
        return BUNDLED_CALENDAR
    folder = Path(node.string("dir"))
    base = district_file.parent if district_file is not None else Path.cwd()
    return folder if folder.is_absolute() else base / folder


def load_calendar(folder: Path) -> WorkCalendar:
    """Every `YYYY.toml` in `folder` (a provisional one: statutory days only, no 调休)."""
    holidays: set[date] = set()
    workdays: set[date] = set()
    years: set[int] = set()
    provisional: set[int] = set()
    for path in sorted(folder.glob("[0-9][0-9][0-9][0-9].toml")):
        year, days_off, worked, rough = _calendar_file(path)
        holidays |= days_off
        workdays |= worked
        years.add(year)
        if rough:
            provisional.add(year)
    return WorkCalendar(frozenset(holidays), frozenset(workdays), frozenset(years),
                        frozenset(provisional))  # fmt: skip


def _calendar_file(path: Path) -> tuple[int, set[date], set[date], bool]:
    try:
        node = Node(tomllib.loads(path.read_text(encoding="utf-8")), "", str(path))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ConfigError(str(path), "", f"cannot read the calendar: {err}") from err
    node.only("year", "provisional", "holidays", "workdays")
    year = node.integer("year")
    if path.stem != str(year):
        node.fail("year", f"{year} does not match the file name {path.name}")
    days_off: set[date] = set()
    for span in node.tables("holidays"):
        span.only("name", "from", "to")
        span.string("name")
        first, last = _date(span, "from"), _date(span, "to")
        if last < first:
            span.fail("to", f"{last} is before {first}")
        days_off |= {first + timedelta(days=n) for n in range((last - first).days + 1)}
    worked = {_date_value(node, f"workdays[{i}]", v) for i, v in enumerate(node.array("workdays"))}
    return year, days_off, worked, node.boolean("provisional", False)


def warn_if_provisional(calendar: WorkCalendar, today: date) -> list[int]:
    """Log a warning for each provisional year in use (this year, or next year once bookings
    can reach it); the years warned about."""
    reach = {today.year, (today + timedelta(days=60)).year}
    years = sorted(reach & calendar.provisional)
    for year in years:
        log.warning(
            "the working-day calendar of %d is provisional (statutory holidays only, no 调休):"
            " replace config/calendar/%d.toml with the State Council's arrangement when published",
            year,
            year,
        )
    return years


def hall_days(node: Node, calendar: WorkCalendar) -> HallDays:
    """`[halls.ID.calendar]`: closed = [dates], open = [dates], on top of the national one."""
    own = node.table("calendar", required=False)
    own.only("closed", "open")
    closed = {
        _date_value(own, f"closed[{i}]", v)
        for i, v in enumerate(own.array("closed", required=False))
    }  # noqa: E501
    opened = {
        _date_value(own, f"open[{i}]", v) for i, v in enumerate(own.array("open", required=False))
    }  # noqa: E501
    return HallDays(calendar, frozenset(closed), frozenset(opened))


def _date(node: Node, name: str) -> date:
    return _date_value(node, name, node.get(name, (str, date), "a date", REQUIRED))


def _date_value(node: Node, name: str, value: Any) -> date:
    return _iso(node, name, value, date, "a date like 2026-10-01")


def _clock(node: Node, name: str, value: Any) -> time:
    return _iso(node, name, value, time, 'a time like "09:00"')


def _iso(node: Node, name: str, value: Any, kind: type[T], example: str) -> T:
    """A TOML date or time as it is, or one written as ISO text."""
    if isinstance(value, kind):
        return value
    try:
        return kind.fromisoformat(str(value))  # type: ignore[attr-defined, no-any-return]
    except ValueError:
        node.fail(name, f"expected {example}, got {value!r}")


def booking_book(root: Node, services: dict[str, Service], halls: Node) -> BookingBook:
    """The `[booking]` settings of the district, its services and halls."""
    district, per_service = _layer(root.table("booking", required=False), services)
    per_hall: dict[str, dict[str, Any]] = {}
    hall_services: dict[tuple[str, str], dict[str, Any]] = {}
    for hall_id, hall in halls.items():
        own, own_services = _layer(hall.table("booking", required=False), services)
        per_hall[hall_id] = own
        hall_services |= {(hall_id, code): rules for code, rules in own_services.items()}
    return BookingBook(district, per_service, per_hall, hall_services)


def _layer(
    node: Node, services: dict[str, Service]
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    node.only(*RULE_FIELDS, "services")
    per_service = {}
    for code, sub in node.table("services", required=False).items():
        if code not in services:
            sub.fail("", f"unknown service {code!r}")
        sub.only(*RULE_FIELDS)
        per_service[code] = _rules(sub)
    return _rules(node), per_service


def _rules(node: Node) -> dict[str, Any]:
    rules: dict[str, Any] = {}
    for name in node.data:
        if name in _INTEGERS:
            rules[name] = node.integer(name, minimum=0)
        elif name in _CAPS:
            rules[name] = node.integer(name)
        elif name == "booking_share":
            rules[name] = node.number(name)
            if rules[name] > 1:
                node.fail(name, f"is a share between 0 and 1, got {rules[name]!r}")
        elif name == "noon":
            rules[name] = _clock(node, name, node.data[name])
        elif name == "slot_table":
            rules[name] = tuple(_slot_row(row) for row in node.tables(name))
    if rules.get("slot_minutes", 1) == 0:
        node.fail("slot_minutes", "must be at least 1")
    return rules


def _slot_row(node: Node) -> SlotRow:
    node.only("start", "end", "capacity")
    start = _clock(node, "start", node.data.get("start"))
    end = _clock(node, "end", node.data.get("end"))
    if end <= start:
        node.fail("end", f"{end:%H:%M} is not after {start:%H:%M}")
    return SlotRow(start, end, node.integer("capacity"))
