"""The simulation's answer: the JSON summary (`--json`) and the readable table."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

from queue_server.engine.district import District
from queue_server.sim import measures
from queue_server.sim.outcome import DayLog, TicketLog
from queue_server.sim.scenario import Scenario


def summarise(scenario: Scenario, district: District, logs: Sequence[DayLog]) -> dict[str, Any]:
    """Per hall and service, for the district, and per replication (all days pooled)."""
    tickets = [t for log in logs for t in log.tickets]
    target = max((district.halls[h].target_wait_minutes for h in scenario.halls), default=30)
    return {
        "scenario": scenario.name,
        "date": scenario.day.isoformat(),
        "policy": scenario.policy,
        "days": len(logs),
        "seed": scenario.seed,
        "cross_hall_acceptance": scenario.cross_hall_acceptance,
        "halls": {hall: _hall(scenario, district, logs, hall) for hall in scenario.halls},
        "district": measures.wait_stats(tickets, target),
        "appointments": measures.punctuality(tickets),
        "estimate_error": measures.estimate_errors(tickets),
        "cross_hall": measures.crossings([s for log in logs for s in log.suggestions]),
        "replications": [_replication(log, target) for log in logs],
        "mean_wait_ci95_minutes": _confidence(logs),
    }


def _hall(
    scenario: Scenario, district: District, logs: Sequence[DayLog], hall: str
) -> dict[str, Any]:
    target = district.halls[hall].target_wait_minutes
    mine = [t for log in logs for t in log.tickets if t.hall == hall]
    services: dict[str, list[TicketLog]] = {}
    for ticket in mine:
        services.setdefault(ticket.service, []).append(ticket)
    return {
        "target_wait_minutes": target,
        "services": {
            code: {**measures.wait_stats(found, target), **_lost(logs, hall, code)}
            for code, found in sorted(services.items())
        },
        "waits": measures.wait_stats(mine, target),
        "appointments": measures.punctuality(mine),
        "window_utilisation": _utilisation(logs, hall),
        "crossings_in": sum(1 for t in mine if t.crossed),
    }


def _lost(logs: Sequence[DayLog], hall: str, service: str) -> dict[str, int]:
    return {
        "refused": sum(log.refused.get((hall, service), 0) for log in logs),
        "balked": sum(log.balked.get((hall, service), 0) for log in logs),
    }


def _utilisation(logs: Sequence[DayLog], hall: str) -> dict[str, float]:
    """Busy minutes over minutes on duty, per window (serving out after a shift counts busy)."""
    busy: dict[int, float] = {}
    duty: dict[int, float] = {}
    for log in logs:
        for (h, number), window in log.windows.items():
            if h == hall:
                busy[number] = busy.get(number, 0.0) + window.busy_minutes
                duty[number] = duty.get(number, 0.0) + window.duty_minutes
    return {str(n): round(busy[n] / duty[n], 3) if duty[n] else 0.0 for n in sorted(busy)}


def _replication(log: DayLog, target: float) -> dict[str, Any]:
    stats = measures.wait_stats(log.tickets, target)
    return {
        "replication": log.replication,
        "tickets": stats["issued"],
        "mean_wait_minutes": stats["mean_wait_minutes"],
        "p90_wait_minutes": stats["p90_wait_minutes"],
        "wall_seconds": round(log.wall_seconds, 3),
    }


def _confidence(logs: Sequence[DayLog]) -> list[float] | None:
    """A 95 % interval of the mean wait across replications (None for a single day)."""
    means = [
        statistics.fmean(waits)
        for log in logs
        if (waits := [w for t in log.tickets if (w := t.wait_minutes) is not None])
    ]
    if len(means) < 2:
        return None
    centre, half = statistics.fmean(means), _t95(len(means)) * statistics.stdev(means)
    half /= len(means) ** 0.5
    return [round(centre - half, 2), round(centre + half, 2)]


def _t95(n: int) -> float:
    """Student's t, two-sided 95 %, for n - 1 degrees of freedom (2.0 past the table)."""
    table = {2: 12.71, 3: 4.30, 4: 3.18, 5: 2.78, 6: 2.57, 7: 2.45, 8: 2.36, 9: 2.31, 10: 2.26}
    return table.get(n, 2.09 if n <= 20 else 2.0)


COLUMNS = ("served", "no_shows", "mean_wait_minutes", "median_wait_minutes", "p90_wait_minutes",
           "max_wait_minutes", "within_target_share")  # fmt: skip
HEADINGS = ("hall", "service", "served", "no-show", "mean", "median", "p90", "max", "≤target")


def table(summary: dict[str, Any]) -> str:
    """The summary as a readable table (minutes), with the district and estimate lines."""
    rows: list[tuple[str, ...]] = [HEADINGS]
    for hall, found in summary["halls"].items():
        for code, stats in found["services"].items():
            rows.append((hall, code, *_cells(stats)))
    rows.append(("district", "all", *_cells(summary["district"])))
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(HEADINGS))]
    lines = ["  ".join(str(v).ljust(w) for v, w in zip(r, widths, strict=True)) for r in rows]
    head = f"{summary['scenario']} · {summary['date']} · policy {summary['policy']}"
    return "\n".join([head, *lines, "", *_footer(summary)])


def _cells(stats: dict[str, Any]) -> list[str]:
    cells = [str(stats[c]) for c in COLUMNS[:-1]]
    return [*cells, f"{stats['within_target_share']:.0%}"]


def _footer(summary: dict[str, Any]) -> list[str]:
    appointments = summary["appointments"]
    errors = summary["estimate_error"]
    cross = summary["cross_hall"]
    return [
        f"appointments: {appointments['appointments']}, called within 10 min of the slot:"
        f" {appointments['within_10_minutes_share']:.0%}",
        "estimate error (median |error| / real wait, waits ≥10 min): "
        + ", ".join(f"{k} {v['median_relative_error']:.0%}" for k, v in errors.items()),
        f"cross-hall: {cross['suggestions_shown']} shown, {cross['crossings']} taken,"
        f" {cross['reversals']} reversals",
    ]
