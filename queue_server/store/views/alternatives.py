"""The booking side of balancing: when a hall is busy for a service, the less busy halls of the
district offering it, with their free slots (what the online platform offers instead)."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from queue_server.engine import balance
from queue_server.engine.district import Hall
from queue_server.store import booking
from queue_server.store.views import elsewhere
from queue_server.store.views.appointments import slot_view
from queue_server.store.views.elsewhere import Balancing


def booking_offer(
    conn: sqlite3.Connection, ctx: Balancing, hall: Hall, service: str, days: list[date]
) -> dict[str, Any]:
    """`{"hall", "busy", "free", "capacity", "eta_minutes", "alternatives": [...]}`."""
    rules = ctx.district.balancing
    here, _ = _supply(conn, ctx, hall, service, days)
    offer: dict[str, Any] = {
        "hall": hall.id,
        "busy": balance.booking_busy(here, hall.target_wait_minutes, rules),
        "free": here.free,
        "capacity": here.capacity,
        "eta_minutes": round(here.eta_minutes),
        "alternatives": [],
    }
    if not offer["busy"]:
        return offer
    found = {
        other.id: _supply(conn, ctx, other, service, days)
        for other in elsewhere.reachable_halls(ctx.district, hall, service)
    }
    chosen = balance.booking_alternatives(here, [s for s, _ in found.values()], rules)
    offer["alternatives"] = [_alternative(ctx, hall_id, *found[hall_id]) for hall_id in chosen]
    return offer


def _supply(
    conn: sqlite3.Connection, ctx: Balancing, hall: Hall, service: str, days: list[date]
) -> tuple[balance.SlotSupply, list[dict[str, Any]]]:
    slots = [
        slot_view(entry)
        for day in days
        for entry in booking.free_slots(conn, ctx.district, hall, service, day)
    ]
    live = elsewhere.live(conn, ctx, hall, service)
    supply = balance.SlotSupply(
        hall.id,
        capacity=sum(s["capacity"] for s in slots),
        free=sum(s["available"] for s in slots),
        eta_minutes=ctx.published(hall, service, live.eta_minutes),
    )
    return supply, slots


def _alternative(
    ctx: Balancing, hall_id: str, supply: balance.SlotSupply, slots: list[dict[str, Any]]
) -> dict[str, Any]:
    hall = ctx.district.halls[hall_id]
    return {
        "hall": hall.id,
        "name": {"zh": hall.name.zh, "en": hall.name.en},
        "address": {"zh": hall.address.zh, "en": hall.address.en},
        "level": hall.level,
        "eta_minutes": round(supply.eta_minutes),
        "free": supply.free,
        "slots": [s for s in slots if s["available"] > 0],
    }
