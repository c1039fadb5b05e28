"""A year of the sample district's tickets written straight into a queue database with sqlite
(no server, no Store calls per ticket): about 3 million tickets for `bench_reports.py`.

Distributions, per working day of the year's calendar (holidays off, 调休 days worked):
- volume: the district centre ~3,000 tickets a day, each street or park centre ~900, the day
  after a holiday 40 % more, ±15 % noise;
- arrivals: peaks 9-11 and 14-16 (domain.md), some before opening and in the lunch hour;
- waits: exponential, mean 12 min (a fifth of days busier: mean 25); service: lognormal around
  the service's expected minutes;
- outcomes: 2 % no-show, 3 % transferred once (a second ticket, same number and arrival),
  1 % cancelled, 1 % still waiting at close (closed by the roll-over at 17:30); 8 % are
  appointments; 30 % of those served are evaluated (4 % bad, each with a rectification item);
- every window pauses once or twice a day (window.paused / window.resumed events).
"""

from __future__ import annotations

import argparse
import math
import random
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

from queue_server.clock import MovableClock, shanghai
from queue_server.config_loader import load_district
from queue_server.engine.district import District, Hall
from queue_server.store import Durability, Settings, Store

HOURS = [(8, 0.02), (9, 0.17), (10, 0.18), (11, 0.10), (12, 0.04), (13, 0.07), (14, 0.15),
         (15, 0.16), (16, 0.11)]  # fmt: skip
LEVELS = [5] * 80 + [4] * 12 + [3] * 4 + [2] * 3 + [1]
TICKET_COLUMNS = (
    "id, hall, service, number, business_day, token, status, priority, rank, source, issued_at,"
    " arrived_at, called_at, started_at, finished_at, window, clerk, recall_count, outcome,"
    " transferred_from, slot_start"
)


def stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")


def volume(hall: Hall, day: date, after_holiday: bool, rng: random.Random) -> int:
    base = 3000 if hall.level == "district" else 900
    return int(base * (1.4 if after_holiday else 1.0) * rng.uniform(0.85, 1.15))


def arrival(day: date, rng: random.Random) -> datetime:
    hour = rng.choices([h for h, _ in HOURS], [w for _, w in HOURS])[0]
    return shanghai(day.year, day.month, day.day, hour, rng.randrange(60)) + timedelta(
        seconds=rng.randrange(60)
    )


class Generator:
    def __init__(self, conn: sqlite3.Connection, district: District, seed: int) -> None:
        self.conn, self.district, self.rng = conn, district, random.Random(seed)
        self.next_id = 1
        self.evaluation_id = 1
        self.tickets: list[tuple[object, ...]] = []
        self.evaluations: list[tuple[object, ...]] = []
        self.rectifications: list[tuple[object, ...]] = []
        self.events: list[tuple[object, ...]] = []

    def day(self, hall: Hall, day: date, after_holiday: bool) -> int:
        count = volume(hall, day, after_holiday, self.rng)
        busy = self.rng.random() < 0.2
        numbers: dict[str, int] = {}
        for moment in sorted(arrival(day, self.rng) for _ in range(count)):
            service = self.rng.choice(hall.services)
            prefix = self.district.services[service].prefix
            numbers[prefix] = numbers.get(prefix, 0) + 1
            self.ticket(hall, day, service, f"{prefix}{numbers[prefix]:03d}", moment, busy)
        self.pauses(hall, day)
        return count

    def ticket(self, hall: Hall, day: date, service: str, number: str, arrived: datetime,
               busy: bool) -> None:  # fmt: skip
        rng = self.rng
        windows = hall.windows_serving(service) or hall.windows
        window = rng.choice(windows).number
        clerk = f"{hall.id}-{window:02d}"
        slot = (
            arrived.replace(minute=0 if arrived.minute < 30 else 30, second=0)
            if rng.random() < 0.08
            else None
        )
        called = arrived + timedelta(seconds=rng.expovariate(1 / (1500 if busy else 720)))
        fate = rng.random()
        if fate < 0.01:  # still waiting at close: the roll-over's no-show at 17:30
            closed = shanghai(day.year, day.month, day.day, 17, 30)
            self.row(hall, day, service, number, "no_show", arrived, arrived, None, None,
                     max(closed, arrived), None, None, "no_show", None, slot)  # fmt: skip
            return
        if fate < 0.02:
            self.row(hall, day, service, number, "cancelled", arrived, arrived, None, None,
                     called, None, None, None, None, slot)  # fmt: skip
            return
        if fate < 0.04:
            gone = called + timedelta(minutes=2)
            self.row(hall, day, service, number, "no_show", arrived, arrived, called, None,
                     gone, window, clerk, "no_show", None, slot)  # fmt: skip
            return
        first = None
        if fate < 0.07:  # served briefly, transferred to another service, then served there
            left = called + timedelta(minutes=rng.uniform(1, 4))
            first = self.row(hall, day, service, number, "transferred", arrived, arrived, called,
                             called, left, window, clerk, "transferred", None, slot)  # fmt: skip
            service = rng.choice(hall.services)
            arrived_again, called = left, left + timedelta(seconds=rng.expovariate(1 / 600))
            window = rng.choice(hall.windows_serving(service) or hall.windows).number
            clerk = f"{hall.id}-{window:02d}"
        else:
            arrived_again = arrived
        expected = self.district.services[service].expected_minutes
        served = timedelta(minutes=rng.lognormvariate(math.log(expected), 0.5))
        done = self.row(hall, day, service, number, "done", arrived_again, arrived, called, called,
                        called + served, window, clerk, "handled", first, slot)  # fmt: skip
        if rng.random() < 0.3:
            self.evaluate(hall, done, called + served + timedelta(minutes=3))

    def row(self, hall: Hall, day: date, service: str, number: str, status: str,
            issued: datetime, arrived: datetime, called: datetime | None,
            started: datetime | None, finished: datetime | None, window: int | None,
            clerk: str | None, outcome: str | None, transferred_from: int | None,
            slot: datetime | None) -> int:  # fmt: skip
        ticket_id = self.next_id
        self.next_id += 1
        source = "transfer" if transferred_from else ("appointment" if slot else "walk_in")
        self.tickets.append((
            ticket_id, hall.id, service, number, day.isoformat(), f"t{ticket_id}", status,
            "appointment" if slot else "normal", 1 if slot else 2, source, stamp(issued),
            stamp(max(arrived, slot) if slot else arrived),
            stamp(called) if called else None, stamp(started) if started else None,
            stamp(finished) if finished else None, window, clerk, 0, outcome, transferred_from,
            stamp(slot) if slot else None,
        ))  # fmt: skip
        return ticket_id

    def evaluate(self, hall: Hall, ticket_id: int, at: datetime) -> None:
        level = self.rng.choice(LEVELS)
        evaluation = self.evaluation_id
        self.evaluation_id += 1
        self.evaluations.append((evaluation, ticket_id, hall.id, 1, level, "517", "", 2, stamp(at)))
        if level <= 2:
            closed = self.rng.random() < 0.8
            self.rectifications.append((
                evaluation, hall.id, "closed" if closed else "open", stamp(at),
                stamp(at + timedelta(days=7)), stamp(at + timedelta(days=2)) if closed else None,
                stamp(at + timedelta(days=3)) if closed else None,
            ))  # fmt: skip

    def pauses(self, hall: Hall, day: date) -> None:
        for window in hall.windows:
            for _ in range(self.rng.choice((1, 2))):
                start = shanghai(day.year, day.month, day.day, self.rng.choice((10, 11, 15)),
                                 self.rng.randrange(60))  # fmt: skip
                end = start + timedelta(minutes=self.rng.uniform(5, 40))
                for kind, at in (("window.paused", start), ("window.resumed", end)):
                    self.events.append((stamp(at), kind, hall.id, "clerk",
                                        window.number, "{}"))  # fmt: skip

    def flush(self) -> None:
        marks = ", ".join("?" for _ in TICKET_COLUMNS.split(","))
        self.conn.executemany(
            f"INSERT INTO tickets ({TICKET_COLUMNS}) VALUES ({marks})", self.tickets
        )
        self.conn.executemany(
            "INSERT INTO evaluations (id, ticket_id, hall, count, level, reasons, text, channel,"
            " at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", self.evaluations,
        )  # fmt: skip
        self.conn.executemany(
            "INSERT INTO rectifications (evaluation_id, hall, state, opened_at, deadline,"
            " visited_at, replied_at) VALUES (?, ?, ?, ?, ?, ?, ?)", self.rectifications,
        )  # fmt: skip
        self.conn.executemany(
            "INSERT INTO events (at, type, hall, actor, window, data) VALUES (?, ?, ?, ?, ?, ?)",
            self.events,
        )
        self.tickets, self.evaluations, self.rectifications, self.events = [], [], [], []


def working_days(hall: Hall, year: int) -> Iterator[tuple[date, bool]]:
    """(day, the day after a holiday?) for each working day of the year."""
    day, previous_off = date(year, 1, 1), False
    while day.year == year:
        working = hall.days.is_working_day(day)
        if working:
            yield day, previous_off
        previous_off = not working and day.weekday() < 5
        day += timedelta(days=1)


def generate(path: Path, year: int = 2026, seed: int = 14) -> int:
    """Create the database at `path` (schema by the Store) and fill it; the ticket count."""
    district = load_district()
    Store(path, district, clock=MovableClock(shanghai(year, 1, 1, 0)),
          settings=Settings(check_hours=False), durability=Durability.OFF).close()  # fmt: skip
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    generator = Generator(conn, district, seed)
    total = 0
    with conn:
        for hall in district.halls.values():
            for day, after_holiday in working_days(hall, year):
                total += generator.day(hall, day, after_holiday)
            generator.flush()
    conn.close()
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--year", type=int, default=2026)
    args = parser.parse_args()
    started = datetime.now()
    count = generate(args.path, args.year)
    seconds = (datetime.now() - started).total_seconds()
    print(f"{count} visits written to {args.path} in {seconds:.0f} s")


if __name__ == "__main__":
    main()
