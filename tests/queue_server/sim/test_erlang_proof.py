"""The proof: with Poisson arrivals, exponential service and dedicated FIFO windows, the
simulated mean wait (driving the real store) agrees with Erlang C within its 95 % interval."""

from __future__ import annotations

import statistics
from datetime import time, timedelta

import pytest

from queue_server.engine.staffing import mean_wait_minutes
from queue_server.sim.runner import run_scenario
from queue_server.sim.scenario import parse_scenario
from tests.queue_server.sim._worlds import one_service_district, poisson_scenario

WARM_UP = timedelta(hours=1)  # the hall opens empty: the first hour is not steady state
T95 = {6: 2.571, 8: 2.365, 10: 2.262}  # Student's t, two-sided 95 %, n - 1 degrees of freedom


@pytest.mark.parametrize(
    ("servers", "load_per_window", "mean", "days", "close"),
    [(1, 0.5, 3.0, 10, 20), (2, 0.7, 3.0, 8, 18), (3, 0.9, 2.0, 6, 17), (8, 0.6, 10.0, 6, 16)],
)
def test_simulated_mean_wait_matches_erlang_c(
    servers: int, load_per_window: float, mean: float, days: int, close: int
) -> None:
    """Load per window ρ from 0.5 to 0.9, one to eight windows; opening 10:00 to `close`."""
    rate = load_per_window * servers * 60 / mean
    district = one_service_district(servers, close=time(close))
    scenario = parse_scenario(poisson_scenario(rate, mean, days), "erlang.toml", district)
    means = []
    for log in run_scenario(scenario, district):
        opened = min(t.arrived for t in log.tickets)
        waits = [t.wait_minutes for t in log.tickets if t.arrived >= opened + WARM_UP]
        assert all(w is not None for w in waits)  # everyone is served (serve-out at closing)
        means.append(statistics.fmean(w for w in waits if w is not None))
    centre = statistics.fmean(means)
    half = T95[days] * statistics.stdev(means) / days**0.5
    expected = mean_wait_minutes(servers, rate, mean)
    assert centre - half <= expected <= centre + half, (
        f"c={servers} ρ={load_per_window}: Erlang C {expected:.2f} min,"
        f" simulated {centre:.2f} ± {half:.2f} ({[round(m, 2) for m in means]})"
    )
