"""Clocks: one that starts at a chosen moment and runs on, one that moves only when told."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from queue_server.clock import MovableClock, RunningClock, shanghai, system_clock


def test_a_running_clock_starts_at_its_moment_and_keeps_real_pace() -> None:
    elapsed = [100.0]
    clock = RunningClock(shanghai(2026, 12, 7, 9, 30), seconds=lambda: elapsed[0])
    assert clock() == shanghai(2026, 12, 7, 9, 30)
    elapsed[0] += 90.5
    assert clock() == shanghai(2026, 12, 7, 9, 31) + timedelta(seconds=30.5)
    assert clock().utcoffset() == timedelta(hours=8)


def test_a_running_clock_on_the_real_timer_moves_forward() -> None:
    start = datetime(2030, 1, 1, tzinfo=UTC)
    clock = RunningClock(start)
    first, second = clock(), clock()
    assert start <= first <= second < start + timedelta(seconds=5)


def test_a_running_clock_needs_a_utc_offset() -> None:
    with pytest.raises(ValueError, match="UTC offset"):
        RunningClock(datetime(2026, 12, 7, 9, 30))


def test_a_movable_clock_moves_only_when_told() -> None:
    clock = MovableClock(shanghai(2026, 11, 27, 10))
    assert clock() == clock() == shanghai(2026, 11, 27, 10)
    clock.advance(minutes=5, seconds=1)
    assert clock() == shanghai(2026, 11, 27, 10, 5) + timedelta(seconds=1)
    clock.set(shanghai(2026, 11, 28, 0, 1))
    assert clock() == shanghai(2026, 11, 28, 0, 1)


def test_the_system_clock_is_aware_utc() -> None:
    now = system_clock()
    assert now.tzinfo is UTC and abs(now - datetime.now(UTC)) < timedelta(seconds=5)
