"""Estimated wait v2: the hall's dispatch played forward on its live state.

Every open window becomes free when its current ticket is expected to end (`remaining`: the
service's mean minus the time already served, never less than a share of the mean); each time
a window is free it calls what `dispatch.choose_next` would call at that moment (so comprehensive
windows shared with other services' queues, the green channel and its ratio guard, ageing, the
overload tier and appointments whose slot starts meanwhile all count), and stays busy for the
service's mean time. A ticket's estimate is the moment it is called.

A *newcomer* of each service (a normal ticket arriving now, after everyone waiting) rides along
without taking a window's time, so one pass gives the estimate of every waiting ticket and of
every service for a new ticket. Tickets whose service no open window serves get no estimate.

*Expected arrivals* (``arrivals``: per-minute rates of each service and class, from the hall's
last hour) join as phantom tickets, evenly spaced, while the hall is open: they take windows'
time but get no estimate. Without them every estimate is too short wherever later arrivals go
first: green-channel citizens, appointments, and at a comprehensive window the services it
prefers (the simulator measured estimates 29 % short at the median without them).

Only the heads of each (service, class) queue can be chosen (within one, the earliest arrival,
or earliest slot, always ranks first), so each step looks at a few candidates, not the queue.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from queue_server.engine.dispatch import Candidate, DispatchPolicy, choose_next
from queue_server.engine.eta import ServiceTimes
from queue_server.engine.states import Priority

NEWCOMER_ID = 1 << 60  # newcomers' ids: after every real ticket
PHANTOM_ID = 1 << 61  # expected arrivals' ids: after the newcomers
MAX_HORIZON_MINUTES = 8 * 60.0  # expected arrivals are played this far ahead at most
MIN_REMAINING_SHARE = 0.25  # a ticket being served longer than expected still needs this share


@dataclass(frozen=True)
class OpenWindow:
    """An open window: its services in preference order and when its current ticket ends."""

    number: int
    services: tuple[str, ...]
    free_in_minutes: float = 0.0
    recent_priorities: tuple[str, ...] = ()


@dataclass(frozen=True)
class Estimate:
    """Minutes until called, the calls before it at windows serving it, the spread (cv)."""

    minutes: float
    before: int
    cv: float


@dataclass
class Forecast:
    tickets: dict[int, Estimate] = field(default_factory=dict)  # waiting ticket id → estimate
    newcomers: dict[str, Estimate] = field(default_factory=dict)  # service → a new ticket's


def remaining(times: ServiceTimes, served_minutes: float) -> float:
    """Expected minutes left of a ticket that has been at the window ``served_minutes``."""
    mean = times.mean
    return max(mean - max(served_minutes, 0.0), MIN_REMAINING_SHARE * mean)


def forecast(
    windows: Sequence[OpenWindow],
    waiting: Iterable[Candidate],
    times: Mapping[str, ServiceTimes],
    now: datetime,
    policy: DispatchPolicy,
    *,
    newcomers: Iterable[str] = (),
    overloaded: frozenset[str] = frozenset(),
    until: int | None = None,
    breaks: Sequence[tuple[float, float]] = (),
    arrivals: Mapping[tuple[str, str], float] | None = None,
    open_for: float = 0.0,
) -> Forecast:
    """Play dispatch forward from ``now``; ``times`` must cover every waiting ticket's service
    (and every service of ``arrivals``).

    ``until``: stop once that ticket is called (all one ticket's view needs). ``arrivals``:
    expected arrivals per minute by (service, priority), arriving until ``open_for`` minutes
    from now, except in ``breaks``: the hall's closed times between opening periods (lunch),
    as (from, to) minutes from now. At a break, as at closing, the windows first serve whoever
    already holds a ticket (the simulator's `serve_out`), so a break stops arrivals only."""
    queues = _Queues(waiting, newcomers, now, policy)
    expected = _Arrivals(arrivals or {}, now, min(open_for, MAX_HORIZON_MINUTES), breaks)
    result = Forecast()
    calls = [0] * len(windows)  # calls made at each window so far
    serving: dict[str, list[int]] = {}  # service → the windows serving it
    for index, w in enumerate(windows):
        for code in w.services:
            serving.setdefault(code, []).append(index)
    free = [(w.free_in_minutes, index) for index, w in enumerate(windows)]
    heapq.heapify(free)
    history = [list(w.recent_priorities) for w in windows]
    idle: dict[int, None] = {}  # windows with nothing to call, in the order they fell idle
    while free and queues.left:
        # Everyone expected by the next free window's moment joins; one idle window serving an
        # arrival's service wakes for it (any idle one takes it: nothing else waits for it).
        joined = expected.join(queues, free[0][0]) if expected.next <= free[0][0] else ()
        for came, arrival in joined:
            woken = next((i for i in idle if arrival.service in windows[i].services), None)
            if woken is not None:
                del idle[woken]
                heapq.heappush(free, (came, woken))
        at, index = heapq.heappop(free)
        window = windows[index]
        moment = now + timedelta(minutes=at)
        heads = queues.heads(window.services)
        chosen = choose_next(window.services, heads, moment, policy, history[index], overloaded)
        if chosen is None:  # nothing this window serves waits: idle until somebody comes
            idle[index] = None
            continue
        queues.pop(chosen)
        if chosen.ticket_id < PHANTOM_ID:
            before = sum(calls[i] for i in serving[chosen.service])  # at windows serving it
            estimate = Estimate(at, before, times[chosen.service].cv)
            if chosen.ticket_id >= NEWCOMER_ID:
                result.newcomers[chosen.service] = estimate
                heapq.heappush(free, (at, index))
                continue
            result.tickets[chosen.ticket_id] = estimate
            if chosen.ticket_id == until:
                break
        calls[index] += 1
        history[index].append(chosen.priority)
        heapq.heappush(free, (at + times[chosen.service].mean, index))
    return result


class _Arrivals:
    """Expected arrivals: each (service, priority) stream evenly spaced at its rate, the first
    half a gap from now, none in a break or after ``horizon`` minutes."""

    def __init__(
        self,
        rates: Mapping[tuple[str, str], float],
        now: datetime,
        horizon: float,
        breaks: Sequence[tuple[float, float]],
    ) -> None:
        self._now, self._horizon, self._breaks = now, horizon, breaks
        self._streams = [(key, 1 / rate) for key, rate in rates.items() if rate > 0]
        self._due = [(gap / 2, n) for n, (_, gap) in enumerate(self._streams) if gap / 2 < horizon]
        heapq.heapify(self._due)
        self._ids = itertools.count(PHANTOM_ID)

    @property
    def next(self) -> float:
        """Minutes from now of the next expected arrival (infinity when none is left)."""
        return self._due[0][0] if self._due else math.inf

    def join(self, queues: _Queues, until: float) -> list[tuple[float, Candidate]]:
        """Everyone expected by ``until`` minutes joins the queues; they are returned, each
        with its moment in minutes from now."""
        joined: list[tuple[float, Candidate]] = []
        while self._due and self._due[0][0] <= until:
            at, n = heapq.heappop(self._due)
            (service, priority), gap = self._streams[n]
            if not any(start <= at < end for start, end in self._breaks):  # kiosks closed
                moment = self._now + timedelta(minutes=at)
                slot = moment if priority == Priority.APPOINTMENT else None
                arrival = Candidate(next(self._ids), service, Priority(priority), moment,
                                    slot_start=slot)  # fmt: skip
                queues.add(arrival)
                joined.append((at, arrival))
            if at + gap < self._horizon:
                heapq.heappush(self._due, (at + gap, n))
        return joined


class _Queues:
    """Waiting tickets by (service, class), each in the order dispatch ranks them."""

    def __init__(
        self,
        waiting: Iterable[Candidate],
        newcomers: Iterable[str],
        now: datetime,
        policy: DispatchPolicy,
    ) -> None:
        by_key: dict[tuple[str, str], list[Candidate]] = {}
        for c in waiting:
            by_key.setdefault((c.service, _class(c, policy)), []).append(c)
        for queue in by_key.values():
            queue.sort(key=_order)
        for offset, code in enumerate(dict.fromkeys(newcomers)):
            newcomer = Candidate(NEWCOMER_ID + offset, code, Priority.NORMAL, now)
            by_key.setdefault((code, Priority.NORMAL), []).append(newcomer)
        self._queues = by_key
        self._key_of = {c.ticket_id: key for key, queue in by_key.items() for c in queue}
        self._next = dict.fromkeys(by_key, 0)
        self._keys: dict[str, list[tuple[str, str]]] = {}
        for key in by_key:
            self._keys.setdefault(key[0], []).append(key)
        self.left = sum(len(q) for q in by_key.values())
        self._policy = policy

    def heads(self, services: Sequence[str]) -> list[Candidate]:
        found = []
        for code in services:
            for key in self._keys.get(code, ()):
                position = self._next[key]
                if position < len(self._queues[key]):
                    found.append(self._queues[key][position])
        return found

    def add(self, later: Candidate) -> None:
        """An expected arrival joins its queue (in order, among those not yet called); it does
        not count in ``left``: only real tickets and newcomers keep the forecast going."""
        key = (later.service, _class(later, self._policy))
        if key not in self._queues:
            self._queues[key], self._next[key] = [], 0
            self._keys.setdefault(key[0], []).append(key)
        queue = self._queues[key]
        if later.priority == Priority.APPOINTMENT:  # by slot: its place may be anywhere
            bisect.insort(queue, later, lo=self._next[key], key=_order)
        else:  # by arrival, and it arrived after everyone waiting
            queue.append(later)
        self._key_of[later.ticket_id] = key

    def pop(self, chosen: Candidate) -> None:
        """``chosen`` (a head) is called: its queue moves on."""
        self._next[self._key_of[chosen.ticket_id]] += 1
        self.left -= chosen.ticket_id < PHANTOM_ID


def _class(c: Candidate, policy: DispatchPolicy) -> str:
    if c.priority == Priority.GREEN and not policy.green_enabled:
        return Priority.NORMAL
    return str(c.priority)


def _order(c: Candidate) -> tuple[float, float, int]:
    """Within one (service, class) queue: slot (appointments), then arrival, then id."""
    slot = c.slot_start.timestamp() if c.slot_start is not None else float("-inf")
    if c.priority != Priority.APPOINTMENT:
        slot = 0.0
    return (slot, c.arrived_at.timestamp(), c.ticket_id)
