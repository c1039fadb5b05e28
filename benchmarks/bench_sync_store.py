"""bench_sync.py --store: the pull sync into the server's own Store (the sample district and its
booking rules). The bookings are spread over the free slots of every bookable service without
booking caps of every hall, 1 to 5 working days ahead of the store's clock, so that the
platform intends nothing the rules refuse: every difference at the end is the sync's fault."""

from __future__ import annotations

import itertools
from collections import deque
from datetime import date, datetime
from pathlib import Path

from queue_server.clock import MovableClock, shanghai
from queue_server.config_loader import load_district
from queue_server.engine.errors import QueueError
from queue_server.platform.fake import FakePlatform
from queue_server.store import Settings, Store

FRIDAY = shanghai(2026, 12, 4, 10)  # the store's clock: Mon 7 to Fri 11 December are bookable
FIRST, LAST = date(2026, 12, 7), date(2026, 12, 11)


def open_store(folder: Path) -> Store:
    settings = Settings(check_hours=False)
    return Store(folder / "q.db", load_district(), clock=MovableClock(FRIDAY), settings=settings)


def places(store: Store) -> dict[tuple[str, str], deque[datetime]]:
    """Every free place (a slot start, once per place) of each (hall, service) that takes
    bookings without caps, earliest first."""
    district, free = store.district, {}
    for hall in district.halls.values():
        for code in hall.services:
            rules = district.booking.rules(hall.id, code)
            capped = rules.daily_cap or rules.morning_cap or rules.afternoon_cap
            if not district.services[code].appointment_allowed or capped:
                continue
            starts = deque(
                datetime.fromisoformat(slot["start"])
                for slot in store.slots(hall.id, code, FIRST, LAST)
                for _ in range(int(slot["available"]))
            )
            if starts:
                free[(hall.id, code)] = starts
    return free


def intended_bookings(fake: FakePlatform, store: Store, count: int) -> None:
    """As bench_sync's, over the district's free places taken in turn: every 9th cancelled at
    once, every 7th moved to the latest free place of its service, every 5th of the others
    cancelled later in the feed."""
    free = places(store)
    turns = itertools.cycle(list(free))
    made = []
    for n in range(count):
        key = next(k for k in turns if free[k])
        made.append(fake.book(*key, free[key].popleft()))
        if n % 9 == 4:
            fake.cancel(made[-1].external_id)
        elif n % 7 == 3 and free[key]:
            fake.reschedule(made[-1].external_id, free[key].pop())
    for booking in made[2::5]:
        if fake.intended[booking.external_id].state == "booked":
            fake.cancel(booking.external_id)


def differences(fake: FakePlatform, store: Store) -> list[str]:
    """Booking by booking: the intended state (and the slot of a booking that holds one) that
    the store does not hold."""
    found = []
    for key, want in fake.intended.items():
        try:
            held = store.appointment(key)
        except QueueError:  # refused by a rule, or never arrived
            found.append(f"{key}: intended {want.state}, not stored")
            continue
        slot = datetime.fromisoformat(held["slot_start"])
        if held["state"] != want.state or (want.state == "booked" and slot != want.slot_start):
            found.append(f"{key}: intended {want.state} {want.slot_start}, stored {held['state']}")
    return found
