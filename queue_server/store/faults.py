"""Device faults reported by kiosks (printer out of paper, card reader offline, ...)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from queue_server.engine.district import Hall
from queue_server.store import eventlog
from queue_server.store.timeutil import stored
from queue_server.store.views.faults import fault_view


def report(
    conn: sqlite3.Connection,
    hall: Hall,
    *,
    kiosk_id: str,
    device: str,
    state: str,
    message: str,
    actor: str,
    now: datetime,
) -> tuple[dict[str, Any], eventlog.Event]:
    """Store the fault and log `device.fault` carrying it: (fault, event)."""
    at = stored(now, hall.timezone)
    cursor = conn.execute(
        "INSERT INTO device_faults (hall, kiosk_id, device, state, message, at, business_day)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (hall.id, kiosk_id, device, state, message, at, hall.business_day(now)),
    )
    row = conn.execute(
        "SELECT * FROM device_faults WHERE id = ?", (int(cursor.lastrowid or 0),)
    ).fetchone()
    fault = fault_view(row)
    return fault, eventlog.append(conn, hall, "device.fault", now=now, actor=actor, fault=fault)


def today(conn: sqlite3.Connection, hall: Hall, now: datetime) -> list[dict[str, Any]]:
    """The hall's faults of the business day, oldest first."""
    rows = conn.execute(
        "SELECT * FROM device_faults WHERE hall = ? AND business_day = ? ORDER BY id",
        (hall.id, hall.business_day(now)),
    ).fetchall()
    return [fault_view(row) for row in rows]
