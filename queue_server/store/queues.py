"""Read models for halls, services, window queues and the display board."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from queue_server.district import Hall, OpeningHours
from queue_server.engine import errors
from queue_server.store import issuing_rules, views

if TYPE_CHECKING:
    from queue_server.store.store import Store

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


def hall_view(store: Store, hall: Hall) -> dict[str, Any]:
    """The contract's Hall object; `eta_minutes` is the longest service estimate for a newcomer."""
    services = service_views(store, hall)
    return {
        "id": hall.id,
        "name": {"zh": hall.name.zh, "en": hall.name.en},
        "level": hall.level,
        "address": {"zh": hall.address.zh, "en": hall.address.en},
        "hours": [hours_view(h) for h in hall.hours],
        "target_wait_minutes": hall.target_wait_minutes,
        "green_channel": hall.green_channel,
        "waiting": sum(s["waiting"] for s in services),
        "eta_minutes": max((s["eta_minutes"] for s in services if s["waiting"]), default=0),
    }


def service_views(store: Store, hall: Hall) -> list[dict[str, Any]]:
    """Every service of the hall with waiting count, ETA for a new ticket and availability."""
    now = store.now()
    day = store.day(hall, now)
    conn = store.db.get()
    waiting = views.waiting_counts(conn, hall.id, day)
    district = store.district
    result = []
    for code in hall.services:
        service = district.services[code]
        refusal = issuing_rules.availability(
            conn, hall, service, now=now, day=day, check_hours=store.settings.check_hours
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
                "waiting": waiting.get(code, 0),
                "eta_minutes": views.eta_minutes(
                    conn, district, hall, code, waiting.get(code, 0), day
                ),
                "available": refusal is None,
                "unavailable_reason": None
                if refusal is None
                else {"code": refusal.code, "zh": refusal.zh, "en": refusal.en, **refusal.extra},
            }
        )
    return result


def halls_offering(store: Store, service: str) -> list[dict[str, Any]]:
    """Halls offering a service, with its waiting count and ETA there (cross-hall suggestion)."""
    if service not in store.district.services:
        raise errors.UnknownService(service)
    found = []
    for hall in store.district.halls.values():
        if service in hall.services:
            mine = next(s for s in service_views(store, hall) if s["code"] == service)
            found.append(
                {
                    "id": hall.id,
                    "name": {"zh": hall.name.zh, "en": hall.name.en},
                    "level": hall.level,
                    "address": {"zh": hall.address.zh, "en": hall.address.en},
                    "target_wait_minutes": hall.target_wait_minutes,
                    "green_channel": hall.green_channel,
                    "waiting": mine["waiting"],
                    "eta_minutes": mine["eta_minutes"],
                    "available": mine["available"],
                }
            )
    return found


def window_queues(store: Store, hall_id: str, window: int) -> list[dict[str, Any]]:
    hall = store.hall(hall_id)
    config = hall.window(window)
    if config is None:
        raise errors.UnknownWindow(hall_id, window)
    now = store.now()
    conn = store.db.get()
    rows = conn.execute(
        "SELECT service, COUNT(*), MIN(arrived_at) FROM tickets WHERE hall = ? AND business_day = ?"
        " AND status = 'waiting' GROUP BY service",
        (hall.id, store.day(hall, now)),
    ).fetchall()
    found = {r[0]: (int(r[1]), r[2]) for r in rows}
    queues = []
    for code in config.services:
        count, oldest = found.get(code, (0, None))
        longest = (now - datetime.fromisoformat(oldest)).total_seconds() / 60 if oldest else 0
        queues.append(
            {"service": code, "waiting": count, "longest_wait_minutes": max(0, int(longest))}
        )
    return queues


def prompt_evaluation(store: Store, hall_id: str, window: int, actor: str) -> dict[str, Any]:
    """Emit `evaluation.prompt` for the window's last finished ticket."""
    hall = store.hall(hall_id)
    config = hall.window(window)
    row = views.window_row(store.db.get(), hall.id, window)
    if config is None or row is None:
        raise errors.UnknownWindow(hall.id, window)
    last = (
        views.ticket_by_id(store.db.get(), row["last_ticket_id"]) if row["last_ticket_id"] else None
    )
    if last is None or last["status"] != "done":
        raise errors.Conflict(
            "该窗口还没有办结的号票。",
            "This window has not finished a ticket yet.",
            code="nothing_to_evaluate",
        )
    ticket = views.ticket_view(store.db.get(), store.district, last, store.now(), with_token=False)
    event = store.append_event(
        hall,
        "evaluation.prompt",
        actor,
        {
            "ticket": ticket,
            "window": {"number": window, "label": config.label.zh},
            "evaluation_url": f"/t/{last['token']}/evaluation",
        },
        window=window,
    )
    return {"seq": event.seq, "ticket": ticket}


def board(store: Store, hall_id: str) -> dict[str, Any]:
    """The display board: recent calls (newest first), waiting by category, windows."""
    hall = store.hall(hall_id)
    day = store.day(hall, store.now())
    return {
        "hall": hall_view(store, hall),
        "calls": recent_calls(store, hall, day),
        "waiting_by_category": waiting_by_category(store, hall, day),
        "windows": store.windows(hall.id),
    }


def recent_calls(store: Store, hall: Hall, day: str, limit: int = 20) -> list[dict[str, Any]]:
    rows = store.db.get().execute(
        "SELECT type, data FROM events WHERE hall = ?"
        " AND type IN ('ticket.called', 'ticket.recalled') AND at >= ? ORDER BY seq DESC LIMIT ?",
        (hall.id, day, limit),
    )
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
            }
        )
    return calls


def waiting_by_category(store: Store, hall: Hall, day: str) -> list[dict[str, Any]]:
    by_category: dict[str, int] = {}
    for code, count in views.waiting_counts(store.db.get(), hall.id, day).items():
        category_code = store.district.services[code].category
        by_category[category_code] = by_category.get(category_code, 0) + count
    result = []
    for code, count in sorted(by_category.items()):
        category = store.district.categories.get(code)
        result.append(
            {
                "code": code,
                "zh": category.name.zh if category else code,
                "en": category.name.en if category else code,
                "waiting": count,
            }
        )
    return result
