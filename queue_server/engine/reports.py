"""Performance-report measures (数据化绩效考核): additive counts, wait histograms, and the
figures derived from them. Pure: the store sums the counts; this turns sums into measures.

Definitions (CONTRACT.md, Reports, says the same to users):

- A *visit* is one issued ticket with the tickets its transfers made (same number, same
  arrival). `issued` counts visits; `transferred` counts transfers (a ticket transferred twice
  counts 2); `served` counts tickets finished (`done`): the visit is served once.
- *Wait*: from the visit's first arrival (an appointment's slot start, or its check-in if later)
  to its first call; one wait per visit. The waits again after a transfer are `requeue`.
- *Left at close*: visits never called when the day was closed (roll-over marks them no-show).
  They are not served, have no wait to the call, and count as *not* within target; their wait
  until the hall closed (never past its closing time) is reported on its own (`left_wait`).
- *Service time*: start (or call, if never started) to finish of tickets done; tickets the
  roll-over finished at day end have no known end and are left out of it (not of `served`).
- *Punctual*: an appointment's visit called within 10 minutes of its slot start (or of its
  check-in, if the citizen came after the slot started).
- *Satisfaction*: evaluations (first and follow-up) of levels 3-5 among all; bad reviews are
  levels 1-2, each with its rectification item.
- *Pause*: a window's paused time between its first call and its last release of the day;
  *idle*: in that span, open with no ticket called or being served.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields

PUNCTUAL_SECONDS = 10 * 60

# Wait histogram bins, right-closed: bin 0 holds waits of 0 s; then 1-minute bins up to 60 min,
# 5-minute bins to 180, 15-minute bins to 480, and one bin for longer waits. A percentile read
# from it is exact to the bin's upper edge (to the whole minute below an hour).
_EDGES: tuple[int, ...] = (
    (0,)
    + tuple(60 * m for m in range(1, 61))
    + tuple(60 * m for m in range(65, 181, 5))
    + tuple(60 * m for m in range(195, 481, 15))
)
BINS = len(_EDGES) + 1  # the last bin: over 8 hours


def wait_bin(seconds: float) -> int:
    """The histogram bin of a wait of `seconds` (negative waits count as 0)."""
    low, high = 0, len(_EDGES)
    while low < high:  # the first edge >= seconds
        middle = (low + high) // 2
        if _EDGES[middle] < seconds:
            low = middle + 1
        else:
            high = middle
    return low


def bin_upper_seconds(index: int) -> int | None:
    """The bin's upper edge in seconds; None for the open last bin."""
    return _EDGES[index] if index < len(_EDGES) else None


def percentile_seconds(histogram: Sequence[int], share: float) -> float | None:
    """The nearest-rank percentile (`share` 0.9: the ceil(0.9 n)-th smallest wait), read as the
    upper edge of its bin; the last bin reads as its lower edge (over 8 h). None without data."""
    total = sum(histogram)
    if total == 0:
        return None
    rank = max(1, math.ceil(share * total))
    running = 0
    for index, count in enumerate(histogram):
        running += count
        if running >= rank:
            upper = bin_upper_seconds(index)
            return float(upper if upper is not None else _EDGES[-1])
    return float(_EDGES[-1])  # pragma: no cover - the loop always reaches the rank


@dataclass
class Counts:
    """Additive figures of one cell (day × hall × service × window × clerk) or any sum."""

    issued: int = 0
    called: int = 0
    served: int = 0
    no_show: int = 0
    transferred: int = 0
    cancelled: int = 0
    left_at_close: int = 0
    left_wait_s: float = 0.0
    wait_n: int = 0
    wait_s: float = 0.0
    within_target: int = 0
    requeue_n: int = 0
    requeue_s: float = 0.0
    service_n: int = 0
    service_s: float = 0.0
    appointments: int = 0
    punctual: int = 0
    evaluations: int = 0
    satisfied: int = 0
    bad: int = 0
    pause_s: float = 0.0
    idle_s: float = 0.0

    def add(self, other: Counts) -> None:
        for name in COUNT_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))


COUNT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Counts))


@dataclass
class Rectified:
    """The rectification items of the period's bad reviews, as they stand now."""

    closed: int = 0  # replied (整改回复): done
    visited: int = 0  # return visit recorded (回访), closed or not
    open_overdue: int = 0  # still open past their deadline


@dataclass
class Figures:
    """What a report shows for one scope: the sums, the wait histogram, the rectifications."""

    counts: Counts = field(default_factory=Counts)
    histogram: list[int] = field(default_factory=lambda: [0] * BINS)
    rectified: Rectified = field(default_factory=Rectified)


def add_histogram(into: list[int], other: Iterable[int]) -> None:
    for index, count in enumerate(other):
        into[index] += count


def _share(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole else None


def _minutes(seconds: float, count: float) -> float | None:
    return round(seconds / count / 60, 2) if count else None


def measures(figures: Figures) -> dict[str, float | int | None]:
    """The report's measures of one scope; None where nothing was there to measure."""
    c = figures.counts
    p90 = percentile_seconds(figures.histogram, 0.9)
    waited = c.wait_n + c.left_at_close  # everyone who queued until a call or the close
    return {
        "issued": c.issued,
        "called": c.called,
        "served": c.served,
        "no_show": c.no_show,
        "transferred": c.transferred,
        "cancelled": c.cancelled,
        "left_at_close": c.left_at_close,
        "wait_mean_min": _minutes(c.wait_s, c.wait_n),
        "wait_p90_min": round(p90 / 60, 2) if p90 is not None else None,
        "within_target_share": _share(c.within_target, waited),
        "left_wait_mean_min": _minutes(c.left_wait_s, c.left_at_close),
        "requeue_mean_min": _minutes(c.requeue_s, c.requeue_n),
        "service_mean_min": _minutes(c.service_s, c.service_n),
        "appointments": c.appointments,
        "punctuality_share": _share(c.punctual, c.appointments),
        "evaluations": c.evaluations,
        "satisfaction_rate": _share(c.satisfied, c.evaluations),
        "bad_reviews": c.bad,
        "bad_closed": figures.rectified.closed,
        "bad_visited": figures.rectified.visited,
        "bad_overdue": figures.rectified.open_overdue,
        "pause_min": round(c.pause_s / 60, 1),
        "idle_min": round(c.idle_s / 60, 1),
    }


# Measures a ranking may order by, and whether a higher value ranks first.
RANKABLE: Mapping[str, bool] = {
    "served": True,
    "called": True,
    "wait_mean_min": False,
    "wait_p90_min": False,
    "within_target_share": True,
    "service_mean_min": False,
    "punctuality_share": True,
    "satisfaction_rate": True,
    "bad_reviews": False,
    "no_show": False,
    "pause_min": False,
    "idle_min": False,
}


def ranked(
    rows: Mapping[str, dict[str, float | int | None]], measure: str
) -> list[tuple[str, float | int | None]]:
    """Entities best first by `measure`; those without a value come last, in key order."""
    higher_first = RANKABLE[measure]
    valued = [(key, row[measure]) for key, row in rows.items() if row[measure] is not None]
    empty = sorted((key, None) for key, row in rows.items() if row[measure] is None)
    valued.sort(key=lambda item: (-(item[1] or 0) if higher_first else (item[1] or 0), item[0]))
    return [*valued, *empty]
