"""Appointments in the store: capacity under concurrent booking, rules, check-in, no-shows."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest

from queue_server.client.models import AppointmentSlot, Ticket
from queue_server.clock import MovableClock, shanghai
from queue_server.config_loader import load_district
from queue_server.engine.appointment_errors import (
    AppointmentEnded,
    BookingRefused,
    InvalidCheckInCode,
    TooEarly,
    TooLate,
)
from queue_server.store import Settings, Store
from queue_server.store.booking import BookingRequest
from queue_server.store.tickets import IdCard, IssueRequest
from tests.queue_server._district import id_number

MONDAY = shanghai(2026, 12, 7, 10)  # booking day; Tuesday 8 December is the next working day
SLOT = shanghai(2026, 12, 8, 9)
DISTRICT = load_district()


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(MONDAY)


@pytest.fixture
def store(tmp_path: Path, clock: MovableClock) -> Store:
    return Store(tmp_path / "queue.db", DISTRICT, clock=clock, settings=Settings(check_hours=False))


def card(serial: int) -> IdCard:
    return IdCard(id_number(serial), "王小明")


def book(store: Store, serial: int, slot=SLOT, service: str = "HJ01") -> dict:  # type: ignore[no-untyped-def,type-arg]
    request = BookingRequest(f"ext-{serial}-{service}", "qixia", service, slot)
    return store.book(request, card(serial))[0]


def capacity(store: Store, service: str = "HJ01") -> int:
    day = SLOT.date()
    found = store.slots("qixia", service, day, day)
    return int(next(s["capacity"] for s in found if s["start"] == SLOT.isoformat()))


def test_concurrent_bookings_never_overbook_a_slot(store: Store) -> None:
    places = capacity(store)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(serial: int) -> None:
        try:
            book(store, serial)
            result = "booked"
        except BookingRefused as refused:
            result = refused.code
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(1, 3 * places + 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("booked") == places
    assert set(outcomes) == {"booked", "slot_full"}
    slot = next(
        s
        for s in store.slots("qixia", "HJ01", SLOT.date(), SLOT.date())
        if s["start"] == SLOT.isoformat()
    )
    assert (slot["booked"], slot["available"]) == (places, 0)


def test_one_booking_per_id_per_service_per_day_and_repeats_are_idempotent(store: Store) -> None:
    first = book(store, 1)
    again, created = store.book(BookingRequest("ext-1-HJ01", "qixia", "HJ01", SLOT), card(1))
    assert (again, created) == (first, False)
    with pytest.raises(BookingRefused) as duplicate:
        store.book(BookingRequest("other", "qixia", "HJ01", SLOT + timedelta(hours=1)), card(1))
    assert duplicate.value.code == "duplicate_booking"


def test_nothing_raw_is_stored(store: Store, tmp_path: Path) -> None:
    store.book(BookingRequest("ext-p", "qixia", "HJ01", SLOT, phone="13812345678"), card(3))
    store.close()
    raw = b"".join(path.read_bytes() for path in tmp_path.glob("queue.db*"))
    assert id_number(3).encode() not in raw and b"13812345678" not in raw


def test_check_in_window_code_and_card(store: Store, clock: MovableClock) -> None:
    booked = book(store, 1)
    with pytest.raises(TooEarly):
        store.check_in("qixia", code=booked["check_in_code"], actor="kiosk")
    clock.set(SLOT - timedelta(minutes=10))
    ticket = store.check_in("qixia", code=booked["check_in_code"].lower(), actor="kiosk")
    assert (ticket["priority"], ticket["source"]) == ("appointment", "appointment")
    assert ticket["appointment"] == {
        "slot_start": SLOT.isoformat(),
        "slot_end": (SLOT + timedelta(minutes=30)).isoformat(),
    }
    assert ticket["arrived_at"] == SLOT.isoformat()  # its wait counts from the slot
    assert Ticket.from_json(ticket).appointment == AppointmentSlot(
        SLOT, SLOT + timedelta(minutes=30)
    )
    issued = [e for e in store.events_after(0) if e.type == "ticket.issued"][-1]
    assert issued.data["ticket"]["appointment"] == ticket["appointment"]
    assert store.check_in("qixia", card=card(1), actor="kiosk")["id"] == ticket["id"]
    walk_in, _ = store.issue(IssueRequest("qixia", "HJ01", id_card=card(50)), "kiosk")
    assert walk_in["ahead"] == 0  # before its slot the appointment waits behind walk-ins
    clock.set(SLOT)
    assert store.ticket(walk_in["token"])["ahead"] == 1  # from its start it is served first
    assert store.appointment("ext-1-HJ01")["state"] == "checked_in"
    code = booked["check_in_code"]
    forged = code[:-1] + ("2" if code[-1] != "2" else "3")
    with pytest.raises(InvalidCheckInCode):
        store.check_in("qixia", code=forged, actor="kiosk")


def test_too_late_after_15_minutes(store: Store, clock: MovableClock) -> None:
    booked = book(store, 2)
    clock.set(SLOT + timedelta(minutes=16))
    with pytest.raises(TooLate):
        store.check_in("qixia", code=booked["check_in_code"], actor="kiosk")


def test_no_show_job_and_the_ban(store: Store, clock: MovableClock) -> None:
    for week in range(3):
        clock.set(MONDAY + timedelta(days=7 * week))
        store.book(
            BookingRequest(f"w{week}", "qixia", "HJ01", SLOT + timedelta(days=7 * week)), card(5)
        )
        clock.set(SLOT + timedelta(days=7 * week, minutes=29))
        assert store.mark_no_shows() == 0
        clock.set(SLOT + timedelta(days=7 * week, minutes=30))
        assert store.mark_no_shows() == 1
    assert store.appointment("w2")["state"] == "no_show"
    with pytest.raises(AppointmentEnded):
        store.check_in("qixia", card=card(5), actor="kiosk")
    clock.set(MONDAY + timedelta(days=21))
    with pytest.raises(BookingRefused) as banned:
        store.book(BookingRequest("after", "qixia", "HJ01", SLOT + timedelta(days=21)), card(5))
    assert banned.value.code == "banned"
    assert [o.state for o in store.pending_outcomes(clock())] == ["no_show"] * 3
