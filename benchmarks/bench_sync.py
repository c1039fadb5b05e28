"""Pull sync of 10,000 bookings from the fake platform on 127.0.0.1, with faults on.

The fake holds 10,000 bookings (some cancelled at once, some moved, more cancelled later:
about 14,200 changes in its feed) and injects every fault at once: timeouts, 500s,
dropped connections, duplicate and out-of-order deliveries, restarts from an older cursor and
a clock 2 minutes ahead. The sync runs until it has caught up; then the store is compared
booking by booking with what the platform intended. A fault-free run in the same process is
the baseline. Goal: 0 bookings lost, duplicated or in a wrong state.

By default the bookings land in the in-memory `Bookings` of the tests; `--store` puts them into
the server's own Store (a SQLite file, the sample district, its booking rules): then they are
spread over the free slots of every bookable service of every hall, 1 to 5 working days ahead,
so that none breaks a rule, and each is compared by its state and slot.

    .venv/bin/python benchmarks/bench_sync.py [--bookings 10000] [--share 0.1] [--store]
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import bench_sync_store as bench_store  # noqa: E402 (this script's folder is on sys.path)

from queue_server.clock import SHANGHAI, MovableClock  # noqa: E402
from queue_server.platform.fake import FakePlatform  # noqa: E402
from queue_server.platform.faults import Faults  # noqa: E402
from queue_server.platform.job import PlatformExchange  # noqa: E402
from queue_server.platform.memory import MemoryBookings  # noqa: E402
from queue_server.platform.sink import Bookings  # noqa: E402
from queue_server.store import Store  # noqa: E402

SECRET = b"bench-secret-bench-secret-bench!"
FIRST_SLOT = datetime(2026, 12, 7, 9, 0, tzinfo=SHANGHAI)
HALLS = ("qixia", "yaohua", "maqun", "xianlin")


def intended_bookings(fake: FakePlatform, count: int) -> None:
    """Every 9th cancelled at once (both changes in one page, maybe shuffled), every 7th moved
    to another slot; then, later in the feed, every 5th cancelled."""
    made = []
    for n in range(count):
        slot = FIRST_SLOT + timedelta(days=n % 5, minutes=30 * (n % 16))
        made.append(fake.book(HALLS[n % len(HALLS)], "HJ01", slot))
        if n % 9 == 4:
            fake.cancel(made[-1].external_id)
        elif n % 7 == 3:
            fake.reschedule(made[-1].external_id, slot + timedelta(hours=1))
    for booking in made[2::5]:
        if fake.intended[booking.external_id].state == "booked":
            fake.cancel(booking.external_id)


def run(count: int, faults: Faults, real_store: bool = False) -> dict[str, float]:
    clock = MovableClock(datetime.now(UTC))
    fake = FakePlatform(SECRET, faults=faults, clock=lambda: clock().timestamp()).start()
    with tempfile.TemporaryDirectory() as folder:
        try:
            store: Bookings
            if real_store:
                store = bench_store.open_store(Path(folder))
                bench_store.intended_bookings(fake, store, count)
            else:
                store = MemoryBookings()
                intended_bookings(fake, count)
            return _pull(fake, store, clock)
        finally:
            fake.stop()


def _pull(fake: FakePlatform, store: Bookings, clock: MovableClock) -> dict[str, float]:
    quick = {"timeout_seconds": 0.25, "backoff_seconds": 0.05, "backoff_max_seconds": 1.0}
    exchange = PlatformExchange(store, fake.settings(**quick), SECRET, clock)
    started, runs = time.perf_counter(), 0
    while True:
        runs += 1
        if exchange.pull_once().error is None:
            break
    seconds = time.perf_counter() - started
    if isinstance(store, MemoryBookings):
        wrong = sum(1 for key, want in fake.intended.items() if store.bookings.get(key) != want)
        stored, extra = len(store.bookings), len(store.bookings.keys() - fake.intended.keys())
        ignored = store.results["stale"] + store.results["unchanged"]
    else:
        assert isinstance(store, Store)
        wrong = len(bench_store.differences(fake, store))
        stored, extra, ignored = len(fake.intended) - wrong, 0, 0
    return {
        "seconds": seconds,
        "runs": runs,
        "changes": len(fake.changes),
        "requests": sum(fake.requests.values()),
        "faulty_requests": sum(n for name, n in fake.requests.items() if name != "ok"),
        "lost_or_wrong": wrong,
        "stored": stored,
        "intended": len(fake.intended),
        "extra": extra,
        "stale_or_unchanged": ignored,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, default=10_000)
    parser.add_argument("--share", type=float, default=0.1, help="each fault's share of requests")
    parser.add_argument("--store", action="store_true", help="into the server's own Store")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # the job's retry warnings are expected here
    base = run(args.bookings, Faults(), args.store)
    faults = Faults.all_on(share=args.share, slow_seconds=0.3, seed=11)
    faulty = run(args.bookings, faults, args.store)
    into = "the server's Store (SQLite)" if args.store else "the in-memory Bookings"
    changes = f"{faulty['changes']:.0f} feed changes"
    print(f"pull sync of {args.bookings} bookings ({changes}) into {into}")
    for name, result in (("fault-free", base), ("all faults", faulty)):
        ignored = result["stale_or_unchanged"]
        counted = "" if args.store else f", {ignored:.0f} deliveries ignored as stale or repeated"
        print(
            f"  {name:>10}: {result['seconds']:6.2f} s, {result['runs']:.0f} runs, "
            f"{result['requests']:.0f} requests ({result['faulty_requests']:.0f} faulty){counted}"
        )
    print(f"  time with faults / fault-free: {faulty['seconds'] / base['seconds']:.2f}")
    lost = faulty["lost_or_wrong"] + base["lost_or_wrong"]
    extra = faulty["extra"] + base["extra"]
    print(
        f"  bookings lost or in a wrong state: {lost:.0f} (goal 0); stored "
        f"{faulty['stored']:.0f} of {faulty['intended']:.0f} intended, {extra:.0f} never intended"
    )
    return 0 if lost == extra == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
