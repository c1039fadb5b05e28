"""Simulator speed: a district day (the sample Qixia day, ~9,000-10,000 tickets) driven through
the real Store in memory, against the bare engine loop timed in the same run: the same citizens
and shifts, dispatch by `engine.dispatch.choose_next` over Python lists, no store at all.

Prints tickets, wall and CPU seconds of each, the ratio store/bare, the time per 10,000 tickets
and whether the goal (a district day of ~10,000 tickets in at most 10 s) is met.

    .venv/bin/python benchmarks/bench_sim.py [--scenario config/scenarios/qixia-day.toml]
"""

from __future__ import annotations

import argparse
import heapq
import itertools
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from queue_server.config_loader import load_district  # noqa: E402
from queue_server.engine.dispatch import Candidate, choose_next  # noqa: E402
from queue_server.engine.district import District  # noqa: E402
from queue_server.engine.states import Priority  # noqa: E402
from queue_server.sim.draws import Citizen, citizens_of_day  # noqa: E402
from queue_server.sim.runner import DayRun  # noqa: E402
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
    scenario = load_scenario(args.scenario, district)
    cpu, began = time.process_time(), time.perf_counter()
    log = DayRun(scenario, district, 0).run()
    wall, cpu = time.perf_counter() - began, time.process_time() - cpu
    bare_served, bare = bare_loop(scenario, scenario_district(scenario, district))
    tickets = len(log.tickets)
    per_10k = wall * GOAL_TICKETS / tickets
    print(f"scenario: {scenario.name} ({args.scenario.name})")
    print(f"store-driven simulation: {tickets} tickets, {wall:.2f} s wall, {cpu:.2f} s CPU")
    print(f"bare engine loop (same citizens, no store): {bare_served} served, {bare:.3f} s")
    print(f"ratio store/bare: {wall / bare:.0f}x")
    verdict = "met" if per_10k <= GOAL_SECONDS else "MISSED"
    cpu_10k = cpu * GOAL_TICKETS / tickets
    print(f"per {GOAL_TICKETS} tickets: {per_10k:.2f} s wall, {cpu_10k:.2f} s CPU"
          f" (goal <= {GOAL_SECONDS:.0f} s): {verdict}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
