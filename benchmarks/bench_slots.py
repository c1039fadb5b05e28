"""Slot search across the district: for one service, every hall offering it, the next 5 working
days (what a citizen's "where can I book?" asks), on a database already holding bookings.

Prints p50/p95/p99 of one district search (goal: p95 <= 50 ms) and, measured in the same run on
the same database, the latency of a plain single-hall, single-day count of bookings per slot in
SQLite, as the ratio search/raw.

    .venv/bin/python benchmarks/bench_slots.py [--searches 300] [--fill 0.5]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from queue_server.clock import MovableClock, shanghai  # noqa: E402
from queue_server.config_loader import load_district  # noqa: E402
from queue_server.engine.appointment_errors import BookingRefused  # noqa: E402
from queue_server.engine.privacy import id_check_char  # noqa: E402
from queue_server.store import Settings, Store  # noqa: E402
from queue_server.store.booking import BookingRequest  # noqa: E402
from queue_server.store.tickets import IdCard  # noqa: E402

TODAY = shanghai(2026, 12, 7, 10)  # a Monday


def id_number(serial: int) -> str:
    first17 = f"3201131980{serial:07d}"
    return first17 + id_check_char(first17)


def working_days(store: Store, count: int) -> list[date]:
    days = next(iter(store.district.halls.values())).days
    found = days.working_days_after(TODAY.date())
    return [next(found) for _ in range(count)]


def bookable(store: Store) -> list[tuple[str, str]]:
    services = store.district.services
    return [
        (hall.id, code)
        for hall in store.district.halls.values()
        for code in hall.services
        if services[code].appointment_allowed and hall.windows_serving(code)
    ]


def fill(store: Store, share: float, days: list[date]) -> int:
    """Book about `share` of every slot; the number of bookings made."""
    made = 0
    for hall, service in bookable(store):
        for slot in store.slots(hall, service, days[0], days[-1]):
            for _ in range(round(slot["capacity"] * share)):
                start = datetime.fromisoformat(slot["start"])
                made += _book(store, hall, service, start, made + 1)
    return made


def _book(store: Store, hall: str, service: str, start: datetime, serial: int) -> int:
    request = BookingRequest(f"b{serial}", hall, service, start)
    try:
        store.book(request, IdCard(id_number(serial), "测试"))
    except BookingRefused:
        return 0
    return 1


def timed(work: Callable[[], object], repeats: int) -> list[float]:
    seconds = []
    for _ in range(repeats):
        began = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - began)
    return seconds


def quantile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q * 100) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--searches", type=int, default=300)
    parser.add_argument("--fill", type=float, default=0.5, help="share of each slot booked")
    args = parser.parse_args()
    rng = random.Random(11)  # the same services searched on every run
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "queue.db"
        store = Store(db, load_district(), clock=MovableClock(TODAY),
                      settings=Settings(check_hours=False))  # fmt: skip
        days = working_days(store, 5)
        began = time.perf_counter()
        made = fill(store, args.fill, days)
        print(f"filled: {made} bookings in {time.perf_counter() - began:.1f} s")
        pairs = bookable(store)
        services = sorted({service for _, service in pairs})
        halls_of = {s: [h for h, code in pairs if code == s] for s in services}

        def search() -> None:
            service = rng.choice(services)
            for hall in halls_of[service]:
                store.slots(hall, service, days[0], days[-1])

        raw = sqlite3.connect(db)
        hall, service = pairs[0]

        def baseline() -> None:
            raw.execute(
                "SELECT slot_start, COUNT(*) FROM appointments WHERE hall = ? AND service = ?"
                " AND day = ? AND state != 'cancelled' GROUP BY slot_start",
                (hall, service, days[0].isoformat()),
            ).fetchall()

        timed(search, 20)  # warm up
        searched = timed(search, args.searches)
        plain = timed(baseline, args.searches)
        report(searched, plain, len(services), max(len(h) for h in halls_of.values()), days)
        raw.close()
        store.close()


def report(searched: list[float], plain: list[float], services: int, halls: int,
           days: list[date]) -> None:  # fmt: skip
    ms = [s * 1000 for s in searched]
    base = [s * 1000 for s in plain]
    span = f"{days[0]}..{days[-1]} ({len(days)} working days)"
    print(f"district slot search: {services} bookable services, up to {halls} halls each, {span}")
    print(f"  p50 {quantile(ms, 0.5):.2f} ms  p95 {quantile(ms, 0.95):.2f} ms"
          f"  p99 {quantile(ms, 0.99):.2f} ms  (goal p95 <= 50 ms:"
          f" {'met' if quantile(ms, 0.95) <= 50 else 'NOT met'})")  # fmt: skip
    print(f"baseline, one hall one day raw SQLite count: p50 {quantile(base, 0.5):.3f} ms"
          f"  p95 {quantile(base, 0.95):.3f} ms")  # fmt: skip
    ratio = quantile(ms, 0.95) / quantile(base, 0.95)
    print(
        f"ratio search/raw (p95): {ratio:.0f}x  (a search is {halls} halls x 5 days of"
        " slots, caps and counts)"
    )


if __name__ == "__main__":
    main()
