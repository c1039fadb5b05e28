"""Staffing advice: for the scenario's forecast of arrivals by hour, the windows each service
needs in each hour to call a share of citizens within the hall's target (Erlang C), checked
by simulating the day with exactly that staff at dedicated windows."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta
from typing import Any

from queue_server.engine import staffing
from queue_server.engine.district import District
from queue_server.sim import measures
from queue_server.sim.draws import opening_periods, service_time_of
from queue_server.sim.runner import run_scenario
from queue_server.sim.scenario import Arrivals, Break, Scenario, Staff

DEFAULT_SHARE = 0.9
CHECKED = ("served", "mean_wait_minutes", "p90_wait_minutes", "within_target_share")


def staffing_advice(
    scenario: Scenario, district: District, *, share: float = DEFAULT_SHARE, check: bool = True,
    workers: int = 1,
) -> dict[str, Any]:  # fmt: skip
    """`{"target_share", "halls": {HALL: {"services": {CODE: {"hours": [...], "simulated"}}}}}`:
    windows per hour from Erlang C; `simulated` the day run with that staff (if `check`, on
    ``workers`` processes)."""
    advice: dict[str, Any] = {"target_share": share, "halls": {}}
    plans: list[tuple[Arrivals, list[tuple[datetime, int]]]] = []
    for stream in scenario.arrivals:
        hall = district.halls[stream.hall]
        target = staffing.Target(hall.target_wait_minutes, share)
        mean = service_time_of(scenario, district, stream.service).mean_minutes
        hours = _hours(stream, scenario, district, mean, target)
        plans.append((stream, [(h["start"], h["windows"]) for h in hours]))
        found = advice["halls"].setdefault(stream.hall, {"target_wait_minutes": target.wait_minutes,
                                                         "services": {}})  # fmt: skip
        found["services"][stream.service] = {
            "mean_service_minutes": round(mean, 1),
            "hours": [{**h, "start": h["start"].strftime("%H:%M")} for h in hours],
        }
    if check:
        _check(advice, scenario, district, plans, workers)
    return advice


def _hours(
    stream: Arrivals, scenario: Scenario, district: District, mean: float, target: staffing.Target
) -> list[dict[str, Any]]:
    hall = district.halls[stream.hall]
    periods = opening_periods(hall, scenario.day)
    if not periods:
        return []
    first, last = periods[0][0], periods[-1][1]
    found, hour = [], 0
    while first + timedelta(hours=hour) < last:
        start = first + timedelta(hours=hour)
        end = start + timedelta(hours=1)
        rate = stream.per_hour[0] if stream.constant else _at(stream.per_hour, hour)
        hour += 1
        if rate <= 0 or not any(a < end and start < b for a, b in periods):
            continue
        windows = staffing.servers_needed(rate, mean, target)
        found.append({
            "start": start, "arrivals_per_hour": rate,
            "load_erlangs": round(staffing.offered_load(rate, mean), 2), "windows": windows,
            "within_target_share": round(
                staffing.within_target_share(windows, rate, mean, target.wait_minutes), 3),
        })  # fmt: skip
    return found


def _at(rates: tuple[float, ...], hour: int) -> float:
    return rates[hour] if hour < len(rates) else 0.0


def advised_staff(plans: list[tuple[Arrivals, list[tuple[datetime, int]]]]) -> list[Staff]:
    """Dedicated windows per hall, numbered from 1: window k of a service works the hours that
    need at least k windows (the other hours are its breaks)."""
    staff: list[Staff] = []
    numbers: dict[str, int] = {}
    for stream, hours in plans:
        most = max((n for _, n in hours), default=0)
        for k in range(1, most + 1):
            on = [start for start, n in hours if n >= k]
            numbers[stream.hall] = numbers.get(stream.hall, 0) + 1
            staff.append(_window(stream, numbers[stream.hall], on))
    return staff


def _window(stream: Arrivals, number: int, hours: list[datetime]) -> Staff:
    start, end = hours[0].time(), _plus_hour(hours[-1])
    on = {h.time() for h in hours}
    gaps = []
    moment = hours[0]
    while moment < hours[-1]:
        if moment.time() not in on:
            gaps.append(Break(moment.time(), _plus_hour(moment)))
        moment += timedelta(hours=1)
    return Staff(stream.hall, (number,), (stream.service,), start, end, tuple(gaps))


def _plus_hour(moment: datetime) -> time:
    later = moment + timedelta(hours=1)
    return later.time() if later.date() == moment.date() else time(23, 59)


def _check(
    advice: dict[str, Any], scenario: Scenario, district: District,
    plans: list[tuple[Arrivals, list[tuple[datetime, int]]]], workers: int,
) -> None:  # fmt: skip
    """Simulate the day with the advised staff at dedicated windows (what Erlang C assumes)."""
    trial = replace(scenario, staff=tuple(advised_staff(plans)), policy="dedicated-fifo",
                    cross_hall_acceptance=0.0)  # fmt: skip
    logs = run_scenario(trial, district, workers)
    for hall, found in advice["halls"].items():
        target = found["target_wait_minutes"]
        for code, entry in found["services"].items():
            mine = [t for log in logs for t in log.tickets if t.hall == hall and t.service == code]
            stats = measures.wait_stats(mine, target)
            entry["simulated"] = {k: stats[k] for k in CHECKED}
