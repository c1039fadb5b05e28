"""The event loop: citizens arrive at kiosks, windows call, serve and finish, all through the
real Store's use cases (`issue`, `call_next`, `start`, `finish`, `no_show`, `pause`, `resume`)
on a movable clock. The loop only decides *when* things happen; the store decides *who*."""

from __future__ import annotations

import heapq
import itertools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from queue_server.engine.district import District
from queue_server.engine.errors import QueueError
from queue_server.engine.privacy import id_check_char
from queue_server.sim.draws import Citizen, citizens_of_day, opening_periods, service_time_of
from queue_server.sim.outcome import DayLog, Suggestion, TicketLog, WindowLog
from queue_server.sim.scenario import Scenario
from queue_server.sim.world import Shift, open_store, scenario_district, shifts
from queue_server.store import IdCard, IssueRequest

ACTOR = "sim"
KIOSK_REFRESH = timedelta(seconds=60)
Key = tuple[str, int]  # (hall, window)


@dataclass
class Desk:
    """A window as the loop sees it: on duty or not, and the ticket it holds."""

    services: frozenset[str]
    on_duty: bool = False
    serving_out: bool = False  # off duty, but the hall has closed: serve who holds a ticket
    paused: bool = True
    ticket: int | None = None
    since: datetime | None = None  # start of the current busy stretch


class DayRun:
    """One replication of the scenario's day on a fresh memory store."""

    def __init__(
        self, scenario: Scenario, district: District, replication: int = 0, *,
        seeded: Sequence[Citizen] = (), start: datetime | None = None,
        until: datetime | None = None, drawn: Sequence[Citizen] | None = None,
    ) -> None:  # fmt: skip
        """`seeded`: citizens already waiting (a live hall's copy); `start`: no new arrivals
        before it; `until`: the run stops there (default: when everyone is served, at the
        latest just before midnight, when the store would close the day's tickets); `drawn`:
        the day's citizens, if already drawn (`sim.parts`), else drawn here."""
        self.scenario = scenario
        self.district = scenario_district(scenario, district)
        if drawn is None:
            drawn = citizens_of_day(scenario, self.district, replication)
        self.citizens = list(seeded) + [c for c in drawn if start is None or c.at >= start]
        self.until = until or _midnight(scenario.day + timedelta(days=1), district) - timedelta(
            seconds=1
        )
        self.shifts = shifts(scenario, self.district, scenario.day)
        first = [c.at for c in self.citizens] + [p[0] for s in self.shifts for p in s.periods]
        begin = min(first) if first else _midnight(scenario.day, self.district)
        self.store, self.clock = open_store(self.district, begin - timedelta(minutes=1))
        self.log = DayLog(replication)
        self.desks: dict[Key, Desk] = {}
        self.tickets: dict[int, tuple[TicketLog, Citizen]] = {}
        self.last_entered: dict[tuple[str, str], float] = {}
        self.mean_minutes = {
            code: service_time_of(scenario, self.district, code).mean_minutes
            for code in self.district.services
        }
        self.open_periods = {
            hall: opening_periods(self.district.halls[hall], scenario.day)
            for hall in scenario.halls
        }
        self.screens: dict[str, tuple[datetime, dict[str, int]]] = {}
        self.by_service: dict[tuple[str, str], list[Key]] = {}
        self._heap: list[tuple[datetime, int, Callable[[], None]]] = []
        self._order = itertools.count()

    # --- the loop ---------------------------------------------------------------------------

    def run(self) -> DayLog:
        began = time.perf_counter()
        self._start_windows()
        for citizen in self.citizens:
            self.at(citizen.at, partial(self.arrive, citizen, citizen.hall))
        while self._heap:
            if self.until is not None and self._heap[0][0] > self.until:
                break
            moment, _, action = heapq.heappop(self._heap)
            self.clock.set(moment)
            action()
        self.log.wall_seconds = time.perf_counter() - began
        self.store.close()
        return self.log

    def at(self, moment: datetime, action: Callable[[], None]) -> None:
        heapq.heappush(self._heap, (moment, next(self._order), action))

    def now(self) -> datetime:
        return self.clock()

    # --- windows ----------------------------------------------------------------------------

    def _start_windows(self) -> None:
        for shift in self.shifts:
            key = (shift.hall, shift.window)
            config = self.district.halls[shift.hall].window(shift.window)
            assert config is not None
            self.desks[key] = Desk(frozenset(config.services))
            for code in config.services:
                self.by_service.setdefault((shift.hall, code), []).append(key)
            self.log.windows[key] = WindowLog(
                duty_minutes=sum((b - a).total_seconds() / 60 for a, b in shift.periods)
            )
            self.store.pause(shift.hall, shift.window, ACTOR, "off duty")
            self._plan_shift(key, shift)

    def _plan_shift(self, key: Key, shift: Shift) -> None:
        for begins, ends in shift.periods:
            self.at(begins, partial(self.duty_on, key))
            self.at(ends, partial(self.duty_off, key))

    def duty_on(self, key: Key) -> None:
        desk = self.desks[key]
        if desk.paused:
            self.store.resume(*key, ACTOR)
        desk.on_duty, desk.paused, desk.serving_out = True, False, False
        self.call(key)

    def duty_off(self, key: Key) -> None:
        """Off duty after the current ticket; when the hall has closed, for the day or for its
        lunch break, first serve out who still holds a ticket, if the scenario says so (as
        `engine.forecast` expects); not at a window's own break while the hall is open."""
        desk = self.desks[key]
        desk.on_duty = False
        desk.serving_out = self.scenario.serve_out and not self._hall_open(key[0])
        if desk.ticket is None:
            self.call(key)

    def _hall_open(self, hall: str) -> bool:
        now = self.now()
        return any(a <= now < b for a, b in self.open_periods[hall])

    def _pause(self, key: Key) -> None:
        desk = self.desks[key]
        if not desk.paused:
            self.store.pause(*key, ACTOR, "off duty")
            desk.paused = True

    def call(self, key: Key) -> None:
        """A free window calls the next ticket the store gives it, if any."""
        desk = self.desks[key]
        if desk.ticket is not None or desk.paused:
            return
        if not desk.on_duty and not desk.serving_out:
            self._pause(key)
            return
        view = self.store.call_next(*key, ACTOR)
        if view is None:
            if not desk.on_duty:
                self._pause(key)
            return
        self._called(key, desk, view)

    def _called(self, key: Key, desk: Desk, view: dict[str, Any]) -> None:
        record, citizen = self.tickets[view["id"]]
        now = self.now()
        record.called_at, record.window = now, key[1]
        desk.ticket, desk.since = view["id"], now
        self.log.trace(key[0], now, -1)
        self.last_entered[(record.hall, record.service)] = record.wait_minutes or 0.0
        if citizen.no_show:
            record.no_show = True
            self.at(now + timedelta(minutes=self.scenario.recall_minutes), partial(self.done, key))
            return
        self.store.start(*key, ACTOR)
        self.at(now + timedelta(minutes=citizen.service_minutes), partial(self.done, key))

    def done(self, key: Key) -> None:
        desk = self.desks[key]
        assert desk.ticket is not None and desk.since is not None
        record, _ = self.tickets[desk.ticket]
        if record.no_show:
            self.store.no_show(*key, ACTOR)
        else:
            self.store.finish(*key, ACTOR)
        self.log.windows[key].busy_minutes += (self.now() - desk.since).total_seconds() / 60
        desk.ticket = desk.since = None
        self.call(key)

    # --- citizens ---------------------------------------------------------------------------

    def arrive(self, citizen: Citizen, hall: str) -> None:
        """At the kiosk: maybe go elsewhere, maybe leave at the shown wait, else take a ticket."""
        crossed = hall != citizen.hall
        if not crossed and self._goes_elsewhere(citizen, hall):
            return
        if citizen.patience is not None and self._shown_wait(hall, citizen.service) > (
            citizen.patience
        ):
            self.log.count(self.log.balked, hall, citizen.service)
            return
        try:
            view, _ = self.store.issue(self._request(citizen, hall), ACTOR)
        except QueueError:  # a daily cap, or closed when a crossing citizen got there
            self.log.count(self.log.refused, hall, citizen.service)
            return
        self._issued(citizen, hall, view, crossed)

    def _goes_elsewhere(self, citizen: Citizen, hall: str) -> bool:
        if self.scenario.cross_hall_acceptance <= 0 or citizen.priority == "appointment":
            return False
        offer = self.store.suggest_hall(hall, citizen.service)
        if offer is None:
            return False
        target = str(offer["hall"])
        taken = citizen.accepts_elsewhere and target in self.district.halls
        self.log.suggestions.append(Suggestion(self.now(), citizen.service, hall, target, taken))
        if taken:
            travel = timedelta(minutes=self.scenario.travel_minutes)
            self.at(self.now() + travel, partial(self.arrive, citizen, target))
        return taken

    def _shown_wait(self, hall: str, service: str) -> int:
        """The wait the kiosk's service screen shows for a new ticket; like a kiosk, the loop
        refreshes a hall's screen at most once every KIOSK_REFRESH."""
        now = self.now()
        cached = self.screens.get(hall)
        if cached is None or now - cached[0] >= KIOSK_REFRESH:
            cached = self.screens[hall] = (now, self.store.estimates(hall))
        return cached[1][service]

    def _request(self, citizen: Citizen, hall: str) -> IssueRequest:
        needs_card = self.district.services[citizen.service].id_required
        card = synthetic_card(citizen.seq, self.scenario.day) if needs_card else None
        if citizen.slot is not None:  # what the check-in issues (store.checkin.check_in)
            return IssueRequest(
                hall, citizen.service, id_card=card, priority="appointment",
                caller="appointment", slot=citizen.slot,
            )  # fmt: skip
        return IssueRequest(hall, citizen.service, id_card=card, priority=citizen.priority)

    def _issued(self, citizen: Citizen, hall: str, view: dict[str, Any], crossed: bool) -> None:
        now = self.now()
        record = TicketLog(
            hall, citizen.service, view["priority"], datetime.fromisoformat(view["arrived_at"]),
            int(view["eta_minutes"]), self._queue_length(hall, citizen.service, view["ahead"]),
            self.last_entered.get((hall, citizen.service), 0.0),
            slot_start=citizen.slot[0] if citizen.slot else None, crossed=crossed,
        )  # fmt: skip
        self.tickets[view["id"]] = (record, citizen)
        self.log.tickets.append(record)
        self.log.trace(hall, now, +1)
        # One new ticket: the first free window that takes it is enough (the others were idle
        # before it came, so nothing else waits for them).
        for key in self.by_service.get((hall, citizen.service), ()):
            desk = self.desks[key]
            if desk.ticket is None and not desk.paused:
                self.call(key)
                if desk.ticket is not None:
                    return

    def _queue_length(self, hall: str, service: str, ahead: int) -> float:
        """The plain queue-length predictor: (ahead + 1) mean services over the windows serving
        the service, or 0 when one of them is free."""
        on_duty = [
            d for k in self.by_service.get((hall, service), ()) if (d := self.desks[k]).on_duty
        ]
        if not on_duty:
            return 0.0
        if any(d.ticket is None for d in on_duty) and ahead == 0:
            return 0.0
        return (ahead + 1) * self.mean_minutes[service] / len(on_duty)


def synthetic_card(seq: int, day: date) -> IdCard:
    """A made-up, well-formed ID number, one per citizen of the day (simulation data only)."""
    birth = date(1950, 1, 1) + timedelta(days=seq // 1000)
    first17 = f"320113{birth:%Y%m%d}{seq % 1000:03}"
    return IdCard(first17 + id_check_char(first17))


def _midnight(day: date, district: District) -> datetime:
    return datetime.combine(day, datetime.min.time(), ZoneInfo(district.timezone))


def run_scenario(scenario: Scenario, district: District, workers: int = 1) -> list[DayLog]:
    """Every replication of the scenario's day (seeded: the same file gives the same days);
    with ``workers`` > 1, its independent parts run side by side (`sim.parts`)."""
    if workers > 1:
        from queue_server.sim.parts import run_in_parts

        return run_in_parts(scenario, district, workers)
    return [DayRun(scenario, district, r).run() for r in range(scenario.days)]
