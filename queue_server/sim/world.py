"""The district and store of one simulated day: the scenario's halls, its staff as the halls'
windows, its policy as the district's, and a Store in memory on a movable clock."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from queue_server.clock import MovableClock
from queue_server.engine.district import District, Hall, Text, Window
from queue_server.sim.draws import opening_periods
from queue_server.sim.scenario import Scenario, Staff
from queue_server.store import MEMORY, Durability, Settings, Store


@dataclass(frozen=True)
class Shift:
    """When a window works: its periods on duty (breaks already cut out)."""

    hall: str
    window: int
    periods: tuple[tuple[datetime, datetime], ...]


def scenario_district(scenario: Scenario, district: District) -> District:
    """The district as the scenario runs it: only its halls, its staff, its policy."""
    halls = {}
    for hall_id in scenario.halls:
        hall = district.halls[hall_id]
        staff = [s for s in scenario.staff if s.hall == hall_id]
        halls[hall_id] = replace(hall, windows=_windows(hall, staff)) if staff else hall
    policy = replace(district.dispatch, kind=scenario.policy)
    return replace(district, halls=halls, dispatch=policy)


def _windows(hall: Hall, staff: list[Staff]) -> tuple[Window, ...]:
    found: dict[int, Window] = {}
    for block in staff:
        for number in block.windows:
            label = Text(f"{number}号窗口", f"Window {number}")
            found[number] = Window(hall.id, number, label, block.services)
    return tuple(found[n] for n in sorted(found))


def shifts(scenario: Scenario, district: District, day: date) -> list[Shift]:
    """Every window's periods on duty: its [[staff]] block, else the hall's opening hours."""
    found = []
    for hall_id in scenario.halls:
        hall = district.halls[hall_id]
        staff = {n: s for s in scenario.staff if s.hall == hall_id for n in s.windows}
        for window in hall.windows:
            block = staff.get(window.number)
            periods = _on_duty(block, hall, day) if block else opening_periods(hall, day)
            found.append(Shift(hall_id, window.number, tuple(periods)))
    return found


def _on_duty(block: Staff, hall: Hall, day: date) -> list[tuple[datetime, datetime]]:
    zone = ZoneInfo(hall.timezone)

    def at(moment: time) -> datetime:
        return datetime.combine(day, moment, zone)

    periods = [(at(block.start), at(block.end))]
    for pause in block.breaks:
        periods = [piece for p in periods for piece in _cut(p, at(pause.start), at(pause.end))]
    return periods


def _cut(
    period: tuple[datetime, datetime], start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    first, last = period
    pieces = [(first, min(last, start)), (max(first, end), last)]
    return [(a, b) for a, b in pieces if a < b]


def open_store(district: District, start: datetime) -> tuple[Store, MovableClock]:
    """A memory store, durability off, on a clock standing at `start`."""
    clock = MovableClock(start)
    store = Store(
        MEMORY, district, clock=clock, settings=Settings(check_hours=True),
        durability=Durability.OFF,
    )  # fmt: skip
    return store, clock
