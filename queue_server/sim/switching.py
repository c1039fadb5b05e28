"""Window-switch suggestions for a hall's manager: which window to give which services so an
overloaded service catches up, with the effect over the next hour simulated from the live
state (the waiting tickets, the open windows and their services, the last hour's arrivals)."""

from __future__ import annotations

import statistics
from datetime import datetime, timedelta
from typing import Any

from queue_server.sim.draws import Citizen
from queue_server.sim.outcome import DayLog
from queue_server.sim.runner import DayRun
from queue_server.sim.scenario import Arrivals, Scenario, Staff
from queue_server.store import Store

HORIZON = timedelta(hours=1)
REPLICATIONS = 4
CANDIDATES = 3  # windows tried per overloaded service
SEEDED_FROM = 100_000  # seeded citizens' numbers (synthetic ID cards) stay clear of new ones


def suggestions(store: Store, hall_id: str, *, replications: int = REPLICATIONS) -> dict[str, Any]:
    """`{"hall", "at", "horizon_minutes", "overloaded": [...], "suggestions": [...]}`: for the
    most overloaded service, the best of a few window switches and its simulated effect."""
    hall = store.hall(hall_id)
    now = store.now()
    waiting = store.tickets(hall_id, status="waiting")
    windows = [w for w in store.windows(hall_id) if w["state"] == "open"]
    overloaded = _overloaded(waiting, now, hall.target_wait_minutes)
    answer: dict[str, Any] = {"hall": hall_id, "at": now.isoformat(),
                              "horizon_minutes": int(HORIZON.total_seconds() // 60),
                              "overloaded": overloaded, "suggestions": []}  # fmt: skip
    if not overloaded or not windows:
        return answer
    live = _LiveHall(store, hall_id, now, waiting, windows, replications)
    service = overloaded[0]["service"]
    before = live.effect(live.staff(), service)
    tried = []
    for window in _candidates(windows, waiting, service):
        services = [service, *[s for s in window["services"] if s != service]]
        after = live.effect(live.staff({window["number"]: services}), service)
        tried.append({"window": window["number"], "services": services,
                      "without": before, "with": after})  # fmt: skip
    tried.sort(key=lambda t: (t["with"]["longest_wait_minutes"], t["with"]["mean_wait_minutes"]))
    answer["suggestions"] = [t for t in tried if _better(t)][:1]
    return answer


def _overloaded(
    waiting: list[dict[str, Any]], now: datetime, target: float
) -> list[dict[str, Any]]:
    """Services whose longest wait has passed the hall's target, longest first."""
    longest: dict[str, float] = {}
    count: dict[str, int] = {}
    for ticket in waiting:
        waited = (now - datetime.fromisoformat(ticket["arrived_at"])).total_seconds() / 60
        code = ticket["service"]
        longest[code] = max(longest.get(code, 0.0), waited)
        count[code] = count.get(code, 0) + 1
    found = [
        {"service": code, "waiting": count[code], "longest_wait_minutes": round(wait, 1)}
        for code, wait in longest.items()
        if wait >= target
    ]
    return sorted(found, key=lambda o: -float(o["longest_wait_minutes"]))


def _candidates(
    windows: list[dict[str, Any]], waiting: list[dict[str, Any]], service: str
) -> list[dict[str, Any]]:
    """Open windows not serving the service, those with the least waiting for them first."""
    load: dict[str, int] = {}
    for ticket in waiting:
        load[ticket["service"]] = load.get(ticket["service"], 0) + 1
    others = [w for w in windows if service not in w["services"]]
    others.sort(key=lambda w: (sum(load.get(s, 0) for s in w["services"]), w["number"]))
    return others[:CANDIDATES]


def _better(tried: dict[str, Any]) -> bool:
    return bool(tried["with"]["longest_wait_minutes"] < tried["without"]["longest_wait_minutes"])


class _LiveHall:
    """A copy of one hall's live state that the simulator can replay with other staff."""

    def __init__(
        self, store: Store, hall_id: str, now: datetime, waiting: list[dict[str, Any]],
        windows: list[dict[str, Any]], replications: int,
    ) -> None:  # fmt: skip
        self.store, self.hall_id, self.now = store, hall_id, now
        self.windows, self.replications = windows, replications
        self.seeded = [_citizen(t, SEEDED_FROM + i, store) for i, t in enumerate(waiting)]
        self.rates = _recent_rates(store.tickets(hall_id), now)

    def staff(self, changes: dict[int, list[str]] | None = None) -> tuple[Staff, ...]:
        """The open windows for the next hour, with `changes` (window → services) applied."""
        start, end = self.now.time(), (self.now + HORIZON).time()
        changes = changes or {}
        return tuple(
            Staff(self.hall_id, (w["number"],), tuple(changes.get(w["number"], w["services"])),
                  start, end if end > start else start.replace(hour=23, minute=59))
            for w in self.windows
        )  # fmt: skip

    def effect(self, staff: tuple[Staff, ...], service: str) -> dict[str, float]:
        """Longest and mean wait over the next hour (of the service and of the hall)."""
        logs = [self._run(staff, r) for r in range(self.replications)]
        until = self.now + HORIZON
        mine = [_wait(t, until) for log in logs for t in log.tickets if t.service == service]
        every = [_wait(t, until) for log in logs for t in log.tickets]
        return {
            "longest_wait_minutes": round(statistics.fmean(
                max((_wait(t, until) for t in log.tickets if t.service == service), default=0.0)
                for log in logs), 1),
            "mean_wait_minutes": round(statistics.fmean(mine), 1) if mine else 0.0,
            "hall_mean_wait_minutes": round(statistics.fmean(every), 1) if every else 0.0,
        }  # fmt: skip

    def _run(self, staff: tuple[Staff, ...], replication: int) -> DayLog:
        district = self.store.district
        hall = district.halls[self.hall_id]
        scenario = Scenario(
            name="live", day=datetime.fromisoformat(hall.business_day(self.now)).date(),
            days=1, seed=replication, policy=district.dispatch.kind, halls=(self.hall_id,),
            arrivals=tuple(Arrivals(self.hall_id, code, (rate,), True)
                           for code, rate in self.rates.items()),
            service_times={}, staff=staff, serve_out=False,
        )  # fmt: skip
        run = DayRun(scenario, district, replication, seeded=self.seeded, start=self.now,
                     until=self.now + HORIZON)  # fmt: skip
        return run.run()


def _wait(ticket: Any, until: datetime) -> float:
    """The wait of a ticket called within the horizon, else its wait so far at the end."""
    if ticket.called_at is not None:
        return float(ticket.wait_minutes)
    return max(0.0, (until - ticket.arrived).total_seconds() / 60)


def _citizen(ticket: dict[str, Any], seq: int, store: Store) -> Citizen:
    """A waiting ticket as a citizen of the copy: same service, class, arrival and slot."""
    slot = ticket.get("appointment")
    expected = store.district.services[ticket["service"]].expected_minutes
    return Citizen(
        seq, ticket["hall"], ticket["service"], datetime.fromisoformat(ticket["arrived_at"]),
        ticket["priority"], expected,
        slot=(datetime.fromisoformat(slot["slot_start"]), datetime.fromisoformat(slot["slot_end"]))
        if slot else None,
    )  # fmt: skip


def _recent_rates(tickets: list[dict[str, Any]], now: datetime) -> dict[str, float]:
    """Arrivals per hour per service over the last hour (the forecast for the next)."""
    since = now - timedelta(hours=1)
    rates: dict[str, float] = {}
    for ticket in tickets:
        if ticket["transfer"] is None and datetime.fromisoformat(ticket["issued_at"]) >= since:
            rates[ticket["service"]] = rates.get(ticket["service"], 0.0) + 1.0
    return rates
