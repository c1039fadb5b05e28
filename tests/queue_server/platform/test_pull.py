"""The pull sync against the fake platform on 127.0.0.1, each fault on and all at once; the
final store is compared booking by booking with what the platform intended."""

from __future__ import annotations

import dataclasses
import threading
import time

import pytest

from queue_server.clock import MovableClock
from queue_server.platform.faults import Faults
from queue_server.platform.job import PlatformExchange
from queue_server.platform.memory import MemoryBookings
from queue_server.platform.pull import PullReport
from tests.queue_server.platform.conftest import (
    SECRET,
    SLOT,
    MakeFake,
    book_many,
    differences,
    exchange_for,
)

FAULTS = {
    "timeouts": Faults(timeout=0.3, slow_seconds=0.15),
    "500s": Faults(error=0.3),
    "dropped connections": Faults(drop=0.3),
    "duplicates": Faults(duplicate=0.3),
    "out of order": Faults(out_of_order=0.5),
    "restarts from an older cursor": Faults(restart=0.4),
    "clock ahead": Faults(skew_seconds=240),
    "clock behind": Faults(skew_seconds=-240),
    "all at once": Faults.all_on(share=0.2, slow_seconds=0.15, seed=7),
}
# What shows that the fault did strike: requests it met, or answers of the store it caused.
STRUCK = {
    "timeouts": ("slow",),
    "500s": ("error",),
    "dropped connections": ("drop",),
    "duplicates": ("unchanged",),
    "out of order": ("stale",),
    "restarts from an older cursor": ("unchanged",),
    "all at once": ("slow", "error", "drop", "stale", "unchanged"),
}


def pull_until_caught_up(exchange: object, rounds: int = 60) -> list[PullReport]:
    reports = []
    for _ in range(rounds):
        reports.append(exchange.pull_once())  # type: ignore[attr-defined]
        if reports[-1].error is None:
            return reports
    raise AssertionError(f"not caught up after {rounds} runs: {reports[-1].error}")


@pytest.mark.parametrize("name", FAULTS)
def test_no_booking_lost_duplicated_or_wrong_under_faults(
    name: str, make_fake: MakeFake, clock: MovableClock
) -> None:
    fake = make_fake(dataclasses.replace(FAULTS[name], seed=FAULTS[name].seed or 3))
    book_many(fake, 400)
    store = MemoryBookings()
    pull_until_caught_up(exchange_for(fake, store, clock))
    assert differences(fake.intended, store) == []
    assert store.sync_state()["cursor"] == str(len(fake.changes))
    assert store.sync_state()["last_error"] is None
    seen = fake.requests + store.results
    assert all(seen[sign] > 0 for sign in STRUCK.get(name, ())), seen


def test_a_late_created_does_not_undo_a_cancellation(
    make_fake: MakeFake, clock: MovableClock
) -> None:
    fake = make_fake()
    booking = fake.book("qixia", "HJ01", SLOT)
    fake.cancel(booking.external_id)
    store = MemoryBookings()
    exchange = exchange_for(fake, store, clock)
    exchange.pull_once()
    fake.changes.append(booking)  # the platform re-delivers the original, "booked" version 1
    report = exchange.pull_once()
    assert report.results == {"stale": 1}
    assert store.bookings[booking.external_id].state == "cancelled"


def test_a_failed_fetch_midway_keeps_the_cursor_of_the_last_applied_page(
    make_fake: MakeFake, clock: MovableClock
) -> None:
    fake = make_fake()
    book_many(fake, 120)  # 3 pages of 50
    store = MemoryBookings()
    exchange = exchange_for(fake, store, clock, attempts=1)
    fake.faults = Faults(error=1.0)  # from the first request on, every answer is a 500
    report = exchange.pull_once()
    assert report.pages == 0 and "500" in (report.error or "")
    assert store.sync_state()["cursor"] is None and store.bookings == {}
    fake.faults = Faults()
    first = exchange.pull.client.get  # let two pages through, then fail again
    calls = {"n": 0}

    def two_then_fail(url: str, query: dict[str, str]) -> object:
        calls["n"] += 1
        if calls["n"] == 3:
            fake.faults = Faults(drop=1.0)
        return first(url, query)

    exchange.pull.client.get = two_then_fail  # type: ignore[method-assign]
    report = exchange.pull_once()
    assert report.pages == 2 and report.error is not None
    assert store.sync_state()["cursor"] == "100"
    assert len(store.bookings) == len({b.external_id for b in fake.changes[:100]})
    fake.faults = Faults()
    exchange.pull_once()
    assert differences(fake.intended, store) == []


def test_refused_bookings_are_counted_and_kept_in_the_errors(
    make_fake: MakeFake, clock: MovableClock
) -> None:
    fake = make_fake()
    kept = [fake.book("qixia", "HJ01", SLOT) for _ in range(3)]
    store = MemoryBookings(capacity=2)
    report = exchange_for(fake, store, clock).pull_once()
    assert report.results == {"created": 2, "refused": 1}
    error = str(store.sync_state()["last_error"])
    assert f"{kept[2].external_id} slot_full" in error
    assert kept[2].id_number not in error


@pytest.mark.parametrize("skew", [400, -400])
def test_a_clock_beyond_the_replay_window_stops_the_sync_until_it_is_set_right(
    skew: float, make_fake: MakeFake, clock: MovableClock
) -> None:
    fake = make_fake(Faults(skew_seconds=skew))
    book_many(fake, 60)
    store = MemoryBookings()
    exchange = exchange_for(fake, store, clock)
    report = exchange.pull_once()
    assert "signature_stale" in (report.error or "")
    assert store.bookings == {} and store.sync_state()["cursor"] is None
    fake.faults = Faults()
    pull_until_caught_up(exchange)
    assert differences(fake.intended, store) == []


def test_retries_wait_longer_each_time(make_fake: MakeFake, clock: MovableClock) -> None:
    fake = make_fake(Faults(error=1.0))
    fake.book("qixia", "HJ01", SLOT)
    exchange = exchange_for(fake, MemoryBookings(), clock, attempts=4, backoff_seconds=0.5)
    waits: list[float] = []
    exchange.pull.sleep = waits.append
    exchange.pull_once()
    assert waits == [0.5, 1.0, 2.0]


def test_an_expired_cursor_reads_the_feed_again_from_the_start(
    make_fake: MakeFake, clock: MovableClock
) -> None:
    fake = make_fake()
    book_many(fake, 80)
    store = MemoryBookings()
    store.save_sync_state("10", None, None)  # a cursor the platform has since purged
    fake.expired_before = 20
    report = exchange_for(fake, store, clock).pull_once()
    assert report.error is None
    assert differences(fake.intended, store) == []
    assert store.sync_state()["cursor"] == str(len(fake.changes))


def test_stopping_ends_a_back_off_wait_at_once_without_an_error(
    make_fake: MakeFake, clock: MovableClock
) -> None:
    fake = make_fake(Faults(error=1.0))
    book_many(fake, 5)
    store = MemoryBookings()
    exchange = PlatformExchange(store, fake.settings(backoff_seconds=30.0), SECRET, clock)
    reports: list[PullReport] = []
    worker = threading.Thread(target=lambda: reports.append(exchange.pull_once()))
    worker.start()
    deadline = time.monotonic() + 5
    while not fake.requests["error"] and time.monotonic() < deadline:
        time.sleep(0.01)  # polling with a deadline: the first attempt has failed
    exchange.stop()
    worker.join(timeout=2)
    assert not worker.is_alive() and reports[0].error is None
    assert store.sync_state()["last_error"] is None and store.bookings == {}
