"""Run-time overrides of the district file, one row per (scope, key) in `overrides`, and the
district they make: the configured District rebuilt with them (District objects stay immutable;
the Store swaps the rebuilt one in after the commit).

Scopes: `window` (key `hall/number`: `{"services": [...]}`, in preference order), `hall` (key
the hall id: any of `hours`, `target_wait_minutes`, `services`), `service` (key the code:
`{"daily_cap": int | null}`) and `notices` (key the hall id: `{"lines": [{"zh", "en"}]}`, not
part of the District: the board and hall answers read them).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import time
from typing import Any

from queue_server.engine.district import District, Hall, OpeningHours, Service, Window

WINDOW, HALL, SERVICE, NOTICES = "window", "hall", "service", "notices"
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Overrides = dict[tuple[str, str], dict[str, Any]]


def window_key(hall: str, number: int) -> str:
    return f"{hall}/{number}"


def load(conn: sqlite3.Connection) -> Overrides:
    """Every override, by (scope, key)."""
    rows = conn.execute("SELECT scope, key, value FROM overrides")
    return {(row["scope"], row["key"]): json.loads(row["value"]) for row in rows}


def get(conn: sqlite3.Connection, scope: str, key: str) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT value FROM overrides WHERE scope = ? AND key = ?", (scope, key)
    ).fetchone()
    return None if row is None else dict(json.loads(row["value"]))


def put(
    conn: sqlite3.Connection, scope: str, key: str, value: dict[str, Any], *, at: str, by: str
) -> None:
    """Set (or replace) one override inside the caller's transaction."""
    conn.execute(
        "INSERT INTO overrides (scope, key, value, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value,"
        " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        (scope, key, json.dumps(value, ensure_ascii=False), at, by),
    )


def notice_lines(conn: sqlite3.Connection, hall: str) -> list[dict[str, str]]:
    """The hall's notice lines for the board and the kiosk ([] when none were set)."""
    found = get(conn, NOTICES, hall)
    return list(found["lines"]) if found else []


# --- the district with its overrides ------------------------------------------------------


def with_overrides(configured: District, overrides: Overrides) -> District:
    """The configured district as the overrides change it (what no longer exists is ignored)."""
    services = {
        code: _service(service, overrides.get((SERVICE, code)))
        for code, service in configured.services.items()
    }
    halls = {
        hall_id: _hall(hall, overrides, services) for hall_id, hall in configured.halls.items()
    }
    return replace(configured, services=services, halls=halls)


def _service(service: Service, override: dict[str, Any] | None) -> Service:
    if override is None or "daily_cap" not in override:
        return service
    return replace(service, daily_cap=override["daily_cap"])


def _hall(hall: Hall, overrides: Overrides, services: dict[str, Service]) -> Hall:
    own = overrides.get((HALL, hall.id), {})
    offered = tuple(c for c in own.get("services", hall.services) if c in services)
    windows = tuple(
        _window(w, overrides.get((WINDOW, window_key(hall.id, w.number)))) for w in hall.windows
    )
    changes: dict[str, Any] = {"services": offered, "windows": windows}
    if "hours" in own:
        changes["hours"] = tuple(hours_from(item) for item in own["hours"])
    if "target_wait_minutes" in own:
        changes["target_wait_minutes"] = int(own["target_wait_minutes"])
    return replace(hall, **changes)


def _window(window: Window, override: dict[str, Any] | None) -> Window:
    if override is None:
        return window
    return replace(window, services=tuple(override["services"]))


def hours_from(item: dict[str, Any]) -> OpeningHours:
    """`{"days": ["mon", ...], "open": "09:00", "close": "17:00"}` as OpeningHours."""
    return OpeningHours(
        frozenset(DAY_NAMES.index(day) for day in item["days"]),
        time.fromisoformat(item["open"]),
        time.fromisoformat(item["close"]),
    )


def hours_json(hours: tuple[OpeningHours, ...]) -> list[dict[str, Any]]:
    """OpeningHours as stored and shown to the admin page (day names, "HH:MM")."""
    return [
        {
            "days": [DAY_NAMES[d] for d in sorted(h.weekdays)],
            "open": h.open.strftime("%H:%M"),
            "close": h.close.strftime("%H:%M"),
        }
        for h in hours
    ]
