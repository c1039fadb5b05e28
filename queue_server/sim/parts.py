"""A scenario's independent parts run side by side, one process per CPU.

A part is one replication of the day at some of its halls. Halls exchange citizens only
through cross-hall suggestions, so with no acceptance every hall is a part of its own; with
acceptance the whole district is one part per replication. The citizens are drawn for the
whole day first, exactly as a serial run draws them, and each part gets its halls' share, so
every hall meets the same people as in the serial run and gives the same figures (a test
checks). A replication's parts are merged into one `DayLog`.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace

from queue_server.engine.district import District
from queue_server.sim.draws import Citizen, citizens_of_day
from queue_server.sim.outcome import DayLog
from queue_server.sim.runner import DayRun
from queue_server.sim.scenario import Scenario
from queue_server.sim.world import scenario_district


@dataclass(frozen=True)
class Part:
    replication: int
    scenario: Scenario  # restricted to the part's halls
    citizens: tuple[Citizen, ...]


def available_cpus() -> int:
    """The CPUs this process may run on (the default number of workers)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def parts_of(scenario: Scenario, district: District) -> list[Part]:
    """Every replication split into its halls (one part if citizens may cross), largest first."""
    crossing = scenario.cross_hall_acceptance > 0
    groups = [scenario.halls] if crossing else [(hall,) for hall in scenario.halls]
    found = []
    for replication in range(scenario.days):
        drawn = citizens_of_day(scenario, scenario_district(scenario, district), replication)
        for halls in groups:
            mine = tuple(c for c in drawn if c.hall in halls)
            found.append(Part(replication, _only(scenario, halls), mine))
    return sorted(found, key=lambda p: -len(p.citizens))


def _only(scenario: Scenario, halls: tuple[str, ...]) -> Scenario:
    return replace(
        scenario,
        halls=halls,
        arrivals=tuple(a for a in scenario.arrivals if a.hall in halls),
        staff=tuple(s for s in scenario.staff if s.hall in halls),
    )


def run_part(part: Part, district: District) -> DayLog:
    run = DayRun(part.scenario, district, part.replication, drawn=part.citizens)
    return run.run()


def run_in_parts(scenario: Scenario, district: District, workers: int) -> list[DayLog]:
    """Every replication, its parts spread over ``workers`` processes (the largest first, so
    the long ones do not come last), then merged per replication."""
    began = time.perf_counter()
    parts = parts_of(scenario, district)
    if len(parts) == 1:
        return [run_part(parts[0], district)]
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with ProcessPoolExecutor(min(workers, len(parts)), mp_context=context) as pool:
        logs = list(pool.map(run_part, parts, [district] * len(parts)))
    merged = [merge(r, [log for log in logs if log.replication == r]) for r in range(scenario.days)]
    for log in merged:
        log.wall_seconds = time.perf_counter() - began
    return merged


def merge(replication: int, logs: list[DayLog]) -> DayLog:
    """One replication's parts as one log (halls do not overlap between parts)."""
    whole = DayLog(replication)
    for log in logs:
        whole.tickets += log.tickets
        whole.refused.update(log.refused)
        whole.balked.update(log.balked)
        whole.suggestions += log.suggestions
        whole.windows.update(log.windows)
        whole.queue.update(log.queue)
    whole.tickets.sort(key=lambda t: (t.arrived, t.hall, t.service))
    return whole
