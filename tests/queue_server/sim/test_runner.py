"""The event loop over the real store: same citizens for every policy, shifts and breaks,
no-shows, balking, daily caps and citizens taking a cross-hall suggestion."""

from __future__ import annotations

from dataclasses import replace
from datetime import time, timedelta

from queue_server.clock import shanghai
from queue_server.sim.draws import citizens_of_day
from queue_server.sim.runner import DayRun, run_scenario
from queue_server.sim.scenario import parse_scenario
from queue_server.sim.world import scenario_district
from tests.queue_server.sim._worlds import one_service_district, poisson_scenario


def test_every_policy_meets_the_same_citizens() -> None:
    district = one_service_district(2)
    data = poisson_scenario(20, 6, 1)
    data["arrivals"][0].update(green_share=0.2, no_show_share=0.1)
    first = parse_scenario(data, "a.toml", district)
    other = replace(first, policy="strict-priority")
    drawn = citizens_of_day(first, scenario_district(first, district), 0)
    assert drawn == citizens_of_day(other, scenario_district(other, district), 0)
    assert {c.priority for c in drawn} == {"normal", "green"}


def test_no_shows_are_called_and_marked_and_the_rest_served() -> None:
    district = one_service_district(2)
    data = poisson_scenario(12, 6, 1)
    data["arrivals"][0]["no_show_share"] = 0.3
    scenario = parse_scenario(data, "a.toml", district)
    run = DayRun(scenario, district)
    expected = sum(c.no_show for c in run.citizens)
    log = run.run()
    assert expected > 0
    assert sum(t.no_show for t in log.tickets) == expected
    assert all(t.called_at is not None for t in log.tickets)


def test_a_window_calls_nobody_during_its_break() -> None:
    district = one_service_district(2)
    data = poisson_scenario(20, 6, 1)
    data["staff"] = [{"hall": "h0", "windows": "1-2", "services": ["S1"], "from": "10:00",
                      "to": "16:00", "breaks": [{"from": "12:00", "to": "13:00"}]}]  # fmt: skip
    log = run_scenario(parse_scenario(data, "a.toml", district), district)[0]
    calls = [t.called_at.astimezone(shanghai(2026, 12, 7, 0).tzinfo).time()
             for t in log.tickets if t.called_at]  # fmt: skip
    assert calls and not [c for c in calls if time(12) <= c < time(13)]
    assert {w.duty_minutes for w in log.windows.values()} == {5 * 60.0}  # 6 h less the break


def test_impatient_citizens_leave_when_the_shown_wait_is_long() -> None:
    district = one_service_district(1)
    data = poisson_scenario(20, 6, 1)  # twice what one window serves
    data["arrivals"][0].update(balk_share=1.0, patience_minutes=15)
    log = run_scenario(parse_scenario(data, "a.toml", district), district)[0]
    balked = log.balked[("h0", "S1")]
    assert balked > 10
    drawn = len(citizens_of_day(parse_scenario(data, "a.toml", district), district, 0))
    assert len(log.tickets) + balked == drawn


def test_citizens_take_the_suggested_faster_hall() -> None:
    district = one_service_district(3, halls=2)
    data = poisson_scenario(40, 6, 1, cross_hall_acceptance=1.0, travel_minutes=10)
    data["scenario"]["halls"] = ["h0", "h1"]
    data["staff"] = [{"hall": "h0", "windows": "1-1", "services": ["S1"], "from": "10:00",
                      "to": "16:00"}]  # fmt: skip
    log = run_scenario(parse_scenario(data, "a.toml", district), district)[0]
    crossed = [t for t in log.tickets if t.crossed]
    assert crossed and all(t.hall == "h1" for t in crossed)
    taken = [s for s in log.suggestions if s.taken]
    assert {(s.source, s.target) for s in taken} == {("h0", "h1")}
    closing = shanghai(2026, 12, 7, 16)
    late = [s for s in taken if s.at + timedelta(minutes=10) >= closing]  # got there closed
    assert log.refused.get(("h1", "S1"), 0) == len(late)
    assert len(taken) == len(crossed) + len(late)


def test_an_overloaded_day_stops_serving_out_at_midnight() -> None:
    district = one_service_district(1)
    data = poisson_scenario(6, 60, 1)  # an hour each: six times what the one window serves
    log = run_scenario(parse_scenario(data, "a.toml", district), district)[0]
    midnight = shanghai(2026, 12, 8, 0)
    called = [t.called_at for t in log.tickets if t.called_at is not None]
    assert called and max(called) < midnight
    assert sum(1 for t in log.tickets if t.called_at is None) > 0  # left for the day's close
