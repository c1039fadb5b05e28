"""Reports on a year of the district's data (about 3 million tickets, `gen_district_year.py`):
each report's time against the raw aggregate query over the tickets table (counts and the mean
wait of the same scope and period, no percentile, no pause or idle time), as ratios.

    .venv/bin/python benchmarks/bench_reports.py /tmp/year.db [--generate]

The report reads the day summaries (`report_cells`, `report_waits`); building them is the
day-close cost, measured here once for the whole year (`build`), and per hall-day.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

from gen_district_year import generate

from queue_server.clock import MovableClock, shanghai
from queue_server.config_loader import load_district
from queue_server.engine.report_scope import Period, Scope
from queue_server.store import Durability, Settings, Store

YEAR = (date(2026, 1, 1), date(2026, 12, 31))
REPORTS: list[tuple[str, Scope, Period]] = [
    ("district, year", Scope(), Period("range", *YEAR)),
    ("hall, year", Scope("hall", hall="qixia"), Period("range", *YEAR)),
    ("service, year", Scope("service", service="SB01"), Period("range", *YEAR)),
    ("window, year", Scope("window", hall="qixia", window=3), Period("range", *YEAR)),
    ("clerk, year", Scope("clerk", clerk="qixia-03"), Period("range", *YEAR)),
    ("district, month", Scope(), Period("month", date(2026, 11, 1), date(2026, 11, 30))),
    ("hall, week", Scope("hall", hall="qixia"),
     Period("week", date(2026, 11, 23), date(2026, 11, 29))),
    ("district, day", Scope(), Period("day", date(2026, 11, 27), date(2026, 11, 27))),
]  # fmt: skip
_WAIT = "(julianday(called_at) - julianday(arrived_at)) * 1440"
BASELINE = (
    "SELECT SUM(transferred_from IS NULL), SUM(status = 'done'), SUM(status = 'no_show'),"
    f" SUM(status = 'transferred'), AVG({_WAIT}) FROM tickets"
    " WHERE business_day BETWEEN ? AND ?"
)


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def baseline(store: Store, scope: Scope, period: Period) -> Callable[[], object]:
    sql, args = BASELINE, [period.first.isoformat(), period.last.isoformat()]
    for column in ("hall", "service", "window", "clerk"):
        value = getattr(scope, column)
        if value is not None:
            sql, args = sql + f" AND {column} = ?", [*args, value]

    def run() -> object:
        with store.db.read() as conn:
            return conn.execute(sql, args).fetchone()

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--generate", action="store_true", help="write the year first")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.generate:
        print(f"generated {generate(args.path)} visits")
    store = Store(args.path, load_district(), clock=MovableClock(shanghai(2027, 1, 5, 10)),
                  settings=Settings(check_hours=False), durability=Durability.OFF)  # fmt: skip
    with store.db.read() as conn:
        tickets = conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0]
        built_before = conn.execute("SELECT COUNT(*) FROM report_builds").fetchone()[0]
    started = time.perf_counter()
    built = store.build_report_summaries(*YEAR)
    build_s = time.perf_counter() - started
    each = f"{1000 * build_s / built:.0f} ms each" if built else "none needed"
    print(f"{tickets} tickets; summaries built: {built} hall-days in {build_s:.1f} s"
          f" ({each}; {built_before} were built before)")  # fmt: skip
    print(f"{'report':<18} {'report s':>9} {'baseline s':>11} {'ratio':>7}")
    worst = 0.0
    for name, scope, period in REPORTS:
        report_s = best_of(args.runs, partial(store.report, scope, period, rank_by="wait_p90_min"))
        base_s = best_of(args.runs, baseline(store, scope, period))
        worst = max(worst, report_s)
        print(f"{name:<18} {report_s:>9.3f} {base_s:>11.3f} {report_s / base_s:>7.2f}")
    store.close()
    today = Store(args.path, load_district(), clock=MovableClock(shanghai(2026, 12, 31, 16)),
                  settings=Settings(check_hours=False), durability=Durability.OFF)  # fmt: skip
    today_s = best_of(args.runs, partial(report_of_today, today))
    today.close()
    worst = max(worst, today_s)
    print(f"{'district, today':<18} {today_s:>9.3f}   (today's 12 hall-days rebuilt each time)")
    print(f"slowest report: {worst:.3f} s (limit 1 s); best of {args.runs} runs per figure")


def report_of_today(store: Store) -> None:
    """The district's report of 31 December at 16:00 that day (the store's clock): today's
    summaries are never final, so every report rebuilds them from the day's tickets."""
    store.report(Scope(), Period("day", date(2026, 12, 31), date(2026, 12, 31)))


if __name__ == "__main__":
    main()
