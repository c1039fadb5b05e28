"""Dispatch v1: which waiting ticket a window gets on "call next".

Only candidates whose service the window serves are eligible. Among them, `choose_next` takes
the first non-empty tier, in this order:

1. **Appointments whose slot has started** (``slot_start - policy.appointment_lead <= now``; an
   appointment ticket without a slot counts as started): earliest slot first, then earliest
   arrival.
2. **Ratio guard.** If the window's last ``policy.green_run_limit`` calls (``recent_priorities``,
   newest last; appointment calls are skipped, neither counting nor breaking the run) were all
   green and a normal ticket is eligible: the normal tickets, in the order of tier 5. This is
   what keeps normal tickets from starving behind a stream of green-channel tickets.
3. **Aged tickets**: normal or green tickets that have waited at least ``policy.ageing_minutes``
   (since ``arrived_at``): oldest arrival first, whatever the service. Ageing bounds every wait,
   including that of a comprehensive window's less preferred services.
3a. **Overloaded services** (跨窗通办): tickets of the services in ``overloaded`` (over the hall's
   target, decided with hysteresis by `engine.balance.overloaded`): by the window's service
   preference, green before normal, then earliest arrival. A comprehensive window thus takes an
   overloaded service first; it still comes after the ratio guard and the aged tier, so every
   wait stays bounded.
4. **Green channel** (绿色通道): by the window's service preference, then earliest arrival.
5. **Normal**: by the window's service preference, then earliest arrival.
6. **Appointments whose slot has not started**: only when nobody else is eligible; earliest
   slot first.

Ties are broken by ticket id, so the order is total and deterministic. A transferred ticket
keeps its original ``arrived_at`` and therefore its place. With ``policy.green_enabled`` off
(a hall without a green channel) green tickets are treated as normal ones.

`queue_order` and `ahead_of` give the static order of one service's queue, as seen by a window
serving only that service, with no green run in progress: "people ahead" is the number of
same-service tickets before the ticket in that order. It ignores the ratio guard and other
services at comprehensive windows, so it is an honest approximation, not a promise.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from queue_server.engine.states import Priority

SortKey = tuple[int, float, float, int]


@dataclass(frozen=True)
class Candidate:
    """A waiting ticket as dispatch sees it."""

    ticket_id: int
    service: str
    priority: Priority
    arrived_at: datetime
    number: str = ""
    slot_start: datetime | None = None  # appointment slot start, if any


@dataclass(frozen=True)
class DispatchPolicy:
    """Tunable fairness knobs for the green channel and ageing."""

    green_run_limit: int = 2  # at most this many green calls in a row while normals wait
    ageing_minutes: float | None = 30.0  # waited this long → served ahead of green; None = off
    appointment_lead_minutes: float = 0.0  # an appointment counts as started this much early
    green_enabled: bool = True

    def __post_init__(self) -> None:
        if self.green_run_limit < 1:
            raise ValueError(f"green_run_limit must be at least 1, got {self.green_run_limit}")
        if self.ageing_minutes is not None and self.ageing_minutes < 0:
            raise ValueError(f"ageing_minutes must not be negative, got {self.ageing_minutes}")


(TIER_APPOINTMENT, TIER_RATIO, TIER_AGED, TIER_OVERLOAD, TIER_GREEN, TIER_NORMAL, TIER_EARLY) = (
    range(7)
)


def choose_next(
    window_services: Sequence[str],
    candidates: Iterable[Candidate],
    now: datetime,
    policy: DispatchPolicy,
    recent_priorities: Sequence[Priority | str] = (),
    overloaded: frozenset[str] = frozenset(),
) -> Candidate | None:
    """The ticket this window should call next, or None when nobody eligible waits.

    ``overloaded``: the hall's services over target now (tier 3a of the module docstring).
    """
    preference = {code: rank for rank, code in enumerate(window_services)}
    eligible = [c for c in candidates if c.service in preference]
    if not eligible:
        return None
    guard = green_run(recent_priorities) >= policy.green_run_limit and any(
        _class_of(c, policy) is Priority.NORMAL for c in eligible
    )
    return min(eligible, key=_ranker(preference, now, policy, guard, overloaded))


def green_run(recent_priorities: Sequence[Priority | str]) -> int:
    """How many green calls end the window's history (appointment calls are skipped)."""
    run = 0
    for priority in reversed(recent_priorities):
        if priority == Priority.APPOINTMENT:
            continue
        if priority != Priority.GREEN:
            break
        run += 1
    return run


def queue_order(
    service: str, candidates: Iterable[Candidate], now: datetime, policy: DispatchPolicy
) -> list[Candidate]:
    """One service's waiting tickets in the order a dedicated window would call them."""
    same = [c for c in candidates if c.service == service]
    return sorted(same, key=_ranker({service: 0}, now, policy, False))


def ahead_of(
    ticket: Candidate, candidates: Iterable[Candidate], now: datetime, policy: DispatchPolicy
) -> int:
    """People ahead: same-service candidates a dedicated window would call before ``ticket``."""
    rank = _ranker({ticket.service: 0}, now, policy, False)
    mine = rank(ticket)
    return sum(
        1
        for c in candidates
        if c.service == ticket.service and c.ticket_id != ticket.ticket_id and rank(c) < mine
    )


def ahead_counts(
    candidates: Iterable[Candidate], now: datetime, policy: DispatchPolicy
) -> dict[int, int]:
    """``ahead_of`` for every candidate at once (ticket id → people ahead), in O(n log n)."""
    by_service: dict[str, list[Candidate]] = {}
    for c in candidates:
        by_service.setdefault(c.service, []).append(c)
    counts: dict[int, int] = {}
    for service, tickets in by_service.items():
        for position, c in enumerate(queue_order(service, tickets, now, policy)):
            counts[c.ticket_id] = position
    return counts


def _class_of(c: Candidate, policy: DispatchPolicy) -> Priority:
    if c.priority == Priority.APPOINTMENT:
        return Priority.APPOINTMENT
    if c.priority == Priority.GREEN and policy.green_enabled:
        return Priority.GREEN
    return Priority.NORMAL


def _ranker(
    preference: dict[str, int],
    now: datetime,
    policy: DispatchPolicy,
    guard: bool,
    overloaded: frozenset[str] = frozenset(),
) -> Callable[[Candidate], SortKey]:
    """The sort key of the module docstring's order (smaller = called sooner).

    Times are compared as POSIX timestamps, worked out once per call: dispatch and "people
    ahead" run on every request, over every waiting ticket of a hall.
    """
    now_ts = now.timestamp()
    started_by = now_ts + policy.appointment_lead_minutes * 60
    aged_by = -math.inf if policy.ageing_minutes is None else now_ts - policy.ageing_minutes * 60
    green_on = policy.green_enabled

    def key(c: Candidate) -> SortKey:
        arrived = c.arrived_at.timestamp()
        if c.priority == Priority.APPOINTMENT:
            slot = -math.inf if c.slot_start is None else c.slot_start.timestamp()
            tier = TIER_APPOINTMENT if slot <= started_by else TIER_EARLY
            return (tier, slot, arrived, c.ticket_id)
        green = green_on and c.priority == Priority.GREEN
        rank = preference[c.service]
        if guard and not green:
            return (TIER_RATIO, rank, arrived, c.ticket_id)
        if guard and green:
            return (TIER_GREEN, rank, arrived, c.ticket_id)
        if arrived <= aged_by:
            return (TIER_AGED, arrived, rank, c.ticket_id)
        if c.service in overloaded:
            return (TIER_OVERLOAD, 2 * rank + int(not green), arrived, c.ticket_id)
        return (TIER_GREEN if green else TIER_NORMAL, rank, arrived, c.ticket_id)

    return key
