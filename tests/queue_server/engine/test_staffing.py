"""Erlang C against values worked out independently (the textbook sum formula)."""

from __future__ import annotations

import math

import pytest

from queue_server.engine.staffing import (
    Target,
    mean_wait_minutes,
    offered_load,
    servers_needed,
    wait_probability,
    wait_quantile_minutes,
    within_target_share,
)


def erlang_c_by_sum(servers: int, load: float) -> float:
    """The closed form with factorials: the definition the recurrence must agree with."""
    top = load**servers / math.factorial(servers) * servers / (servers - load)
    bottom = sum(load**k / math.factorial(k) for k in range(servers)) + top
    return top / bottom


@pytest.mark.parametrize(("servers", "load"), [(1, 0.5), (2, 1.5), (5, 4.5), (8, 4.0), (20, 17)])
def test_wait_probability_matches_the_sum_formula(servers: int, load: float) -> None:
    assert wait_probability(servers, load) == pytest.approx(erlang_c_by_sum(servers, load))


def test_one_window_is_m_m_1() -> None:
    # M/M/1: P(wait) = ρ, mean wait = ρ/(μ-λ) = ρ·s/(1-ρ)
    assert wait_probability(1, 0.8) == pytest.approx(0.8)
    assert mean_wait_minutes(1, 4.8, 10) == pytest.approx(0.8 * 10 / 0.2)


def test_an_overloaded_queue_has_no_finite_wait() -> None:
    assert wait_probability(2, 2.0) == 1.0
    assert mean_wait_minutes(2, 12, 10) == math.inf
    assert within_target_share(2, 12, 10, 30) == 0.0


def test_quantile_and_share_are_inverse() -> None:
    p90 = wait_quantile_minutes(3, 15, 10, 0.9)
    assert within_target_share(3, 15, 10, p90) == pytest.approx(0.9)


def test_servers_needed_is_the_smallest_that_meets_the_target() -> None:
    target = Target(wait_minutes=15, share=0.9)
    needed = servers_needed(30, 12, target)  # 6 Erlangs
    assert offered_load(30, 12) == pytest.approx(6)
    assert within_target_share(needed, 30, 12, 15) >= 0.9
    assert within_target_share(needed - 1, 30, 12, 15) < 0.9
    assert servers_needed(0, 12, target) == 0


def test_a_target_share_must_be_a_share() -> None:
    with pytest.raises(ValueError, match="share"):
        Target(10, share=1.5)
