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

Only the heads of each (service, class) queue can be chosen (within one, the earliest arrival,
or earliest slot, always ranks first), so each step looks at a few candidates, not the queue.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from queue_server.engine.dispatch import Candidate, DispatchPolicy, choose_next
from queue_server.engine.eta import ServiceTimes
from queue_server.engine.states import Priority

NEWCOMER_ID = 1 << 60  # newcomers' ids: after every real ticket
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
) -> Forecast:
    """Play dispatch forward from ``now``; ``times`` must cover every waiting ticket's service.

    ``until``: stop once that ticket is called (all one ticket's view needs)."""
    queues = _Queues(waiting, newcomers, now, policy)
    result = Forecast()
    calls = {code: 0 for w in windows for code in w.services}
    free = [(w.free_in_minutes, index) for index, w in enumerate(windows)]
    heapq.heapify(free)
    history = [list(w.recent_priorities) for w in windows]
    while free and queues.left:
        at, index = heapq.heappop(free)
        window = windows[index]
        moment = now + timedelta(minutes=at)
        heads = queues.heads(window.services)
        chosen = choose_next(window.services, heads, moment, policy, history[index], overloaded)
        if chosen is None:
            continue  # nothing left that this window serves: it stays idle
        queues.pop(chosen)
        cv = times[chosen.service].cv
        estimate = Estimate(at, calls.get(chosen.service, 0), cv)
        if chosen.ticket_id >= NEWCOMER_ID:
            result.newcomers[chosen.service] = estimate
            heapq.heappush(free, (at, index))
            continue
        result.tickets[chosen.ticket_id] = estimate
        if chosen.ticket_id == until:
            break
        for code in window.services:
            calls[code] += 1
        history[index].append(chosen.priority)
        heapq.heappush(free, (at + times[chosen.service].mean, index))
    return result


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

    def heads(self, services: Sequence[str]) -> list[Candidate]:
        found = []
        for code in services:
            for key in self._keys.get(code, ()):
                position = self._next[key]
                if position < len(self._queues[key]):
                    found.append(self._queues[key][position])
        return found

    def pop(self, chosen: Candidate) -> None:
        """``chosen`` (a head) is called: its queue moves on."""
        self._next[self._key_of[chosen.ticket_id]] += 1
        self.left -= 1


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
