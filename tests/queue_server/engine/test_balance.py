"""Balancing rules: overload with hysteresis, smoothing, the suggestion's thresholds and reach."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from queue_server.engine.balance import (
    BalancingRules,
    Option,
    QueueLoad,
    Smoothed,
    overloaded,
    reachable,
    smooth,
    suggestion,
)

RULES = BalancingRules()
T0 = datetime(2026, 12, 7, 9, 0, tzinfo=timezone(timedelta(hours=8)))


def test_a_service_is_overloaded_past_its_target_and_released_only_with_margin() -> None:
    target = 20.0
    over = overloaded({"SB01": QueueLoad(3, 21.0), "HJ01": QueueLoad(3, 5.0)}, target, RULES)
    assert over == {"SB01"}
    # just under the target: still overloaded (hysteresis), until below release_ratio x target
    just_under = {"SB01": QueueLoad(3, 18.0)}
    assert overloaded(just_under, target, RULES, before=over) == {"SB01"}
    assert overloaded(just_under, target, RULES) == frozenset()
    well_under = {"SB01": QueueLoad(3, target * RULES.release_ratio - 0.1)}
    assert overloaded(well_under, target, RULES, before=over) == frozenset()


def test_a_long_queue_is_overloaded_even_before_anyone_waited_long() -> None:
    long_queue = {"SB01": QueueLoad(RULES.overload_queue, 1.0)}
    assert overloaded(long_queue, 30, RULES) == {"SB01"}
    assert overloaded(long_queue, 30, BalancingRules(overload_queue=0)) == frozenset()
    assert overloaded({"SB01": QueueLoad(0, 99.0)}, 30, RULES) == frozenset()


def test_smoothing_follows_the_live_estimate_with_its_time_constant() -> None:
    first = smooth(None, 30, T0, 5)
    assert first == Smoothed(30.0, T0)
    assert smooth(first, 0, T0, 5).minutes == 30.0  # no time passed: no change
    after_one_tau = smooth(first, 0, T0 + timedelta(minutes=5), 5).minutes
    assert after_one_tau == pytest.approx(30 * 0.3679, rel=1e-3)
    assert smooth(first, 0, T0 + timedelta(hours=2), 5).minutes == pytest.approx(0, abs=1e-6)
    assert smooth(first, 0, T0, 0).minutes == 0  # smoothing off


def test_suggest_only_when_faster_by_both_thresholds() -> None:
    assert suggestion(30, [Option("b", 10)], None, RULES) == "b"
    assert suggestion(30, [Option("b", 21)], None, RULES) is None  # 9 minutes: too little
    assert suggestion(100, [Option("b", 85)], None, RULES) is None  # 15 %: too little
    assert suggestion(30, [Option("b", 10), Option("c", 5)], None, RULES) == "c"


def test_a_suggestion_is_kept_until_its_advantage_falls_below_the_keep_thresholds() -> None:
    # 30 vs 21 would not be suggested afresh, but a standing suggestion is kept ...
    assert suggestion(30, [Option("b", 21)], "b", RULES) == "b"
    # ... and not swapped for a slightly faster newcomer (no flapping between two halls)
    assert suggestion(30, [Option("b", 15), Option("c", 12)], "b", RULES) == "b"
    assert suggestion(30, [Option("b", 27)], "b", RULES) is None


def test_hysteresis_stops_a_noisy_estimate_from_flipping_the_suggestion() -> None:
    here = 30.0
    noisy = [17.0, 19.5, 17.5, 20.0, 18.0, 19.0, 17.8, 20.5]  # around the 18-minute threshold
    flips, current = 0, None
    for there in noisy:
        chosen = suggestion(here, [Option("b", there)], current, RULES)
        flips += chosen != current
        current = chosen
    assert flips == 1  # suggested once, then kept

    plain = BalancingRules(keep_min_minutes=10, keep_min_ratio=0.4)  # no hysteresis band
    flips, current = 0, None
    for there in noisy:
        chosen = suggestion(here, [Option("b", there)], current, plain)
        flips += chosen != current
        current = chosen
    assert flips > 4


def test_community_stations_are_suggested_only_within_their_street() -> None:
    parents = {"s1": "street1", "s2": "street1", "s3": "street2"}
    assert not reachable("district", "district", "s1", "community", parents)
    assert not reachable("street2", "street", "s1", "community", parents)
    assert reachable("street1", "street", "s1", "community", parents)
    assert reachable("s2", "community", "s1", "community", parents)
    assert not reachable("s3", "community", "s1", "community", parents)
    assert reachable("s1", "community", "street2", "street", parents)
    assert not reachable("street1", "street", "street1", "street", parents)


def test_inconsistent_rules_are_refused() -> None:
    with pytest.raises(ValueError, match="keep_min_minutes"):
        BalancingRules(suggest_min_minutes=5, keep_min_minutes=8)
    with pytest.raises(ValueError, match="release_ratio"):
        BalancingRules(release_ratio=1.5)
