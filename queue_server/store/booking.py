"""Booking, cancelling and moving appointments inside one write transaction, with the rules of
`engine.booking` and `engine.slots` checked against the rows: two bookings of the last place
are serialised by the write lock, so a slot is never overbooked."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from queue_server.engine import booking, slots
from queue_server.engine.appointment_errors import BookingRefused
from queue_server.engine.district import District, Hall
from queue_server.engine.errors import Conflict, Invalid
from queue_server.engine.hours import periods_on
from queue_server.engine.privacy import mask_phone
from queue_server.store import appointments as rows
from queue_server.store import phones
from queue_server.store.tickets import Holder, lookup
from queue_server.store.timeutil import local, stored


@dataclass(frozen=True)
class BookingRequest:
    external_id: str
    hall: str
    service: str
    slot_start: datetime  # aware
    origin: str = "push"  # push | pull: how the platform sent it
    phone: str | None = None  # kept masked, and encrypted (`sealed`) when it is a mobile
    version: int = 0
    sealed: bytes | None = None  # the phone under the key file's phone key (`with_sealed`)


def with_sealed(request: BookingRequest, phone_key: bytes) -> BookingRequest:
    """The request with its phone encrypted for reminders; a number no SMS reaches (a landline)
    is kept masked only, as before."""
    try:
        found = phones.seal_optional(phone_key, request.phone)
    except Invalid:
        return request
    return request if found is None else replace(request, sealed=found.sealed)


def day_slots(district: District, hall: Hall, service: str, day: date) -> list[slots.Slot]:
    rules = district.booking.rules(hall.id, service)
    periods = periods_on(hall, day)
    return slots.day_slots(
        rules, day, periods, windows=len(hall.windows_serving(service)),
        expected_minutes=district.services[service].expected_minutes, timezone=hall.timezone,
    )  # fmt: skip


def free_slots(
    conn: sqlite3.Connection, district: District, hall: Hall, service: str, day: date
) -> list[slots.Free]:
    rules = district.booking.rules(hall.id, service)
    booked = rows.booked_counts(conn, hall.id, service, day.isoformat())
    return slots.free(rules, day_slots(district, hall, service, day), booked)


def summary(request: BookingRequest, holder: Holder) -> dict[str, Any]:
    """What an external id stands for, without personal data (compared on a repeat)."""
    return {
        "hall": request.hall,
        "service": request.service,
        "slot_start": request.slot_start.isoformat(),
        "name": holder.name_masked,
        "phone": mask_phone(request.phone) if request.phone else None,
    }


def same_request(row: sqlite3.Row, request: BookingRequest, holder: Holder) -> bool:
    return row["id_hash"] in holder.id_hashes and json.loads(row["request"]) == summary(
        request, holder
    )


def book(
    conn: sqlite3.Connection, district: District, request: BookingRequest, holder: Holder,
    now: datetime,
) -> tuple[sqlite3.Row, bool]:  # fmt: skip
    """(the appointment, whether it is new): the existing one for a repeated request."""
    existing = rows.by_external_id(conn, request.external_id)
    if existing is not None:
        if not same_request(existing, request, holder):
            raise external_id_conflict(request.external_id)
        return existing, False
    hall, slot = place(conn, district, request, holder, now)
    return _insert(conn, hall, request, holder, slot, rows.BOOKED, now), True


def record_cancelled(
    conn: sqlite3.Connection, district: District, request: BookingRequest, holder: Holder,
    now: datetime,
) -> sqlite3.Row:  # fmt: skip
    """A booking the platform states as cancelled before this hall ever saw it booked (its feed
    delivered out of order): kept, cancelled, so that the older "booked" arriving later is
    stale instead of booking it. It takes no room and breaks no rule."""
    hall, service = lookup(district, request.hall, request.service)
    minutes = district.booking.rules(hall.id, service.code).slot_minutes
    start = local(request.slot_start, hall.timezone)
    slot = slots.Slot(start, start + timedelta(minutes=minutes), 0)
    return _insert(conn, hall, request, holder, slot, rows.CANCELLED, now)


def _insert(
    conn: sqlite3.Connection, hall: Hall, request: BookingRequest, holder: Holder,
    slot: slots.Slot, state: str, now: datetime,
) -> sqlite3.Row:  # fmt: skip
    at = stored(now, hall.timezone)
    day = slot.start.date().isoformat()
    cursor = conn.execute(
        "INSERT INTO appointments (external_id, hall, service, day, serial, slot_start,"
        " slot_end, state, holder, id_masked, id_hash, phone_masked, origin, version, request,"
        " created_at, updated_at, phone_sealed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        " ?, ?, ?, ?)",
        (request.external_id, hall.id, request.service, day, rows.next_serial(conn, hall.id, day),
         stored(slot.start, hall.timezone), stored(slot.end, hall.timezone), state,
         holder.name_masked, holder.id_masked, holder.id_hash, summary(request, holder)["phone"],
         request.origin, request.version, json.dumps(summary(request, holder), sort_keys=True),
         at, at, request.sealed if state == rows.BOOKED else None),  # a cancelled one: no phone
    )  # fmt: skip
    found = conn.execute("SELECT * FROM appointments WHERE id = ?", (cursor.lastrowid,))
    return found.fetchone()


def place(
    conn: sqlite3.Connection, district: District, request: BookingRequest, holder: Holder,
    now: datetime, moving: int | None = None,
) -> tuple[Hall, slots.Slot]:  # fmt: skip
    """The slot the request may take, or the refusal naming the rule (`moving`: the booking
    being rescheduled, which does not count against itself)."""
    hall, service = lookup(district, request.hall, request.service)
    if not service.appointment_allowed:
        raise BookingRefused(
            "not_bookable", "该事项不支持预约。", f"Service {service.code} takes no appointments."
        )
    rules = district.booking.rules(hall.id, service.code)
    start = local(request.slot_start, hall.timezone)
    today = local(now, hall.timezone).date()
    booking.check_bookable(rules, hall.days, today=today, now=now, slot_start=start)
    _check_holder(conn, rules, holder, service.code, start.date(), now, moving)
    booked = rows.booked_counts(conn, hall.id, service.code, start.date().isoformat())
    if moving is not None:
        mine = conn.execute("SELECT slot_start FROM appointments WHERE id = ?", (moving,))
        taken = datetime.fromisoformat(mine.fetchone()[0])
        booked[taken] = booked.get(taken, 1) - 1
    found = day_slots(district, hall, service.code, start.date())
    return hall, slots.check_room(rules, found, booked, start)


def _check_holder(
    conn: sqlite3.Connection, rules: booking.BookingRules, holder: Holder, service: str,
    day: date, now: datetime, moving: int | None,
) -> None:  # fmt: skip
    until = booking.is_banned(rules, rows.no_show_times(conn, holder.id_hashes), now)
    if until is not None:
        raise BookingRefused(
            "banned",
            f"该身份证近期多次预约未到，{until:%Y-%m-%d} 前不能预约，请到大厅现场取号。",
            f"This ID missed {rules.ban_no_shows} bookings within {rules.ban_window_days} days"
            f" and cannot book until {until:%Y-%m-%d}; walk-in tickets are still possible.",
            until=until.isoformat(),
        )
    held = [
        r for r in rows.holder_bookings(conn, holder.id_hashes, day.isoformat(), service)
        if r["state"] in (rows.BOOKED, rows.CHECKED_IN) and r["id"] != moving
    ]  # fmt: skip
    if len(held) >= rules.per_id_per_day:
        raise BookingRefused(
            "duplicate_booking",
            "该身份证当天已预约此事项，请勿重复预约。",
            f"This ID already has {len(held)} booking(s) for this service that day"
            f" (at most {rules.per_id_per_day}).",
        )


def external_id_conflict(external_id: str) -> Conflict:
    return Conflict(
        f"预约编号 {external_id} 已用于另一项预约内容。",
        f"external_id {external_id!r} was already used with a different booking; a change of"
        " slot is a reschedule (POST .../reschedule), of anything else a new booking.",
        code="external_id_conflict",
    )


def slot_range(first: date, last: date, limit: int = 31) -> list[date]:
    """The days from `first` to `last`, refused when backwards or longer than `limit`."""
    count = (last - first).days + 1
    if not 1 <= count <= limit:
        raise Invalid(
            f"日期范围须为 1 至 {limit} 天。",
            f"from..to must span 1 to {limit} days, got {first}..{last}.",
            code="invalid_range",
        )
    return [first + timedelta(days=n) for n in range(count)]


def move(
    conn: sqlite3.Connection, row: sqlite3.Row, slot: slots.Slot, hall: Hall, now: datetime
) -> None:
    """Give a booking another slot: a new serial on the new day, so the old code stops working."""
    day = slot.start.date().isoformat()
    recorded = json.loads(row["request"]) | {"slot_start": slot.start.isoformat()}
    conn.execute(
        "UPDATE appointments SET day = ?, serial = ?, slot_start = ?, slot_end = ?, request = ?,"
        " updated_at = ? WHERE id = ?",
        (day, rows.next_serial(conn, hall.id, day), stored(slot.start, hall.timezone),
         stored(slot.end, hall.timezone), json.dumps(recorded, sort_keys=True),
         stored(now, hall.timezone), row["id"]),
    )  # fmt: skip
