"""What the manager's dashboard shows of a hall, read through one connection: each service's
queue and longest wait, each window's state, ticket, clerk and idle or pause time, the kiosks'
devices, today's appointments, open bad reviews, and the kiosks and displays gone quiet.
Masked data only: tickets as `ticket_view` shows them to staff, no phone, no ID number."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from queue_server.engine.district import District, Hall
from queue_server.store.timeutil import local, served
from queue_server.store.views.windows import hall_windows

WATCHED_ROLES = ("kiosk", "display")  # devices whose silence the dashboard reports


def minutes_since(moment: str | None, now: datetime) -> float | None:
    if moment is None:
        return None
    return max(0.0, (now - datetime.fromisoformat(moment)).total_seconds() / 60)


def _rounded(value: float | None) -> int | None:
    return None if value is None else int(value)


def waiting_by_service(
    conn: sqlite3.Connection, hall: Hall, day: str
) -> dict[str, tuple[int, str]]:
    """Service → (people waiting, the oldest arrival) of the business day."""
    rows = conn.execute(
        "SELECT service, COUNT(*), MIN(arrived_at) FROM tickets WHERE hall = ? AND business_day = ?"
        " AND status = 'waiting' GROUP BY service",
        (hall.id, day),
    ).fetchall()
    return {code: (int(count), oldest) for code, count, oldest in rows}


def service_queues(
    district: District, hall: Hall, waiting: dict[str, tuple[int, str]], now: datetime
) -> list[dict[str, Any]]:
    """Each service offered: its queue, longest wait (minutes) and the hall's target."""
    found = []
    for code in hall.services:
        count, oldest = waiting.get(code, (0, None))
        name = district.services[code].name
        found.append({
            "service": code, "name": {"zh": name.zh, "en": name.en}, "waiting": count,
            "longest_wait_minutes": _rounded(minutes_since(oldest, now)) or 0,
            "target_minutes": hall.target_wait_minutes,
        })  # fmt: skip
    return found


def window_states(
    conn: sqlite3.Connection, district: District, hall: Hall, waiting: dict[str, tuple[int, str]],
    now: datetime,
) -> list[dict[str, Any]]:  # fmt: skip
    """The Window objects, each with `label_en`, `idle_minutes` (open and free: since its last
    change), `paused_minutes` and `waiting_for_it` (people waiting for its services)."""
    changed = dict(
        conn.execute("SELECT number, updated_at FROM windows WHERE hall = ?", (hall.id,)).fetchall()
    )
    shown = []
    for view in hall_windows(conn, district, hall, now):
        since = minutes_since(changed.get(view["number"]), now)
        free = view["state"] == "open" and view["current_ticket"] is None
        config = hall.window(view["number"])
        shown.append({
            **view, "label_en": config.label.en if config else view["label"],
            "idle_minutes": _rounded(since) if free else None,
            "paused_minutes": _rounded(since) if view["state"] == "paused" else None,
            "waiting_for_it": sum(waiting.get(code, (0, ""))[0] for code in view["services"]),
        })  # fmt: skip
    return shown


def window_counts(windows: list[dict[str, Any]]) -> dict[str, int]:
    counts = {"open": 0, "paused": 0, "closed": 0}
    for window in windows:
        counts[window["state"]] = counts.get(window["state"], 0) + 1
    return counts


def appointments_today(conn: sqlite3.Connection, hall: Hall, day: str) -> dict[str, int]:
    """Today's bookings (cancelled ones left out), those checked in and the no-shows."""
    rows = dict(
        conn.execute(
            "SELECT state, COUNT(*) FROM appointments WHERE hall = ? AND day = ? GROUP BY state",
            (hall.id, day),
        ).fetchall()
    )
    booked = sum(count for state, count in rows.items() if state != "cancelled")
    return {"booked": booked, "checked_in": rows.get("checked_in", 0),
            "no_shows": rows.get("no_show", 0)}  # fmt: skip


def open_rectifications(conn: sqlite3.Connection, hall: Hall, now: datetime) -> dict[str, Any]:
    """Open bad reviews (rectification items) and those past their deadline."""
    today = local(now, hall.timezone).date().isoformat()
    rows = conn.execute(
        "SELECT id, deadline FROM rectifications WHERE hall = ? AND state = 'open' ORDER BY id",
        (hall.id,),
    ).fetchall()
    overdue = [{"id": item, "deadline": deadline} for item, deadline in rows if deadline < today]
    return {"open": len(rows), "overdue": overdue}


def kiosk_devices(conn: sqlite3.Connection, hall: Hall, day: str) -> list[dict[str, Any]]:
    """Each kiosk that reported today: the latest state of each of its devices, and when."""
    rows = conn.execute(
        "SELECT kiosk_id, device, state, at FROM device_faults WHERE id IN (SELECT MAX(id)"
        " FROM device_faults WHERE hall = ? AND business_day = ? GROUP BY kiosk_id, device)"
        " ORDER BY kiosk_id, device",
        (hall.id, day),
    ).fetchall()
    kiosks: dict[str, dict[str, Any]] = {}
    for kiosk_id, device, state, at in rows:
        entry = kiosks.setdefault(kiosk_id, {"kiosk_id": kiosk_id, "devices": {}, "at": at})
        entry["devices"][device] = state
        entry["at"] = max(entry["at"], at)
    return [{**k, "at": served(k["at"])} for k in kiosks.values()]


def device_presence(conn: sqlite3.Connection, hall: Hall, now: datetime) -> list[dict[str, Any]]:
    """The hall's live kiosk and display tokens, with when each was last heard from."""
    marks = ", ".join("?" for _ in WATCHED_ROLES)
    rows = conn.execute(
        "SELECT t.id, t.role, t.label, t.expires_at, s.last_seen FROM tokens t"
        " LEFT JOIN device_seen s ON s.token_id = t.id WHERE t.hall = ? AND t.revoked_at IS NULL"
        f" AND t.role IN ({marks}) ORDER BY t.role, t.label, t.id",
        (hall.id, *WATCHED_ROLES),
    ).fetchall()
    return [
        {"token_id": token_id, "role": role, "label": label or token_id,
         "last_seen": served(seen), "quiet_minutes": _rounded(minutes_since(seen, now))}
        for token_id, role, label, expires, seen in rows
        if datetime.fromisoformat(expires) > now
    ]  # fmt: skip
