"""Figures over simulated days: wait statistics, the error of each waiting-time predictor,
appointment punctuality, cross-hall crossings and how often suggestions reverse."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from datetime import timedelta

from queue_server.sim.outcome import Suggestion, TicketLog

PUNCTUAL_MINUTES = 10.0  # an appointment is punctual when called within this of its slot
LONG_WAIT_MINUTES = 10.0  # estimate errors are judged on waits at least this long
REVERSAL_WINDOW = timedelta(hours=1)
PREDICTORS = {
    "store": lambda t: float(t.eta_minutes),
    "queue_length": lambda t: t.queue_length_minutes,
    "last_to_enter": lambda t: t.last_entered_minutes,
}


def percentile(values: Sequence[float], share: float) -> float:
    """Linear interpolation between order statistics (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    place = share * (len(ordered) - 1)
    low = math.floor(place)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (place - low)


def wait_stats(tickets: Sequence[TicketLog], target_minutes: float) -> dict[str, float | int]:
    """Mean, median, 90th percentile and maximum wait, share within target, counts."""
    waits = [w for t in tickets if (w := t.wait_minutes) is not None]
    normal = [w for t in tickets if t.priority == "normal" and (w := t.wait_minutes) is not None]
    return {
        "issued": len(tickets),
        "served": sum(1 for t in tickets if t.called_at is not None and not t.no_show),
        "no_shows": sum(1 for t in tickets if t.no_show),
        "unserved": sum(1 for t in tickets if t.called_at is None),
        "mean_wait_minutes": _round(statistics.fmean(waits) if waits else 0.0),
        "median_wait_minutes": _round(percentile(waits, 0.5)),
        "p90_wait_minutes": _round(percentile(waits, 0.9)),
        "max_wait_minutes": _round(max(waits, default=0.0)),
        "max_normal_wait_minutes": _round(max(normal, default=0.0)),
        "within_target_share": _round(
            sum(1 for w in waits if w <= target_minutes) / len(waits) if waits else 1.0, 3
        ),
    }


def punctuality(tickets: Iterable[TicketLog]) -> dict[str, float | int]:
    """Appointments called within PUNCTUAL_MINUTES of their slot (or of a late check-in)."""
    waits = [
        w for t in tickets if t.priority == "appointment" and (w := t.wait_minutes) is not None
    ]
    punctual = sum(1 for w in waits if w <= PUNCTUAL_MINUTES)
    return {
        "appointments": len(waits),
        "within_10_minutes_share": _round(punctual / len(waits) if waits else 1.0, 3),
        "max_wait_minutes": _round(max(waits, default=0.0)),
    }


def estimate_errors(tickets: Iterable[TicketLog]) -> dict[str, dict[str, float | int]]:
    """Each predictor's error against the real wait, over walk-ins that waited 10 min or more."""
    judged = [
        t
        for t in tickets
        if t.priority != "appointment" and (t.wait_minutes or 0.0) >= LONG_WAIT_MINUTES
    ]
    result = {}
    for name, predict in PREDICTORS.items():
        errors = [abs(predict(t) - (t.wait_minutes or 0.0)) for t in judged]
        relative = [e / (t.wait_minutes or 1.0) for e, t in zip(errors, judged, strict=True)]
        result[name] = {
            "tickets": len(judged),
            "median_abs_error_minutes": _round(percentile(errors, 0.5)),
            "median_relative_error": _round(percentile(relative, 0.5), 3),
        }
    return result


def crossings(suggestions: Sequence[Suggestion]) -> dict[str, int | float]:
    """Suggestions shown and taken, and reversals: a suggestion from B to A for a service
    within an hour of one taken from A to B (the swing between sites that damping prevents)."""
    taken = [s for s in suggestions if s.taken]
    reversals = 0
    for later in taken:
        reversals += any(
            s.service == later.service and s.source == later.target and s.target == later.source
            and timedelta(0) < later.at - s.at <= REVERSAL_WINDOW
            for s in taken
        )  # fmt: skip
    return {
        "suggestions_shown": len(suggestions),
        "crossings": len(taken),
        "reversals": reversals,
        "reversal_share": _round(reversals / len(taken) if taken else 0.0, 3),
    }


def _round(value: float, digits: int = 1) -> float:
    return round(value, digits)
