"""Waiting estimates: service-time statistics, the uncertainty range, and the plain
queue-length predictor (v1, kept as the baseline the simulator compares with; the estimate the
store shows is `engine.forecast`, v2).

``wait = ceil(people ahead × minutes per ticket ÷ open windows serving the service)``

* **Minutes per ticket** (`ServiceTimes`): the median of the service's recent service times
  (the last ``keep`` durations, implausible ones dropped) once there are at least
  ``min_samples`` of them, else the service's configured ``expected_minutes``. The median
  resists the odd 90-minute case that would drag a mean.
* **Open windows** (`window_capacity`): an open window serving only this service counts 1. A
  comprehensive window serving several services counts *fractionally*: the share of its
  waiting tickets that are for this service (counting at least one ticket for this service, the
  citizen asking), so an idle comprehensive window counts almost fully and a busy one little.
  Paused and closed windows count 0.
* **No open window** → ``None``: no estimate rather than a made-up number.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

MAX_PLAUSIBLE_MINUTES = 240.0  # a "service" longer than this is a ticket left open, not data
DEFAULT_CV = 0.8  # service times' spread (sd / mean) until a service has its own samples
PRIOR_WEIGHT = 3  # the configured minutes count as this many samples in the mean
OUTLIER_FACTOR = 4.0  # a duration over this × the median counts as this × the median
RANGE_MIN_HALF_WIDTH = 3.0  # minutes: a narrower uncertainty is shown as a single number


@dataclass(frozen=True)
class ServiceTimes:
    """Minutes per ticket for one service, from recent durations with a configured fallback.

    The figures are worked out once, when the object is made: the forecast asks for them at
    every step it plays, many thousand times a second in the simulator."""

    expected_minutes: float
    recent: tuple[float, ...] = ()
    min_samples: int = 3
    minutes_per_ticket: float = field(init=False)
    mean: float = field(init=False)  # recent durations (outliers capped) shrunk to the configured
    cv: float = field(init=False)  # coefficient of variation (sd / mean) of a service time

    def __post_init__(self) -> None:
        median = statistics.median(self.recent) if self.recent else 0.0
        enough = len(self.recent) >= max(self.min_samples, 1)
        capped = [min(d, OUTLIER_FACTOR * median) for d in self.recent]
        total = PRIOR_WEIGHT * self.expected_minutes + math.fsum(capped)
        object.__setattr__(
            self, "minutes_per_ticket", float(median if enough else self.expected_minutes)
        )
        object.__setattr__(self, "mean", total / (PRIOR_WEIGHT + len(capped)))
        object.__setattr__(self, "cv", _cv(capped, self.min_samples))

    @classmethod
    def from_durations(
        cls,
        expected_minutes: float,
        durations: Iterable[float],
        *,
        keep: int = 20,
        min_samples: int = 3,
    ) -> ServiceTimes:
        """Keep the last ``keep`` plausible durations (minutes, oldest first)."""
        plausible = [d for d in durations if 0 < d <= MAX_PLAUSIBLE_MINUTES]
        recent = tuple(plausible[-keep:]) if keep > 0 else ()
        return cls(expected_minutes, recent, min_samples)


def _cv(samples: Sequence[float], min_samples: int) -> float:
    """sd / mean of the (capped) samples, shrunk towards DEFAULT_CV while they are few."""
    if len(samples) < max(min_samples, 2):
        return DEFAULT_CV
    # Floats, not statistics.stdev: its exact fractions cost more than the whole forecast.
    mean = math.fsum(samples) / len(samples)
    variance = math.fsum((d - mean) ** 2 for d in samples) / (len(samples) - 1)
    spread = math.sqrt(variance) / mean if mean > 0 else DEFAULT_CV
    weight = PRIOR_WEIGHT / (PRIOR_WEIGHT + len(samples))
    return weight * DEFAULT_CV + (1 - weight) * spread


def wait_range(minutes: float, before: int, cv: float) -> tuple[int, int] | None:
    """``[low, high]`` whole minutes when the estimate is uncertain, else None.

    With ``before`` calls ahead at the windows serving the ticket, the relative spread of the
    wait is about 1/√(n+1) in M/M/s (exponential service, cv 1); it narrows for steadier
    service times and widens for more variable ones.
    """
    if minutes <= 0:
        return None
    relative = math.sqrt((1 + cv * cv) / 2) / math.sqrt(before + 1)
    half = minutes * relative
    if half < RANGE_MIN_HALF_WIDTH:
        return None
    return max(math.floor(minutes - half), 0), math.ceil(minutes + half)


def estimate_wait_minutes(ahead: int, open_windows: float, minutes_per_ticket: float) -> int | None:
    """Whole minutes until a ticket with ``ahead`` people before it is called; None if no window."""
    if open_windows <= 0:
        return None
    if ahead <= 0:
        return 0
    return math.ceil(ahead * max(minutes_per_ticket, 0.0) / open_windows - 1e-9)


def window_capacity(
    service: str, open_windows: Iterable[Sequence[str]], waiting: Mapping[str, int]
) -> float:
    """Open windows' worth of capacity for ``service`` (each item: an open window's services)."""
    capacity = 0.0
    mine = max(waiting.get(service, 0), 1)
    for services in open_windows:
        if service not in services:
            continue
        others = sum(max(waiting.get(s, 0), 0) for s in set(services) if s != service)
        capacity += mine / (mine + others)
    return capacity


def estimate_service_wait(
    service: str,
    ahead: int,
    open_windows: Iterable[Sequence[str]],
    waiting: Mapping[str, int],
    times: ServiceTimes,
) -> int | None:
    """`estimate_wait_minutes` with the capacity worked out from the hall's open windows.

    For a new ticket pass ``ahead = waiting[service]``; for a waiting ticket its own ``ahead``.
    """
    capacity = window_capacity(service, open_windows, waiting)
    return estimate_wait_minutes(ahead, capacity, times.minutes_per_ticket)
