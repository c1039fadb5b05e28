"""Scenario files (`queue-server simulate SCENARIO`): read once into typed objects; every bad
value raises a `ConfigError` naming the file and the key. The README documents the format."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import Any

from queue_server.config_loader import _time, _window_numbers
from queue_server.config_reader import Node
from queue_server.engine.dispatch import POLICY_KINDS
from queue_server.engine.district import District
from queue_server.engine.errors import ConfigError

DISTRIBUTIONS = ("exponential", "lognormal", "empirical")
SCENARIO_KEYS = (
    "name", "date", "days", "seed", "policy", "halls", "cross_hall_acceptance",
    "travel_minutes", "serve_out", "recall_minutes",
)  # fmt: skip
ARRIVAL_KEYS = (
    "hall", "service", "per_hour", "rate_per_hour", "green_share", "appointment_share",
    "no_show_share", "balk_share", "patience_minutes", "early_minutes",
)  # fmt: skip


@dataclass(frozen=True)
class ServiceTime:
    """How long one citizen takes at the window (minutes)."""

    distribution: str
    mean_minutes: float
    sd_minutes: float = 0.0
    minutes: tuple[float, ...] = ()


@dataclass(frozen=True)
class Arrivals:
    """One hall's and service's citizens: a rate per clock hour (from the hall's opening)."""

    hall: str
    service: str
    per_hour: tuple[float, ...]  # one entry per clock hour from the first opening time
    constant: bool  # rate_per_hour: the same rate all day
    green_share: float = 0.0
    appointment_share: float = 0.0
    no_show_share: float = 0.0
    balk_share: float = 0.0  # who would leave when the shown wait exceeds their patience
    patience_minutes: float = 60.0  # mean of an exponential patience
    early_minutes: float = 10.0  # appointments check in up to this long before their slot


@dataclass(frozen=True)
class Break:
    start: time
    end: time


@dataclass(frozen=True)
class Staff:
    """Windows of a hall with their services, shift and breaks."""

    hall: str
    windows: tuple[int, ...]
    services: tuple[str, ...]
    start: time
    end: time
    breaks: tuple[Break, ...] = ()


@dataclass(frozen=True)
class Scenario:
    name: str
    day: date
    days: int
    seed: int
    policy: str
    halls: tuple[str, ...]
    arrivals: tuple[Arrivals, ...]
    service_times: dict[str, ServiceTime]
    staff: tuple[Staff, ...]
    cross_hall_acceptance: float = 0.0
    travel_minutes: float = 15.0
    serve_out: bool = True  # a window ending its shift first serves who already holds a ticket
    recall_minutes: float = 2.0  # how long a window waits for a no-show before moving on
    source: str = ""


def load_scenario(path: Path, district: District) -> Scenario:
    """Read and check a scenario file against the district it runs in."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as err:
        raise ConfigError(str(path), "", f"cannot read: {err.strerror or err}") from err
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(str(path), "", f"not valid TOML: {err}") from err
    return parse_scenario(data, str(path), district)


def parse_scenario(data: dict[str, Any], source: str, district: District) -> Scenario:
    root = Node(data, "", source)
    root.only("scenario", "arrivals", "service_times", "staff")
    head = root.table("scenario")
    head.only(*SCENARIO_KEYS)
    arrivals = tuple(_arrivals(n, district) for n in root.tables("arrivals"))
    if not arrivals:
        root.fail("arrivals", "a scenario needs at least one [[arrivals]] table")
    halls = _halls(head, arrivals, district)
    policy = head.string("policy", "hall", required=False)
    if policy not in POLICY_KINDS:
        head.fail("policy", f"expected one of {', '.join(POLICY_KINDS)}, got {policy!r}")
    return Scenario(
        name=head.string("name"),
        day=_date(head),
        days=head.integer("days", 1),
        seed=head.integer("seed", 1, minimum=0),
        policy=policy,
        halls=halls,
        arrivals=arrivals,
        service_times=_service_times(root.table("service_times", required=False), district),
        staff=tuple(_staff(n, district) for n in root.tables("staff", required=False)),
        cross_hall_acceptance=_share(head, "cross_hall_acceptance"),
        travel_minutes=head.number("travel_minutes", 15.0, zero_ok=True),
        serve_out=head.boolean("serve_out", True),
        recall_minutes=head.number("recall_minutes", 2.0, zero_ok=True),
        source=source,
    )


def _date(node: Node) -> date:
    value = node.get("date", (str, date), 'a date like "2026-12-07"', None)
    if value is None:
        node.fail("date", "missing")
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        node.fail("date", f'expected a date like "2026-12-07", got {value!r}')


def _halls(head: Node, arrivals: tuple[Arrivals, ...], district: District) -> tuple[str, ...]:
    """The halls the run keeps: `halls`, else those the arrivals name (in file order)."""
    named = head.strings("halls", required=False) or list(dict.fromkeys(a.hall for a in arrivals))
    for index, hall in enumerate(named):
        if hall not in district.halls:
            head.fail(f"halls[{index}]", f"unknown hall {hall!r}")
    missing = [a.hall for a in arrivals if a.hall not in named]
    if missing:
        head.fail("halls", f"arrivals name hall {missing[0]!r}, which is not listed here")
    return tuple(named)


def _share(node: Node, name: str) -> float:
    value = node.number(name, 0.0, zero_ok=True)
    if value > 1:
        node.fail(name, f"a share runs from 0 to 1, got {value!r}")
    return value


def _hall_service(node: Node, district: District) -> tuple[str, str]:
    hall = node.string("hall")
    if hall not in district.halls:
        node.fail("hall", f"unknown hall {hall!r}")
    service = node.string("service")
    if service not in district.halls[hall].services:
        node.fail("service", f"hall {hall!r} does not offer service {service!r}")
    return hall, service


def _arrivals(node: Node, district: District) -> Arrivals:
    node.only(*ARRIVAL_KEYS)
    hall, service = _hall_service(node, district)
    if ("per_hour" in node.data) == ("rate_per_hour" in node.data):
        node.fail("per_hour", "give exactly one of 'per_hour' (a list) or 'rate_per_hour'")
    constant = "rate_per_hour" in node.data
    rates = [node.number("rate_per_hour", zero_ok=True)] if constant else _rates(node)
    return Arrivals(
        hall, service, tuple(rates), constant,
        green_share=_share(node, "green_share"),
        appointment_share=_share(node, "appointment_share"),
        no_show_share=_share(node, "no_show_share"),
        balk_share=_share(node, "balk_share"),
        patience_minutes=node.number("patience_minutes", 60.0),
        early_minutes=node.number("early_minutes", 10.0, zero_ok=True),
    )  # fmt: skip


def _rates(node: Node) -> list[float]:
    rates = node.array("per_hour")
    for index, rate in enumerate(rates):
        if isinstance(rate, bool) or not isinstance(rate, int | float) or rate < 0:
            node.fail(f"per_hour[{index}]", f"expected arrivals per hour (>= 0), got {rate!r}")
    if not rates:
        node.fail("per_hour", "needs at least one hour")
    return [float(r) for r in rates]


def _service_times(node: Node, district: District) -> dict[str, ServiceTime]:
    found = {}
    for code, entry in node.items():
        if code not in district.services:
            node.fail(code, f"unknown service {code!r}")
        found[code] = _service_time(entry)
    return found


def _service_time(node: Node) -> ServiceTime:
    node.only("distribution", "mean_minutes", "sd_minutes", "minutes")
    kind = node.string("distribution", "exponential", required=False)
    if kind not in DISTRIBUTIONS:
        node.fail("distribution", f"expected one of {', '.join(DISTRIBUTIONS)}, got {kind!r}")
    if kind == "empirical":
        minutes = [float(m) for m in node.array("minutes")]
        if not minutes or any(m <= 0 for m in minutes):
            node.fail("minutes", "expected a non-empty list of positive minutes")
        return ServiceTime(kind, sum(minutes) / len(minutes), minutes=tuple(minutes))
    mean = node.number("mean_minutes")
    sd = node.number("sd_minutes") if kind == "lognormal" else 0.0
    return ServiceTime(kind, mean, sd)


def _staff(node: Node, district: District) -> Staff:
    node.only("hall", "windows", "number", "numbers", "services", "from", "to", "breaks")
    hall = node.string("hall")
    if hall not in district.halls:
        node.fail("hall", f"unknown hall {hall!r}")
    if "windows" in node.data:  # the spelling: windows = "1-4"
        node.data["numbers"] = node.data.pop("windows")
    numbers = _window_numbers(node)
    services = node.strings("services")
    for index, code in enumerate(services):
        if code not in district.halls[hall].services:
            node.fail(f"services[{index}]", f"hall {hall!r} does not offer service {code!r}")
    if not services:
        node.fail("services", "a window must serve at least one service")
    start, end = _time(node, "from"), _time(node, "to")
    if end <= start:
        node.fail("to", f"shift ends at {end:%H:%M}, not after it starts at {start:%H:%M}")
    breaks = []
    for entry in node.tables("breaks", required=False):
        entry.only("from", "to")
        breaks.append(Break(_time(entry, "from"), _time(entry, "to")))
    return Staff(hall, tuple(numbers), tuple(services), start, end, tuple(breaks))
