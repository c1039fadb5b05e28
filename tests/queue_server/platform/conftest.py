"""The fake platform on 127.0.0.1, an in-memory store and a movable clock shared by both."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from queue_server.clock import SHANGHAI, MovableClock
from queue_server.engine.exchange import PlatformBooking
from queue_server.platform.fake import FakePlatform
from queue_server.platform.faults import Faults
from queue_server.platform.job import PlatformExchange
from queue_server.platform.memory import MemoryBookings

SECRET = b"s" * 32
SLOT = datetime(2026, 12, 7, 9, 30, tzinfo=SHANGHAI)
MakeFake = Callable[..., FakePlatform]


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(datetime.now(UTC))


@pytest.fixture
def make_fake(clock: MovableClock) -> Iterator[MakeFake]:
    started: list[FakePlatform] = []

    def make(faults: Faults | None = None) -> FakePlatform:
        fake = FakePlatform(SECRET, faults=faults, clock=lambda: clock().timestamp()).start()
        started.append(fake)
        return fake

    yield make
    for fake in started:
        fake.stop()


def exchange_for(
    fake: FakePlatform, bookings: MemoryBookings, clock: MovableClock, **change: object
) -> PlatformExchange:
    """The exchange with short timeouts and no back-off waits: faults cost milliseconds."""
    quick = {"timeout_seconds": 0.1, "page_size": 50, "backoff_max_seconds": 60.0}
    settings = fake.settings(**{**quick, **change})
    return PlatformExchange(bookings, settings, SECRET, clock, sleep=lambda seconds: None)


def book_many(fake: FakePlatform, count: int) -> list[PlatformBooking]:
    """`count` bookings over a day's slots: every ninth cancelled at once (its cancellation
    next to it in the feed, so a shuffled page may deliver it first), then every fifth
    cancelled and every seventh moved to another slot later on."""
    made = []
    for n in range(count):
        made.append(fake.book("qixia", "HJ01", SLOT + timedelta(minutes=30 * (n % 14))))
        if n % 9 == 4:
            fake.cancel(made[-1].external_id)
    for n, booking in enumerate(made):
        if n % 7 == 3 and n % 9 != 4:
            fake.reschedule(booking.external_id, booking.slot_start + timedelta(hours=1))
        if n % 5 == 2 and n % 9 != 4:
            fake.cancel(booking.external_id)
    return made


def differences(intended: dict[str, PlatformBooking], stored: MemoryBookings) -> list[str]:
    """Booking by booking: what the platform intends that the store does not hold."""
    found = [
        f"{key}: intended {want.state} v{want.version}, stored {stored.bookings.get(key)}"
        for key, want in intended.items()
        if stored.bookings.get(key) != want
    ]
    found += [
        f"{key}: stored but never intended" for key in stored.bookings.keys() - intended.keys()
    ]
    return found
