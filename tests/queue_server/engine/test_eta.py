"""Estimated wait: values worked out by hand."""

from __future__ import annotations

import pytest

from queue_server.engine.eta import (
    ServiceTimes,
    estimate_service_wait,
    estimate_wait_minutes,
    window_capacity,
)


@pytest.mark.parametrize(
    ("ahead", "windows", "minutes", "expected"),
    [
        (0, 1, 10, 0),  # first in line
        (4, 1, 10, 40),
        (4, 2, 10, 20),
        (5, 2, 10, 25),
        (3, 2, 7, 11),  # 10.5 → 11 (rounded up: never promise less than the arithmetic)
        (1, 3, 6, 2),
        (6, 0.5, 8, 96),  # half a comprehensive window
        (10, 4, 1.5, 4),  # 3.75 → 4
    ],
)
def test_estimate_wait_minutes(ahead: int, windows: float, minutes: float, expected: int) -> None:
    assert estimate_wait_minutes(ahead, windows, minutes) == expected


def test_no_open_window_gives_no_estimate() -> None:
    assert estimate_wait_minutes(3, 0, 10) is None
    assert estimate_wait_minutes(0, 0, 10) is None


def test_exact_multiples_are_not_rounded_up_by_float_noise() -> None:
    assert estimate_wait_minutes(3, 3, 0.1 * 3 * 10) == 3  # 0.30000000000000004 * 10


def test_service_times_fall_back_to_expected_minutes() -> None:
    assert ServiceTimes(12).minutes_per_ticket == 12
    assert ServiceTimes.from_durations(12, [5, 6]).minutes_per_ticket == 12  # too few samples


def test_service_times_use_the_median_of_recent_durations() -> None:
    times = ServiceTimes.from_durations(12, [5, 7, 30])
    assert times.minutes_per_ticket == 7
    assert ServiceTimes.from_durations(12, [4, 6, 8, 10]).minutes_per_ticket == 7


def test_service_times_keep_only_the_last_n_plausible_durations() -> None:
    durations = [50.0] * 10 + [0, -3, 600] + [4.0, 6.0, 8.0]
    times = ServiceTimes.from_durations(12, durations, keep=3)
    assert times.recent == (4.0, 6.0, 8.0)
    assert times.minutes_per_ticket == 6


def test_window_capacity_dedicated_windows_count_fully() -> None:
    open_windows = [("HJ01",), ("HJ01",), ("SB01",)]
    assert window_capacity("HJ01", open_windows, {"HJ01": 5, "SB01": 9}) == 2
    assert window_capacity("YB01", open_windows, {"HJ01": 5}) == 0


def test_window_capacity_comprehensive_windows_count_by_share_of_waiting() -> None:
    # a comprehensive window serving HJ01, SB01, YB01 with 2, 5, 1 waiting: HJ01 gets 2/8
    open_windows = [("HJ01",), ("SB01", "HJ01", "YB01")]
    waiting = {"HJ01": 2, "SB01": 5, "YB01": 1}
    assert window_capacity("HJ01", open_windows, waiting) == pytest.approx(1 + 2 / 8)
    assert window_capacity("SB01", open_windows, waiting) == pytest.approx(5 / 8)
    # an idle comprehensive window counts fully for the citizen asking
    assert window_capacity("YB01", open_windows, {}) == 1


def test_estimate_service_wait_combines_the_parts() -> None:
    open_windows = [("HJ01",), ("SB01", "HJ01")]
    waiting = {"HJ01": 6, "SB01": 2}
    times = ServiceTimes.from_durations(15, [9, 10, 11, 12, 8])  # median 10
    # capacity = 1 + 6/8 = 1.75; 6 ahead x 10 min / 1.75 = 34.3 → 35
    assert estimate_service_wait("HJ01", 6, open_windows, waiting, times) == 35
    assert estimate_service_wait("YB01", 6, open_windows, waiting, times) is None
