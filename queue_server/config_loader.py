"""Read the district TOML into typed `District` objects, validating every value.

The file format is documented at the top of ``config/district.toml``. Reading the file
(`load_district`) is separate from building the objects (`parse_district`); every bad value
raises `ConfigError` naming the file, the key and the value, e.g.::

    config/district.toml: halls.yaohua.windows[2].services: service 'XX99' is not offered by
    hall 'yaohua'

Array positions in keys count from 0 (``windows[2]`` is the third ``[[halls.yaohua.windows]]``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from datetime import time
from pathlib import Path
from typing import Any, TypeVar

from queue_server.config_balancing import balancing_rules, check_parents, hall_parent
from queue_server.config_booking import booking_book, calendar_folder, hall_days, load_calendar
from queue_server.config_evaluation import evaluation_rules
from queue_server.config_notify import parse_notify
from queue_server.config_reader import REQUIRED, Node, text_of
from queue_server.engine.calendar import WorkCalendar
from queue_server.engine.dispatch import POLICY_KINDS, DispatchPolicy
from queue_server.engine.district import (
    WINDOW_MAX,
    Category,
    District,
    Hall,
    OpeningHours,
    Service,
    Text,
    Window,
)
from queue_server.engine.errors import ConfigError
from queue_server.engine.numbering import DEFAULT_TZ, is_time_zone, is_valid_prefix
from queue_server.notify.rules import NotifyConfig
from queue_server.platform.settings import PlatformSettings, settings_from

SAMPLE_PATH = Path(__file__).resolve().parents[1] / "config" / "district.toml"

LEVELS = ("district", "street", "park", "community")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SERVICE_KEYS = [
    "name",
    "category",
    "prefix",
    "id_required",
    "appointment_allowed",
    "expected_minutes",
    "materials",
    "daily_cap",
    "employers_only",
]
HALL_KEYS = [
    "name",
    "level",
    "address",
    "hours",
    "timezone",
    "target_wait_minutes",
    "green_channel",
    "categories",
    "services",
    "windows",
    "calendar",
    "booking",
    "notify",  # read by `load_notify`
    "parent",  # a community station's street centre (`config_balancing`)
    "alerts",  # read by `load_notify` (`config_alerts`)
]
WINDOW_KEYS = ["number", "numbers", "services", "categories", "title", "label", "open"]
_HALL_ID = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")
_TIME = re.compile(r"^(\d{2}):(\d{2})$")

T = TypeVar("T")


def load_district(path: Path | None = None) -> District:
    """Load and validate a district file; None loads the bundled Qixia sample."""
    path = SAMPLE_PATH if path is None else Path(path)
    data = _read_toml(path)
    root = Node(data, "", str(path))
    return parse_district(data, str(path), load_calendar(calendar_folder(root, path)))


def load_notify(path: Path | None = None) -> NotifyConfig:
    """The district file's `[notify]` and `[halls.ID.notify]` (`parse_notify`)."""
    path = SAMPLE_PATH if path is None else Path(path)
    return parse_notify(_read_toml(path), str(path))


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as err:
        raise ConfigError(str(path), "", f"cannot read the file: {err.strerror or err}") from err
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ConfigError(str(path), "", f"not valid TOML: {err}") from err
    return data


def load_platform(path: Path | None = None) -> PlatformSettings | None:
    """The district file's `[platform]` table (pull sync, outcomes), None without one. Read
    after `load_district`, which has said what is wrong with an unreadable file."""
    path = SAMPLE_PATH if path is None else Path(path)
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    if "platform" not in data:
        return None
    return settings_from(Node(data, "", str(path)).table("platform"))


def parse_district(
    data: dict[str, Any], source: str, calendar: WorkCalendar | None = None
) -> District:
    """Build a `District` from parsed TOML; every bad value raises `ConfigError`. Without a
    `calendar` the one `[calendar]` names (or the bundled one) is read."""
    root = Node(data, "", source)
    root.only(
        "district", "defaults", "dispatch", "categories", "services", "halls", "calendar",
        "booking", "platform", "notify", "evaluation", "balancing", "alerts",
    )  # fmt: skip
    if calendar is None:
        calendar = load_calendar(calendar_folder(root, None))
    head = root.table("district")
    head.only("id", "name", "timezone")
    timezone = _timezone(head, "timezone", DEFAULT_TZ)
    categories = _categories(root.table("categories"))
    services = _services(root.table("services"), categories)
    defaults = root.table("defaults", required=False)
    defaults.only("hours", "target_wait_minutes", "green_channel")
    halls = {
        hall_id: _hall(node, hall_id, services, defaults, timezone, calendar)
        for hall_id, node in root.table("halls").items()
    }
    if not halls:
        root.fail("halls", "the district has no halls")
    check_parents(root, halls)
    return District(
        id=_hall_id(head, "id"),
        name=head.text("name"),
        categories=categories,
        services=services,
        halls=halls,
        dispatch=_dispatch(root.table("dispatch", required=False)),
        timezone=timezone,
        booking=booking_book(root, services, root.table("halls")),
        evaluation=evaluation_rules(root),
        balancing=balancing_rules(root),
    )


def _hall_id(node: Node, name: str) -> str:
    value = node.string(name)
    if not _HALL_ID.match(value):
        node.fail(name, f"must be lower-case letters, digits, '-' or '_', got {value!r}")
    return value


def _timezone(node: Node, name: str, default: str) -> str:
    value = node.string(name, default, required=False)
    if not is_time_zone(value):
        node.fail(name, f"unknown time zone {value!r}")
    return value


def _categories(node: Node) -> dict[str, Category]:
    categories: dict[str, Category] = {}
    for code, entry in node.items():
        if not _CODE.match(code):
            node.fail(code, f"category code must be upper-case letters/digits, got {code!r}")
        categories[code] = Category(code=code, name=text_of(entry))
    if not categories:
        node.fail("", "no categories defined")
    return categories


def _services(node: Node, categories: dict[str, Category]) -> dict[str, Service]:
    services = {code: _service(entry, code, categories) for code, entry in node.items()}
    if not services:
        node.fail("", "no services defined")
    return services


def _service(node: Node, code: str, categories: dict[str, Category]) -> Service:
    node.only(*SERVICE_KEYS)
    if not _CODE.match(code):
        node.fail("", f"service code must be upper-case letters/digits like 'HJ01', got {code!r}")
    category = node.string("category")
    if category not in categories:
        node.fail("category", f"unknown category {category!r}")
    prefix = node.string("prefix")
    if not is_valid_prefix(prefix):
        node.fail("prefix", f"must be 1-2 upper-case letters without 'K', got {prefix!r}")
    return Service(
        code=code,
        name=node.text("name"),
        category=category,
        prefix=prefix,
        id_required=node.boolean("id_required", False),
        appointment_allowed=node.boolean("appointment_allowed", False),
        expected_minutes=node.number("expected_minutes"),
        materials=tuple(text_of(m) for m in node.tables("materials", required=False)),
        daily_cap=node.integer("daily_cap", None),
        employers_only=node.boolean("employers_only", False),
    )


def _dispatch(node: Node) -> DispatchPolicy:
    node.only("green_run_limit", "ageing_minutes", "appointment_lead_minutes", "policy")
    default = DispatchPolicy()
    kind = node.string("policy", default.kind, required=False)
    if kind not in POLICY_KINDS:
        node.fail("policy", f"expected one of {', '.join(POLICY_KINDS)}, got {kind!r}")
    ageing: float | None = None  # `ageing_minutes = false` switches ageing off
    if node.data.get("ageing_minutes") is not False:
        ageing = node.number("ageing_minutes", default.ageing_minutes)
    return DispatchPolicy(
        green_run_limit=node.integer("green_run_limit", default.green_run_limit),
        ageing_minutes=ageing,
        appointment_lead_minutes=node.number(
            "appointment_lead_minutes", default.appointment_lead_minutes, zero_ok=True
        ),
        kind=kind,
    )


def _hall(
    node: Node,
    hall_id: str,
    services: dict[str, Service],
    defaults: Node,
    timezone: str,
    calendar: WorkCalendar,
) -> Hall:
    node.only(*HALL_KEYS)
    if not _HALL_ID.match(hall_id):
        node.fail("", f"hall id must be lower-case letters, digits, '-' or '_', got {hall_id!r}")
    level = node.string("level")
    if level not in LEVELS:
        node.fail("level", f"unknown level {level!r} (expected one of {', '.join(LEVELS)})")
    offered = _offered(node, hall_id, services)
    windows = _windows(node, hall_id, offered, services)
    _check_coverage(node, hall_id, offered, windows)
    hours_node = node if "hours" in node.data else defaults
    return Hall(
        id=hall_id,
        name=node.text("name"),
        level=level,
        address=node.text("address"),
        hours=_hours(hours_node),
        services=offered,
        windows=windows,
        timezone=_timezone(node, "timezone", timezone),
        target_wait_minutes=_fallback(node, defaults, "target_wait_minutes", Node.integer, 30),
        green_channel=_fallback(node, defaults, "green_channel", Node.boolean, True),
        days=hall_days(node, calendar),
        parent=hall_parent(node, level),
    )


def _fallback(node: Node, defaults: Node, name: str, read: Callable[..., T], default: T) -> T:
    """Read ``name`` from the hall, else from ``[defaults]``, else ``default``."""
    source = node if name in node.data else defaults
    return read(source, name, default)


def _offered(node: Node, hall_id: str, services: dict[str, Service]) -> tuple[str, ...]:
    """The hall's services: every service of its ``categories`` plus its ``services``."""
    offered: list[str] = []
    categories = node.strings("categories", required=False)
    known_categories = {s.category for s in services.values()}
    for index, category in enumerate(categories):
        if category not in known_categories:
            node.fail(f"categories[{index}]", f"unknown category {category!r}")
        offered += [code for code, s in services.items() if s.category == category]
    for index, code in enumerate(node.strings("services", required=False)):
        if code not in services:
            node.fail(f"services[{index}]", f"unknown service {code!r}")
        if code in offered:
            node.fail(f"services[{index}]", f"service {code!r} is listed twice")
        offered.append(code)
    if not offered:
        node.fail("services", f"hall {hall_id!r} offers no services")
    _check_prefixes(node, offered, services)
    return tuple(offered)


def _check_prefixes(node: Node, offered: list[str], services: dict[str, Service]) -> None:
    seen: dict[str, str] = {}
    for code in offered:
        prefix = services[code].prefix
        if prefix in seen:
            node.fail(
                "services",
                f"duplicate prefix {prefix!r}: services {seen[prefix]!r} and {code!r} "
                "would issue the same numbers in this hall",
            )
        seen[prefix] = code


def _windows(
    node: Node, hall_id: str, offered: tuple[str, ...], services: dict[str, Service]
) -> tuple[Window, ...]:
    windows: list[Window] = []
    used: set[int] = set()
    for entry in node.tables("windows"):
        entry.only(*WINDOW_KEYS)
        serves = _window_services(entry, hall_id, offered, services)
        title = entry.text("title") if "title" in entry.data else None
        label = entry.text("label") if "label" in entry.data else Text("{n}号窗口", "Window {n}")
        for number in _window_numbers(entry):
            if number in used:
                entry.fail("number", f"duplicate window number {number} in hall {hall_id!r}")
            used.add(number)
            windows.append(
                Window(
                    hall=hall_id,
                    number=number,
                    label=Text(
                        label.zh.replace("{n}", str(number)), label.en.replace("{n}", str(number))
                    ),
                    services=serves,
                    initially_open=entry.boolean("open", True),
                    title=title,
                )
            )
    return tuple(sorted(windows, key=lambda w: w.number))


def _window_numbers(entry: Node) -> list[int]:
    """``number = 3`` or ``numbers = "1-4"`` (an inclusive range)."""
    if ("number" in entry.data) == ("numbers" in entry.data):
        entry.fail("number", "give exactly one of 'number' (3) or 'numbers' (\"1-4\")")
    if "number" in entry.data:
        number = entry.integer("number")
        if number > WINDOW_MAX:
            entry.fail("number", f"window numbers run 1-{WINDOW_MAX}, got {number}")
        return [number]
    text = entry.string("numbers")
    match = re.fullmatch(r"\s*([0-9]{1,4})\s*-\s*([0-9]{1,4})\s*", text)
    if not match or not 1 <= int(match[1]) <= int(match[2]) <= WINDOW_MAX:
        entry.fail("numbers", f'expected a range like "1-4" within 1-{WINDOW_MAX}, got {text!r}')
    return list(range(int(match[1]), int(match[2]) + 1))


def _window_services(
    entry: Node, hall_id: str, offered: tuple[str, ...], services: dict[str, Service]
) -> tuple[str, ...]:
    """``services`` in preference order, then the hall's services of ``categories``."""
    serves: list[str] = []
    for index, code in enumerate(entry.strings("services", required=False)):
        key = f"services[{index}]"
        if code not in services:
            entry.fail(key, f"unknown service {code!r}")
        if code not in offered:
            entry.fail("services", f"service {code!r} is not offered by hall {hall_id!r}")
        if code in serves:
            entry.fail(key, f"service {code!r} is listed twice")
        serves.append(code)
    for index, category in enumerate(entry.strings("categories", required=False)):
        matching = [c for c in offered if services[c].category == category]
        if not matching:
            entry.fail(
                f"categories[{index}]",
                f"hall {hall_id!r} offers no service of category {category!r}",
            )
        serves += [code for code in matching if code not in serves]
    if not serves:
        entry.fail("services", "a window must serve at least one service")
    return tuple(serves)


def _check_coverage(
    node: Node, hall_id: str, offered: tuple[str, ...], windows: tuple[Window, ...]
) -> None:
    served = {code for w in windows for code in w.services}
    for code in offered:
        if code not in served:
            node.fail("services", f"hall {hall_id!r} offers {code!r} but no window serves it")


def _hours(node: Node) -> tuple[OpeningHours, ...]:
    periods = node.tables("hours")
    if not periods:
        node.fail("hours", "no opening hours given")
    result = []
    for period in periods:
        period.only("days", "open", "close")
        opens, closes = _time(period, "open"), _time(period, "close")
        if closes <= opens:
            period.fail("close", f"closing time {closes:%H:%M} is not after opening {opens:%H:%M}")
        result.append(OpeningHours(_days(period), opens, closes))
    return tuple(result)


def _days(node: Node) -> frozenset[int]:
    """``"mon-fri"``, ``"sat"`` or ``"mon,wed,fri"``."""
    text = node.string("days")
    days: set[int] = set()
    for part in text.lower().replace(" ", "").split(","):
        first, _, last = part.partition("-")
        if first not in DAYS or (last and last not in DAYS):
            node.fail("days", f'expected days like "mon-fri" or "sat", got {text!r}')
        start, end = DAYS.index(first), DAYS.index(last or first)
        if end < start:
            node.fail("days", f"day range runs backwards: {text!r}")
        days.update(range(start, end + 1))
    return frozenset(days)


def _time(node: Node, name: str) -> time:
    """``"09:00"`` (or a TOML local time such as ``09:00:00``)."""
    value = node.get(name, (str, time), 'a time like "09:00"', REQUIRED)
    if isinstance(value, time):
        return value
    match = _TIME.match(value)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        node.fail(name, f'expected a time like "09:00", got {value!r}')
    return time(int(match[1]), int(match[2]))
