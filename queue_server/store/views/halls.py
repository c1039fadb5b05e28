"""The contract's Hall and Service objects, the cross-hall suggestion and the display board."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from queue_server.engine import errors
from queue_server.engine.district import District, Hall, OpeningHours
from queue_server.store import issuing_rules, queries
from queue_server.store.views import elsewhere
from queue_server.store.views.elsewhere import Balancing
from queue_server.store.views.estimates import newcomer_estimates
from queue_server.store.views.windows import hall_windows

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def hours_view(hours: OpeningHours) -> dict[str, str]:
    days = sorted(hours.weekdays)
    contiguous = days == list(range(days[0], days[-1] + 1)) if days else False
    if contiguous and len(days) > 1:
        label = f"{DAY_NAMES[days[0]]}-{DAY_NAMES[days[-1]]}"
    else:
        label = ",".join(DAY_NAMES[d] for d in days)
    return {
        "days": label,
        "open": hours.open.strftime("%H:%M"),
        "close": hours.close.strftime("%H:%M"),
    }


def hall_view(
    conn: sqlite3.Connection, district: District, hall: Hall, now: datetime, *, check_hours: bool
) -> dict[str, Any]:
    """The contract's Hall object; `eta_minutes` is the longest service estimate for a newcomer."""
    services = service_views(conn, district, hall, now, check_hours=check_hours)
    return {
        **_hall_heading(hall),
        "hours": [hours_view(h) for h in hall.hours],
        "target_wait_minutes": hall.target_wait_minutes,
        "green_channel": hall.green_channel,
        "waiting": sum(s["waiting"] for s in services),
        "eta_minutes": max((s["eta_minutes"] for s in services if s["waiting"]), default=0),
    }


def _hall_heading(hall: Hall) -> dict[str, Any]:
    return {
        "id": hall.id,
        "name": {"zh": hall.name.zh, "en": hall.name.en},
        "level": hall.level,
        "address": {"zh": hall.address.zh, "en": hall.address.en},
    }


def service_views(
    conn: sqlite3.Connection, district: District, hall: Hall, now: datetime, *, check_hours: bool
) -> list[dict[str, Any]]:
    """Every service of the hall with waiting count, ETA for a new ticket and availability."""
    day = hall.business_day(now)
    waiting = queries.waiting_counts(conn, hall.id, day)
    estimates = newcomer_estimates(conn, district, hall, now, day, waiting)
    result = []
    for code in hall.services:
        service = district.services[code]
        refusal = issuing_rules.availability(
            conn, hall, service, now=now, day=day, check_hours=check_hours
        )
        category = district.categories.get(service.category)
        result.append(
            {
                "code": code,
                "name": {"zh": service.name.zh, "en": service.name.en},
                "category": {
                    "code": service.category,
                    "zh": category.name.zh if category else service.category,
                    "en": category.name.en if category else service.category,
                },
                "prefix": service.prefix,
                "id_required": service.id_required,
                "appointment_allowed": service.appointment_allowed,
                "expected_minutes": service.expected_minutes,
                "materials": [{"zh": m.zh, "en": m.en} for m in service.materials],
                "daily_cap": service.daily_cap,
                "employers_only": service.employers_only,
                "windows": [w.number for w in hall.windows_serving(code)],
                "waiting": waiting.get(code, 0),
                "eta_minutes": estimates[code][0],
                "eta_range": _range(estimates[code][1]),
                "available": refusal is None,
                "unavailable_reason": None
                if refusal is None
                else {"code": refusal.code, "zh": refusal.zh, "en": refusal.en, **refusal.extra},
            }
        )
    return result


def _range(found: tuple[int, int] | None) -> list[int] | None:
    return list(found) if found else None


def halls_offering(
    conn: sqlite3.Connection, ctx: Balancing, service: str, from_hall: Hall | None = None
) -> list[dict[str, Any]]:
    """Halls offering a service, with its waiting count and damped ETA there; `suggested`: the
    hall `from_hall` suggests for it (without one: halls some other hall now suggests)."""
    if service not in ctx.district.services:
        raise errors.UnknownService(service)
    if from_hall is not None:
        here = elsewhere.live(conn, ctx, from_hall, service)
        chosen = elsewhere.suggest(conn, ctx, from_hall, service, here.eta_minutes)
        suggested = {chosen["hall"]} if chosen else set()
    else:
        suggested = ctx.board.destinations(service)
    return [
        {
            **elsewhere.offering(conn, ctx, hall, service, _hall_heading(hall)),
            "suggested": hall.id in suggested,
        }
        for hall in ctx.district.halls.values()
        if service in hall.services
    ]


def board(
    conn: sqlite3.Connection, district: District, hall: Hall, now: datetime, *, check_hours: bool
) -> dict[str, Any]:
    """The display board: recent calls (newest first), waiting by category, windows."""
    day = hall.business_day(now)
    return {
        "hall": hall_view(conn, district, hall, now, check_hours=check_hours),
        "calls": recent_calls(conn, hall, day),
        "waiting_by_category": waiting_by_category(conn, district, hall, day),
        "windows": hall_windows(conn, district, hall, now),
    }


def recent_calls(
    conn: sqlite3.Connection, hall: Hall, day: str, limit: int = 20
) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT e.type, e.data, t.status FROM events e LEFT JOIN tickets t ON t.id = e.ticket_id"
        " WHERE e.hall = ? AND e.type IN ('ticket.called', 'ticket.recalled') AND e.at >= ?"
        " ORDER BY e.seq DESC LIMIT ?",
        (hall.id, day, limit),
    ).fetchall()
    calls = []
    for row in rows:
        data = json.loads(row["data"])
        ticket, window = data["ticket"], data["window"] or {}
        calls.append(
            {
                "number": ticket["number"],
                "window": window.get("number"),
                "window_label": window.get("label"),
                "service": ticket["service"],
                "at": data["at"],
                "recall": row["type"] == "ticket.recalled",
                "no_show": row["status"] == "no_show",
                "appointment": ticket.get("priority") == "appointment",  # the board marks 预约
            }
        )
    return calls


def waiting_by_category(
    conn: sqlite3.Connection, district: District, hall: Hall, day: str
) -> list[dict[str, Any]]:
    by_category: dict[str, int] = {}
    for code, count in queries.waiting_counts(conn, hall.id, day).items():
        category_code = district.services[code].category
        by_category[category_code] = by_category.get(category_code, 0) + count
    result = []
    for code, count in sorted(by_category.items()):
        category = district.categories.get(code)
        result.append(
            {
                "code": code,
                "zh": category.name.zh if category else code,
                "en": category.name.en if category else code,
                "waiting": count,
            }
        )
    return result
