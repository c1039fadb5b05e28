"""The rules every `Bookings` must keep (sink.py), as the sync relies on them. Parametrized by
implementation: the in-memory one of the tests and the server's Store."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import timedelta

import pytest

from queue_server.clock import MovableClock, shanghai
from queue_server.config_loader import load_district
from queue_server.engine.exchange import PlatformBooking
from queue_server.platform.memory import MemoryBookings
from queue_server.platform.sink import Bookings
from queue_server.store import Settings, Store
from tests.queue_server.platform.conftest import SLOT

FRIDAY = shanghai(2026, 12, 4, 10)  # the store's own day: SLOT is then bookable (Monday)


def real_store(clock: MovableClock) -> Bookings:
    settings = Settings(check_hours=False)
    return Store(":memory:", load_district(), clock=MovableClock(FRIDAY), settings=settings)


IMPLEMENTATIONS: dict[str, Callable[[MovableClock], Bookings]] = {
    "memory": lambda clock: MemoryBookings(),
    "store": real_store,
}
BOOKED = PlatformBooking(
    "WB0000001", "qixia", "HJ01", SLOT, "booked", "32011319900101001X", "张三", None, 1
)


@pytest.fixture(params=IMPLEMENTATIONS)
def bookings(request: pytest.FixtureRequest, clock: MovableClock) -> Bookings:
    return IMPLEMENTATIONS[request.param](clock)


def revised(booking: PlatformBooking, **change: object) -> PlatformBooking:
    return dataclasses.replace(booking, version=booking.version + 1, **change)  # type: ignore[arg-type]


def test_the_same_booking_twice_is_unchanged(bookings: Bookings) -> None:
    assert bookings.apply_platform_booking(BOOKED) == "created"
    assert bookings.apply_platform_booking(BOOKED) == "unchanged"


def test_an_older_version_is_stale(bookings: Bookings) -> None:
    moved = revised(BOOKED, slot_start=SLOT + timedelta(hours=1))
    assert bookings.apply_platform_booking(BOOKED) == "created"
    assert bookings.apply_platform_booking(moved) == "updated"
    assert bookings.apply_platform_booking(BOOKED) == "stale"


def test_a_late_booked_never_undoes_a_cancellation(bookings: Bookings) -> None:
    cancelled = revised(BOOKED, state="cancelled")
    assert bookings.apply_platform_booking(BOOKED) == "created"
    assert bookings.apply_platform_booking(cancelled) == "cancelled"
    assert bookings.apply_platform_booking(BOOKED) == "stale"
    assert bookings.apply_platform_booking(revised(cancelled, state="booked")) == "unchanged"


def test_a_cancellation_seen_before_its_booking_still_wins(bookings: Bookings) -> None:
    """Out of order: the feed delivers version 2 (cancelled) before version 1 (booked)."""
    cancelled = revised(BOOKED, state="cancelled")
    assert bookings.apply_platform_booking(cancelled) in ("cancelled", "unchanged")
    assert bookings.apply_platform_booking(BOOKED) == "stale"


def test_the_sync_state_keeps_cursor_and_success_unless_given(
    bookings: Bookings, clock: MovableClock
) -> None:
    bookings.save_sync_state("42", clock(), None)
    first = bookings.sync_state()
    bookings.save_sync_state(None, None, "platform unreachable")
    state = bookings.sync_state()
    assert state["cursor"] == "42" and state["last_error"] == "platform unreachable"
    assert state["last_success"] == first["last_success"] is not None
    bookings.save_sync_state("43", clock(), None)
    assert bookings.sync_state()["last_error"] is None
