"""Checking in for an appointment at the kiosk: find the booking (by its signed code or by the
holder's ID card), check the window, and issue its ticket through the ordinary issuing path."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date, datetime

from queue_server.engine import booking, checkin_codes
from queue_server.engine.appointment_errors import (
    AppointmentEnded,
    AppointmentNotFound,
    InvalidCheckInCode,
    TooEarly,
)
from queue_server.engine.district import District, Hall
from queue_server.store import appointments as rows
from queue_server.store import eventlog, queries, tickets


def by_code(
    conn: sqlite3.Connection, key: bytes, hall: Hall, code: str, today: date
) -> sqlite3.Row:
    """The booking a code names: InvalidCheckInCode if forged, altered or of another hall."""
    ref = checkin_codes.read(key, hall.id, code, today)
    if ref is None:
        raise InvalidCheckInCode()
    row = rows.by_serial(conn, hall.id, ref.day.isoformat(), ref.serial)
    if row is None:  # a genuine code whose booking moved to another slot
        raise AppointmentNotFound()
    return row


def by_holder(
    conn: sqlite3.Connection, hall: Hall, hashes: Sequence[str], today: date, now: datetime
) -> sqlite3.Row:
    """The holder's booking today in the hall to check in: the one checked in already, else
    the first whose check-in window is open, else the nearest (its refusal says why)."""
    found = [
        r for r in rows.holder_bookings(conn, hashes, today.isoformat()) if r["hall"] == hall.id
    ]
    if not found:
        raise AppointmentNotFound()
    for row in found:
        if row["state"] in (rows.CHECKED_IN, rows.SERVED):
            return row
    live = [r for r in found if r["state"] == rows.BOOKED] or found
    return min(
        live, key=lambda r: abs((datetime.fromisoformat(r["slot_start"]) - now).total_seconds())
    )


def check_in(
    conn: sqlite3.Connection,
    district: District,
    row: sqlite3.Row,
    *,
    now: datetime,
    actor: str,
    kiosk_id: str | None = None,
) -> tuple[sqlite3.Row, list[eventlog.Event]]:
    """The appointment's ticket: issued now (once), or the one issued at the first check-in."""
    if row["state"] in (rows.CHECKED_IN, rows.SERVED) and row["ticket_id"] is not None:
        ticket = queries.ticket_by_id(conn, row["ticket_id"])
        assert ticket is not None
        return ticket, []
    if row["state"] in (rows.CANCELLED, rows.NO_SHOW):
        raise AppointmentEnded(row["state"])
    hall = district.halls[row["hall"]]
    start, end = (datetime.fromisoformat(row[k]) for k in ("slot_start", "slot_end"))
    rules = district.booking.rules(hall.id, row["service"])
    if start.date() > now.astimezone(start.tzinfo).date():
        raise TooEarly(rules.check_in_opens(start))
    booking.check_in_window(rules, now=now, slot_start=start)
    request = tickets.IssueRequest(
        hall.id, row["service"], idempotency_key=f"appointment-{row['id']}", kiosk_id=kiosk_id,
        priority="appointment", caller="appointment", slot=(start, end),
    )  # fmt: skip
    day = hall.business_day(now)
    ticket, _, events = tickets.issue(
        conn, district, request, now=now, day=day, holder=rows.holder_of_row(row), actor=actor,
        check_hours=False, phone=rows.phone_of_row(row),
    )  # fmt: skip
    rows.set_state(conn, row, rows.CHECKED_IN, hall=hall, now=now, ticket_id=ticket["id"])
    return ticket, events
