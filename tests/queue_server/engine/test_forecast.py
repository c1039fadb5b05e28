"""Estimated wait v2: the hall's dispatch played forward, values worked out by hand."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest

from queue_server.engine.dispatch import DispatchPolicy
from queue_server.engine.eta import DEFAULT_CV, ServiceTimes, wait_range
from queue_server.engine.forecast import Estimate, OpenWindow, forecast, remaining
from tests.queue_server.engine.test_dispatch import APPT, NOW, G, ticket

TEN = {"X": ServiceTimes(10), "Y": ServiceTimes(10)}
POLICY = DispatchPolicy()


def minutes(found: dict[int, Estimate]) -> dict[int, float]:
    return {tid: e.minutes for tid, e in found.items()}


def test_one_window_calls_in_turn_and_a_newcomer_comes_last() -> None:
    pool = [ticket(1, "X", waited=3), ticket(2, "X", waited=2), ticket(3, "X", waited=1)]
    played = forecast([OpenWindow(1, ("X",))], pool, TEN, NOW, POLICY, newcomers=["X"])
    assert minutes(played.tickets) == {1: 0, 2: 10, 3: 20}
    assert played.newcomers["X"].minutes == 30 and played.newcomers["X"].before == 3


def test_the_ticket_at_the_window_counts_with_the_time_it_has_been_served() -> None:
    busy = remaining(TEN["X"], 4)  # 10-minute service, 4 minutes done
    assert busy == 6 and remaining(TEN["X"], 40) == 2.5  # overrun: still a quarter to go
    played = forecast([OpenWindow(1, ("X",), busy)], [ticket(1, "X")], TEN, NOW, POLICY)
    assert minutes(played.tickets) == {1: 6}


def test_a_shared_window_serves_queues_in_its_dispatch_order() -> None:
    """Window 1 serves X then Y, window 2 only Y: Y's second ticket goes at 10, not 5."""
    windows = [OpenWindow(1, ("X", "Y")), OpenWindow(2, ("Y",))]
    pool = [ticket(1, "X", waited=9), ticket(2, "X", waited=8)]
    pool += [ticket(3, "Y", waited=7), ticket(4, "Y", waited=6)]
    played = forecast(windows, pool, TEN, NOW, POLICY, newcomers=["X", "Y"])
    assert minutes(played.tickets) == {1: 0, 3: 0, 2: 10, 4: 10}
    assert played.newcomers["X"].minutes == 20 and played.newcomers["Y"].minutes == 20


def test_an_appointment_whose_slot_starts_soon_jumps_ahead() -> None:
    pool = [ticket(n, "X", waited=10 - n) for n in (1, 2, 3)]
    pool.append(ticket(9, "X", APPT, waited=1, slot_in=15))
    played = forecast([OpenWindow(1, ("X",))], pool, TEN, NOW, POLICY)
    assert minutes(played.tickets) == {1: 0, 2: 10, 9: 20, 3: 30}


def test_green_goes_first_and_the_ratio_guard_lets_a_normal_through() -> None:
    pool = [ticket(1, "X", waited=5)] + [ticket(n, "X", G, waited=4) for n in (2, 3, 4)]
    played = forecast([OpenWindow(1, ("X",))], pool, TEN, NOW, POLICY)
    assert minutes(played.tickets) == {2: 0, 3: 10, 1: 20, 4: 30}


def test_ageing_during_the_forecast_moves_a_less_preferred_service_forward() -> None:
    windows = [OpenWindow(1, ("X", "Y"))]
    pool = [ticket(1, "Y", waited=25)] + [ticket(n, "X", waited=2) for n in (2, 3, 4)]
    played = forecast(windows, pool, TEN, NOW, POLICY)
    assert minutes(played.tickets) == {2: 0, 1: 10, 3: 20, 4: 30}  # Y aged at 5 minutes in


def test_a_service_no_open_window_serves_gets_no_estimate() -> None:
    played = forecast([OpenWindow(1, ("X",))], [ticket(1, "Y")], TEN, NOW, POLICY, newcomers="Y")
    assert played.tickets == {} and played.newcomers == {}


def test_service_times_mean_shrinks_towards_the_configured_minutes() -> None:
    assert ServiceTimes(12).mean == 12 and ServiceTimes(12).cv == DEFAULT_CV
    times = ServiceTimes.from_durations(12, [6, 6, 6])
    assert times.mean == pytest.approx((3 * 12 + 18) / 6)
    assert times.cv == pytest.approx(DEFAULT_CV / 2)  # half prior, half the samples' zero spread
    capped = ServiceTimes.from_durations(10, [10, 10, 10, 200])  # 200 counts as 4 x median
    assert capped.mean == pytest.approx((30 + 30 + 40) / 7)


@pytest.mark.parametrize(
    ("wait", "before", "cv", "expected"),
    [
        (30, 9, 1.0, (20, 40)),  # 30 / sqrt(10) = 9.5 either side
        (5, 0, 1.0, (0, 10)),  # first in line: as uncertain as one service time
        (10, 99, 1.0, None),  # 1 minute either side: a single number is honest enough
        (0, 0, 1.0, None),
    ],
)
def test_wait_range(wait: float, before: int, cv: float, expected: tuple[int, int] | None) -> None:
    assert wait_range(wait, before, cv) == expected


def test_steadier_service_times_narrow_the_range() -> None:
    wide, narrow = wait_range(40, 3, 1.0), wait_range(40, 3, 0.3)
    assert wide is not None and narrow is not None
    assert narrow[1] - narrow[0] < wide[1] - wide[0]
    assert math.isclose((wide[1] - wide[0]) / 2, 20, abs_tol=1)


def test_a_hall_of_two_hundred_is_forecast_quickly() -> None:
    import time

    codes = [f"S{n}" for n in range(20)]
    times = {code: ServiceTimes(8) for code in codes}
    windows = [OpenWindow(n, tuple(codes[n % 20 :] + codes[: n % 20])) for n in range(30)]
    pool = [ticket(n, codes[n % 20], waited=n * 0.1) for n in range(200)]
    began = time.perf_counter()
    played = forecast(windows, pool, times, NOW + timedelta(0), POLICY, newcomers=codes)
    assert len(played.tickets) == 200 and len(played.newcomers) == 20
    assert time.perf_counter() - began < 0.5


def test_ticket_holders_are_served_through_the_lunch_break_and_nobody_arrives_in_it() -> None:
    """At 12:00 the windows first serve who holds a ticket, as at closing; the kiosks issue
    nothing until 13:30, so nobody expected then goes ahead of anyone."""
    pool = [ticket(n, "X", waited=10 - n) for n in (1, 2, 3)]
    green = {("X", "green"): 1 / 10}  # one every ten minutes: at 5, 15, 25 ... minutes
    played = forecast([OpenWindow(1, ("X",))], pool, TEN, NOW, POLICY, breaks=[(4, 105)],
                      arrivals=green, open_for=240)  # fmt: skip
    assert minutes(played.tickets) == {1: 0, 2: 10, 3: 20}
    open_all_day = forecast([OpenWindow(1, ("X",))], pool, TEN, NOW, POLICY, arrivals=green,
                            open_for=240)  # fmt: skip
    # the greens of minutes 5 and 15 go first, then the ratio guard and ageing let 2 and 3 on
    assert minutes(open_all_day.tickets) == {1: 0, 2: 30, 3: 40}
