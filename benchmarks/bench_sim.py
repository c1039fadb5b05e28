"""Simulator speed: a district day (the sample Qixia day, ~9,000-10,000 tickets) driven through
the real Store in memory, against the bare engine loop timed in the same run: the same citizens
and shifts, dispatch by `engine.dispatch.choose_next` over Python lists, no store at all.

The day is run twice: in one process, and as `queue-server simulate` runs it, its halls (which
exchange no citizens on this day) spread over one process per CPU (`sim.parts`). Prints
tickets, wall and CPU seconds of each, the ratios to the bare loop, the time per 10,000 tickets
and whether the goal (a district day of ~10,000 tickets in at most 10 s on this machine) is met.

    .venv/bin/python benchmarks/bench_sim.py [--scenario config/scenarios/qixia-day.toml]
"""

from __future__ import annotations

import argparse
import heapq
import itertools
import sys
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from queue_server.config_loader import load_district  # noqa: E402
from queue_server.engine.dispatch import Candidate, choose_next  # noqa: E402
from queue_server.engine.district import District  # noqa: E402
from queue_server.engine.states import Priority  # noqa: E402
from queue_server.sim.draws import Citizen, citizens_of_day  # noqa: E402
from queue_server.sim.parts import available_cpus  # noqa: E402
from queue_server.sim.runner import DayRun, run_scenario  # noqa: E402
from queue_server.sim.scenario import Scenario, load_scenario  # noqa: E402
from queue_server.sim.world import scenario_district, shifts  # noqa: E402

GOAL_SECONDS, GOAL_TICKETS = 10.0, 10_000


def bare_loop(scenario: Scenario, district: District) -> tuple[int, float]:
    """The same day with the engine's dispatch on plain lists: (tickets served, seconds)."""
    began = time.perf_counter()
    citizens = citizens_of_day(scenario, district, 0)
    waiting: dict[str, list[Candidate]] = {hall: [] for hall in scenario.halls}
    minutes: dict[int, Citizen] = {}
    free: dict[tuple[str, int], bool] = {}
    order = itertools.count()
    heap: list[tuple[datetime, int, str, object]] = []
    for c in citizens:
        heapq.heappush(heap, (c.at, next(order), "arrive", c))
    for shift in shifts(scenario, district, scenario.day):
        for start, end in shift.periods:
            heapq.heappush(heap, (start, next(order), "on", (shift.hall, shift.window)))
            heapq.heappush(heap, (end, next(order), "off", (shift.hall, shift.window)))
    served = 0
    while heap:
        now, _, kind, data = heapq.heappop(heap)
        if kind == "arrive":
            assert isinstance(data, Citizen)
            ticket = Candidate(data.seq, data.service, Priority(data.priority), now,
                               slot_start=data.slot[0] if data.slot else None)  # fmt: skip
            waiting[data.hall].append(ticket)
            minutes[data.seq] = data
            keys = [k for k, idle in free.items() if idle and k[0] == data.hall]
        else:
            key = data if isinstance(data, tuple) else None
            assert key is not None
            free[key] = kind in ("on", "done")
            served += kind == "done"
            keys = [key] if free[key] else []
        for key in keys:
            window = district.halls[key[0]].window(key[1])
            assert window is not None
            chosen = choose_next(window.services, waiting[key[0]], now, district.dispatch)
            if chosen is None:
                continue
            waiting[key[0]].remove(chosen)
            free[key] = False
            finish = now + timedelta(minutes=minutes[chosen.ticket_id].service_minutes)
            heapq.heappush(heap, (finish, next(order), "done", key))
    return served, time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", type=Path,
                        default=ROOT / "config" / "scenarios" / "qixia-day.toml")  # fmt: skip
    args = parser.parse_args()
    district = load_district()
    scenario = replace(load_scenario(args.scenario, district), days=1)
    cpu, began = time.process_time(), time.perf_counter()
    log = DayRun(scenario, district, 0).run()
    wall, cpu = time.perf_counter() - began, time.process_time() - cpu
    workers = available_cpus()
    began = time.perf_counter()
    apart = run_scenario(scenario, district, workers)[0]
    parallel = time.perf_counter() - began
    bare_served, bare = bare_loop(scenario, scenario_district(scenario, district))
    tickets = len(log.tickets)
    assert len(apart.tickets) == tickets, "the parts' run must issue the same tickets"
    print(f"scenario: {scenario.name} ({args.scenario.name})")
    print(f"bare engine loop (same citizens, no store): {bare_served} served, {bare:.3f} s")
    print(
        f"store, one process: {tickets} tickets, {wall:.2f} s wall, {cpu:.2f} s CPU,"
        f" ratio to bare {wall / bare:.0f}x, per {GOAL_TICKETS}: {_per(wall, tickets):.2f} s"
    )
    print(f"store, halls over {workers} processes: {parallel:.2f} s wall,"
          f" ratio to bare {parallel / bare:.0f}x, per {GOAL_TICKETS}:"
          f" {_per(parallel, tickets):.2f} s")  # fmt: skip
    verdict = "met" if _per(parallel, tickets) <= GOAL_SECONDS else "MISSED"
    print(f"goal: a district day of {GOAL_TICKETS} tickets in <= {GOAL_SECONDS:.0f} s: {verdict}")
    return 0


def _per(seconds: float, tickets: int) -> float:
    return seconds * GOAL_TICKETS / tickets


if __name__ == "__main__":
    sys.exit(main())
