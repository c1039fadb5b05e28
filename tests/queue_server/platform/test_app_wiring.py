"""The exchange as the app runs it: the lifespan starts both jobs, they never hold up a request,
and `/api/health` and `sync status` tell their state."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from queue_server.api.app import create_app
from queue_server.api.state import AppState
from queue_server.cli_sync import status_lines
from queue_server.clock import MovableClock
from queue_server.platform.faults import Faults
from queue_server.platform.memory import MemoryBookings
from queue_server.store import MEMORY, Durability, Store
from tests.queue_server._district import small_district
from tests.queue_server.api._api import TestClient
from tests.queue_server.platform.conftest import MakeFake, book_many, differences, exchange_for


@pytest.fixture
def store(clock: MovableClock) -> Iterator[Store]:
    made = Store(MEMORY, small_district(), clock=clock, durability=Durability.OFF)
    yield made
    made.close()


def wait_for(condition: object, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)  # polling with a deadline


def test_the_server_pulls_sends_and_reports_in_health(
    store: Store, make_fake: MakeFake, clock: MovableClock
) -> None:
    fake = make_fake()
    book_many(fake, 30)
    bookings = MemoryBookings()
    bookings.add_outcome(next(iter(fake.intended)), "checked_in", clock())
    exchange = exchange_for(fake, bookings, clock, interval_seconds=0.05)
    with TestClient(create_app(AppState(store, platform=exchange))) as client:
        wait_for(lambda: not differences(fake.intended, bookings) and fake.outcomes)
        wait_for(lambda: client.get("/api/health").json()["sync"]["pending_outcomes"] == 0)
        sync = client.get("/api/health").json()["sync"]
    assert sync["ok"] is True and sync["last_success"].endswith("+08:00")
    assert set(sync) == {"ok", "last_success", "pending_outcomes"}  # public: no cursor, no error


def test_health_answers_at_once_while_the_platform_is_slow(
    store: Store, make_fake: MakeFake, clock: MovableClock
) -> None:
    fake = make_fake(Faults(timeout=1.0, slow_seconds=4.0))
    book_many(fake, 5)
    exchange = exchange_for(fake, MemoryBookings(), clock, timeout_seconds=3.0, attempts=1)
    with TestClient(create_app(AppState(store, platform=exchange))) as client:
        wait_for(lambda: fake.requests["slow"] > 0)  # a pull is waiting for the platform
        start = time.monotonic()
        assert client.get("/api/health").status_code == 200
        # long before the pull gives up (3 s): it does not wait for the platform
        assert time.monotonic() - start < 1.5
        wait_for(lambda: client.get("/api/health").json()["sync"]["ok"] is False)


def test_without_a_platform_health_says_null(store: Store) -> None:
    with TestClient(create_app(AppState(store))) as client:
        assert client.get("/api/health").json()["sync"] is None


def test_sync_status_shows_cursor_success_outcomes_and_errors(
    make_fake: MakeFake, clock: MovableClock
) -> None:
    fake = make_fake()
    book_many(fake, 10)
    bookings = MemoryBookings()
    exchange = exchange_for(fake, bookings, clock)
    lines, failing = status_lines(bookings, exchange.settings, "Asia/Shanghai")
    assert not failing and "cursor: (none" in lines[1] and lines[2] == "last success: never"
    exchange.pull_once()
    bookings.add_outcome("WB0000001", "served", clock())
    fake.faults = Faults(error=1.0)
    exchange.pull_once()
    lines, failing = status_lines(bookings, exchange.settings, "Asia/Shanghai")
    assert failing
    assert lines[0] == f"platform: {fake.feed_url} (app key {fake.app_key})"
    assert lines[1] == f"cursor: {len(fake.changes)}"
    assert lines[2].startswith("last success: ") and lines[2].endswith("+08:00")
    assert lines[3] == "pending outcomes: 1"
    assert lines[4].startswith("errors: ") and "500" in lines[4]
