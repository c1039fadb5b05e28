"""Erlang C (M/M/c): the chance to wait, the mean wait, and the windows a target needs.

Arrivals at ``rate`` per minute, service times exponential with mean ``mean_minutes``, ``c``
identical windows, first come first served. The offered load is ``a = rate × mean_minutes``
(in Erlangs); the queue is stable only while ``a < c``. Pure maths: no clock, no I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


def offered_load(rate_per_hour: float, mean_minutes: float) -> float:
    """Erlangs: arrivals per hour × hours per service."""
    return rate_per_hour * mean_minutes / 60.0


def wait_probability(servers: int, load: float) -> float:
    """Erlang C: the probability that an arrival waits (1.0 when the queue is unstable)."""
    if load <= 0:
        return 0.0
    if servers <= load:
        return 1.0
    # Erlang B by the stable recurrence, then C from B.
    blocking = 1.0
    for k in range(1, servers + 1):
        blocking = load * blocking / (k + load * blocking)
    return servers * blocking / (servers - load * (1 - blocking))


def _regime(servers: int, rate_per_hour: float, mean_minutes: float) -> tuple[str, float]:
    """("idle", 0) without arrivals, ("unstable", load) when the windows cannot keep up, else
    ("stable", load)."""
    load = offered_load(rate_per_hour, mean_minutes)
    if load <= 0:
        return "idle", 0.0
    return ("unstable" if servers <= load else "stable"), load


def mean_wait_minutes(servers: int, rate_per_hour: float, mean_minutes: float) -> float:
    """Mean wait in the queue (minutes); infinity when ``servers`` cannot keep up."""
    regime, load = _regime(servers, rate_per_hour, mean_minutes)
    if regime != "stable":
        return 0.0 if regime == "idle" else math.inf
    return wait_probability(servers, load) * mean_minutes / (servers - load)


def wait_quantile_minutes(
    servers: int, rate_per_hour: float, mean_minutes: float, share: float
) -> float:
    """The wait that a ``share`` (e.g. 0.9) of citizens do not exceed, in minutes."""
    regime, load = _regime(servers, rate_per_hour, mean_minutes)
    if regime != "stable":
        return 0.0 if regime == "idle" else math.inf
    waits = wait_probability(servers, load)
    if waits <= 1 - share:
        return 0.0
    # P(W > t) = C · exp(-(c - a) t / mean): the exponential tail of the M/M/c wait.
    return mean_minutes * math.log(waits / (1 - share)) / (servers - load)


def within_target_share(
    servers: int, rate_per_hour: float, mean_minutes: float, target_minutes: float
) -> float:
    """The share of citizens called within ``target_minutes``."""
    regime, load = _regime(servers, rate_per_hour, mean_minutes)
    if regime != "stable":
        return 1.0 if regime == "idle" else 0.0
    decay = (servers - load) * target_minutes / mean_minutes
    return 1.0 - wait_probability(servers, load) * math.exp(-decay)


@dataclass(frozen=True)
class Target:
    """What "enough windows" means: ``share`` of citizens called within ``wait_minutes``."""

    wait_minutes: float
    share: float = 0.9

    def __post_init__(self) -> None:
        if not 0 < self.share < 1:
            raise ValueError(f"share must be between 0 and 1, got {self.share}")
        if self.wait_minutes < 0:
            raise ValueError(f"wait_minutes must not be negative, got {self.wait_minutes}")


def servers_needed(
    rate_per_hour: float, mean_minutes: float, target: Target, *, limit: int = 500
) -> int:
    """The fewest windows that call ``target.share`` of citizens within ``target.wait_minutes``."""
    if rate_per_hour <= 0:
        return 0
    servers = max(1, math.floor(offered_load(rate_per_hour, mean_minutes)) + 1)
    while within_target_share(servers, rate_per_hour, mean_minutes, target.wait_minutes) < (
        target.share
    ):
        servers += 1
        if servers > limit:
            raise ValueError(f"more than {limit} windows needed for {rate_per_hour}/h")
    return servers
