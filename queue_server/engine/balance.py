"""Balancing rules (pure): a service overloaded within its hall, and a faster hall elsewhere.

**Within a hall (跨窗通办).** A service is *overloaded* when its longest wait reaches
``overload_wait_ratio`` × the hall's target, or its queue reaches ``overload_queue`` tickets.
The comprehensive windows that serve it then take it first (`dispatch.choose_next`'s overload
tier) until it is back under both with a margin: longest wait below ``release_ratio`` × target
and queue below ``release_ratio`` × ``overload_queue``. The gap between the two thresholds is
the hysteresis that keeps windows from flapping between services.

**Across halls.** Each hall's estimate for a service is smoothed over time (`smooth`: an
exponential moving average with time constant ``smoothing_minutes``, from live estimates only,
never from history). Another hall is *suggested* when its smoothed estimate is lower than this
hall's by both ``suggest_min_minutes`` and ``suggest_min_ratio``; a suggestion already made is
kept while the advantage stays above the smaller ``keep_min_minutes`` and ``keep_min_ratio``.
A suggestion therefore appears and disappears only after a clear crossing (no oscillation).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class BalancingRules:
    """The district's `[balancing]` settings."""

    overload_wait_ratio: float = 1.0  # longest wait ≥ this × target: overloaded
    overload_queue: int = 15  # this many waiting: overloaded (0: queue length alone never is)
    release_ratio: float = 0.75  # back under this share of both thresholds: no longer
    smoothing_minutes: float = 5.0  # time constant of the published cross-hall estimate
    refresh_seconds: float = 30.0  # another hall's live estimate is worked out again this often
    suggest_min_minutes: float = 10.0  # another hall is suggested only if this much faster
    suggest_min_ratio: float = 0.4  # ... and by this share of this hall's wait
    keep_min_minutes: float = 5.0  # a suggestion is kept while still this much faster
    keep_min_ratio: float = 0.2  # ... and by this share
    booking_busy_share: float = 0.2  # a hall with less of its slots free is busy for booking
    booking_alternatives: int = 3  # at most this many other halls' slots are offered

    def __post_init__(self) -> None:
        if not 0 < self.release_ratio <= 1:
            raise ValueError(f"release_ratio must be in (0, 1], got {self.release_ratio}")
        if self.keep_min_minutes > self.suggest_min_minutes:
            raise ValueError("keep_min_minutes must not exceed suggest_min_minutes")
        if self.keep_min_ratio > self.suggest_min_ratio:
            raise ValueError("keep_min_ratio must not exceed suggest_min_ratio")


@dataclass(frozen=True)
class QueueLoad:
    """One service's queue in a hall now: its length and its longest wait (minutes)."""

    waiting: int
    longest_wait_minutes: float


def overloaded(
    loads: Mapping[str, QueueLoad],
    target_minutes: float,
    rules: BalancingRules,
    before: frozenset[str] = frozenset(),
) -> frozenset[str]:
    """The services overloaded now, given those that were (``before``): with hysteresis."""
    wait_on = rules.overload_wait_ratio * target_minutes
    queue_on = rules.overload_queue if rules.overload_queue > 0 else math.inf
    found = set()
    for service, load in loads.items():
        if load.waiting <= 0:
            continue
        scale = rules.release_ratio if service in before else 1.0
        if load.longest_wait_minutes >= wait_on * scale or load.waiting >= queue_on * scale:
            found.add(service)
    return frozenset(found)


@dataclass(frozen=True)
class Smoothed:
    """A published estimate: its smoothed value and when it was last updated."""

    minutes: float
    at: datetime


def smooth(previous: Smoothed | None, live_minutes: float, now: datetime, tau: float) -> Smoothed:
    """Move the published estimate towards the live one, by how much time has passed."""
    if previous is None or tau <= 0:
        return Smoothed(float(live_minutes), now)
    elapsed = max((now - previous.at).total_seconds() / 60, 0.0)
    weight = 1 - math.exp(-elapsed / tau)
    return Smoothed(previous.minutes + weight * (live_minutes - previous.minutes), now)


@dataclass(frozen=True)
class Option:
    """Another hall offering the service, with its smoothed estimate there."""

    hall: str
    minutes: float


def faster_by(here: float, there: float, min_minutes: float, min_ratio: float) -> bool:
    """True if ``there`` beats ``here`` by both the absolute and the relative threshold."""
    gain = here - there
    return gain >= min_minutes and gain >= min_ratio * here


def suggestion(
    here_minutes: float, options: Sequence[Option], current: str | None, rules: BalancingRules
) -> str | None:
    """The hall to suggest: the current one while it still qualifies, else the fastest new one."""
    for option in options:
        if option.hall == current and faster_by(
            here_minutes, option.minutes, rules.keep_min_minutes, rules.keep_min_ratio
        ):
            return current
    qualified = [
        o
        for o in options
        if faster_by(here_minutes, o.minutes, rules.suggest_min_minutes, rules.suggest_min_ratio)
    ]
    if not qualified:
        return None
    return min(qualified, key=lambda o: (o.minutes, o.hall)).hall


@dataclass(frozen=True)
class SlotSupply:
    """A hall's bookable slots of a service over some days: capacity and what is still free."""

    hall: str
    capacity: int
    free: int
    eta_minutes: float  # the damped live estimate there

    @property
    def free_share(self) -> float:
        return self.free / self.capacity if self.capacity > 0 else 0.0


def booking_busy(supply: SlotSupply, target_minutes: float, rules: BalancingRules) -> bool:
    """Busy for booking: few of its slots free, or its live wait over the hall's target."""
    scarce = supply.free == 0 or supply.free_share < rules.booking_busy_share
    return scarce or supply.eta_minutes >= target_minutes


def booking_alternatives(
    here: SlotSupply, others: Sequence[SlotSupply], rules: BalancingRules
) -> list[str]:
    """Other halls to offer: more of their slots free than here (and some), or as free and
    faster; the freest and then fastest first, at most ``booking_alternatives``."""
    better = [
        o
        for o in others
        if o.free > 0
        and (
            o.free_share > here.free_share
            or (o.free_share == here.free_share and o.eta_minutes < here.eta_minutes)
        )
    ]
    better.sort(key=lambda o: (-o.free_share, o.eta_minutes, o.hall))
    return [o.hall for o in better[: rules.booking_alternatives]]


def reachable(
    home: str, home_level: str, other: str, other_level: str, parents: Mapping[str, str | None]
) -> bool:
    """Whether a citizen at ``home`` may be sent to ``other``.

    A community station (1–2 windows) is suggested only within its own street: from its street
    centre or a sibling station, never to the queue of the district centre or other streets.
    """
    if other == home:
        return False
    if other_level != "community":
        return True
    street = parents.get(other)
    return home == street or (home_level == "community" and parents.get(home) == street)
