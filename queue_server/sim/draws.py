"""The citizens of one simulated day, drawn up front from the seed, so that every policy
compared on the day meets the same people at the same moments with the same needs."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from queue_server.engine.district import District, Hall
from queue_server.sim.scenario import Arrivals, Scenario, ServiceTime


@dataclass(frozen=True)
class Citizen:
    """One visit: where, what for, when, and how it goes at the window."""

    seq: int
    hall: str
    service: str
    at: datetime  # arrival at the kiosk
    priority: str  # normal | green | appointment
    service_minutes: float
    no_show: bool = False
    patience: float | None = None  # minutes; None: takes a ticket whatever the wait
    slot: tuple[datetime, datetime] | None = None
    accepts_elsewhere: bool = False  # takes a cross-hall suggestion when one is shown
    early_minutes: float = 0.0  # an appointment checks in this long before its slot


def opening_periods(hall: Hall, day: date) -> list[tuple[datetime, datetime]]:
    """The hall's open periods on `day`, in its time zone, in order."""
    zone = ZoneInfo(hall.timezone)
    periods = [
        (datetime.combine(day, h.open, zone), datetime.combine(day, h.close, zone))
        for h in hall.hours
        if day.weekday() in h.weekdays
    ]
    return sorted(periods)


def draw_service_minutes(rng: random.Random, spec: ServiceTime) -> float:
    if spec.distribution == "empirical":
        return rng.choice(spec.minutes)
    if spec.distribution == "lognormal":
        sigma2 = math.log(1 + (spec.sd_minutes / spec.mean_minutes) ** 2)
        return rng.lognormvariate(math.log(spec.mean_minutes) - sigma2 / 2, math.sqrt(sigma2))
    return rng.expovariate(1 / spec.mean_minutes)


def service_time_of(scenario: Scenario, district: District, service: str) -> ServiceTime:
    """The scenario's distribution, else exponential with the service's expected minutes."""
    found = scenario.service_times.get(service)
    return found or ServiceTime("exponential", district.services[service].expected_minutes)


def arrival_times(rng: random.Random, stream: Arrivals, hall: Hall, day: date) -> list[datetime]:
    """A non-homogeneous Poisson process: constant within each clock hour, only while open."""
    periods = opening_periods(hall, day)
    if not periods:
        return []
    first = periods[0][0]
    found: list[datetime] = []
    for opens, closes in periods:
        moment = opens
        while moment < closes:
            hour = int((moment - first).total_seconds() // 3600)
            hour_end = min(closes, first + timedelta(hours=hour + 1))
            rate = _rate(stream, hour)
            found += _poisson(rng, rate, moment, hour_end)
            moment = hour_end
    return found


def _rate(stream: Arrivals, hour: int) -> float:
    if stream.constant:
        return stream.per_hour[0]
    return stream.per_hour[hour] if hour < len(stream.per_hour) else 0.0


def _poisson(rng: random.Random, rate: float, start: datetime, end: datetime) -> list[datetime]:
    if rate <= 0:
        return []
    found: list[datetime] = []
    moment = start
    while True:
        moment += timedelta(hours=rng.expovariate(rate))
        if moment >= end:
            return found
        found.append(moment)


def citizens_of_day(scenario: Scenario, district: District, replication: int) -> list[Citizen]:
    """Every citizen of replication `replication` of the scenario's day, by arrival time."""
    rng = random.Random(f"{scenario.seed}:{replication}")
    day = scenario.day
    drawn: list[Citizen] = []
    for stream in scenario.arrivals:
        hall = district.halls[stream.hall]
        spec = service_time_of(scenario, district, stream.service)
        slot = timedelta(minutes=district.booking.rules(hall.id, stream.service).slot_minutes)
        booked = district.services[stream.service].appointment_allowed
        for moment in arrival_times(rng, stream, hall, day):
            citizen = _citizen(rng, scenario, stream, spec, moment, hall, day)
            drawn.append(_with_slot(citizen, slot, hall, day) if booked else citizen)
    drawn.sort(key=lambda c: (c.at, c.hall, c.service))
    return [_numbered(c, seq) for seq, c in enumerate(drawn)]


def _citizen(
    rng: random.Random, scenario: Scenario, stream: Arrivals, spec: ServiceTime,
    moment: datetime, hall: Hall, day: date,
) -> Citizen:  # fmt: skip
    """Every draw is made whether it matters or not, so streams stay aligned across policies."""
    kind_draw, no_show_draw, balk_draw, accept_draw = (rng.random() for _ in range(4))
    patience = rng.expovariate(1 / stream.patience_minutes)
    early = rng.uniform(0, stream.early_minutes)
    minutes = draw_service_minutes(rng, spec)
    priority = "normal"
    if kind_draw < stream.appointment_share:
        priority = "appointment"
    elif kind_draw < stream.appointment_share + stream.green_share:
        priority = "green"
    return Citizen(
        0, stream.hall, stream.service, moment, priority, minutes,
        no_show=no_show_draw < stream.no_show_share,
        patience=patience if balk_draw < stream.balk_share else None,
        accepts_elsewhere=accept_draw < scenario.cross_hall_acceptance,
        early_minutes=early,
    )  # fmt: skip


def _with_slot(citizen: Citizen, length: timedelta, hall: Hall, day: date) -> Citizen:
    """An appointment: the booking slot holding its moment (slots run back to back from each
    opening), checked in a little before the slot starts."""
    if citizen.priority != "appointment":
        return citizen
    for opens, closes in opening_periods(hall, day):
        if opens <= citizen.at < closes:
            start = opens + ((citizen.at - opens) // length) * length
            at = max(opens, start - timedelta(minutes=citizen.early_minutes))
            return replace(citizen, at=at, slot=(start, min(start + length, closes)))
    return replace(citizen, priority="normal")


def _numbered(citizen: Citizen, seq: int) -> Citizen:
    return replace(citizen, seq=seq)
