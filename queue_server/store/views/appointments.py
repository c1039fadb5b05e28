"""The contract's Appointment object and the slot list."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from queue_server.engine import checkin_codes
from queue_server.engine.slots import Free
from queue_server.store.timeutil import served


def appointment_view(row: sqlite3.Row, check_in_key: bytes) -> dict[str, Any]:
    """An appointment with its check-in code (for the booking's QR code); masked holder only."""
    code = checkin_codes.make(check_in_key, row["hall"], date.fromisoformat(row["day"]),
                              row["serial"])  # fmt: skip
    return {
        "id": row["id"],
        "external_id": row["external_id"],
        "hall": row["hall"],
        "service": row["service"],
        "slot_start": served(row["slot_start"]),
        "slot_end": served(row["slot_end"]),
        "state": row["state"],
        "check_in_code": code,
        "holder": row["holder"],
        "id_masked": row["id_masked"],
        "phone_masked": row["phone_masked"],
        "ticket_id": row["ticket_id"],
        "version": row["version"],
    }


def slot_view(entry: Free) -> dict[str, Any]:
    start = entry.slot.start
    return {
        "date": start.date().isoformat(),
        "start": start.isoformat(timespec="seconds"),
        "end": entry.slot.end.isoformat(timespec="seconds"),
        "capacity": entry.slot.capacity,
        "booked": entry.booked,
        "available": entry.available,
    }
