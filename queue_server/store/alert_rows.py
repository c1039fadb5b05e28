"""The alerts raised and not yet cleared, one row per alert key (raised once while its
condition holds), each change logged as `alert.raised` / `alert.cleared` so the dashboards'
streams carry it, and each raised alert queued in the notification outbox for the hall's
manager contacts (sent by the notifier's senders, phones sealed like the citizens')."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from queue_server.engine.alerts import DISTRICT, Alert
from queue_server.engine.district import District, Hall
from queue_server.store import eventlog, notifications, phones
from queue_server.store.timeutil import served, stored


def open_alerts(conn: sqlite3.Connection, halls: Iterable[str]) -> list[dict[str, Any]]:
    """The open alerts of `halls` (and the district's), newest first."""
    wanted = [*halls, DISTRICT]
    marks = ", ".join("?" for _ in wanted)
    rows = conn.execute(
        f"SELECT data, raised_at FROM alerts WHERE cleared_at IS NULL AND hall IN ({marks})"
        " ORDER BY raised_at DESC, key",
        wanted,
    ).fetchall()
    return [{**json.loads(data), "raised_at": served(raised_at)} for data, raised_at in rows]


def open_keys(conn: sqlite3.Connection, hall: str) -> list[str]:
    rows = conn.execute("SELECT key FROM alerts WHERE hall = ? AND cleared_at IS NULL", (hall,))
    return [key for (key,) in rows]


def _event_halls(district: District, hall: str) -> list[Hall]:
    """Where an alert's change is logged: its hall, or every hall for the district's."""
    return list(district.halls.values()) if hall == DISTRICT else [district.halls[hall]]


def raise_alert(
    conn: sqlite3.Connection, district: District, alert: Alert, now: datetime
) -> list[eventlog.Event]:
    at = stored(now, district.timezone)
    conn.execute(
        "INSERT INTO alerts (key, hall, kind, data, raised_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, data = excluded.data,"
        " raised_at = excluded.raised_at, cleared_at = NULL",
        (alert.key, alert.hall, alert.kind, json.dumps(alert.to_dict(), ensure_ascii=False), at),
    )
    shown = {**alert.to_dict(), "raised_at": served(at)}
    return [
        eventlog.append(conn, hall, "alert.raised", now=now, actor="system", alert=shown)
        for hall in _event_halls(district, alert.hall)
    ]


def clear_alert(
    conn: sqlite3.Connection, district: District, hall: str, key: str, now: datetime
) -> list[eventlog.Event]:
    conn.execute(
        "UPDATE alerts SET cleared_at = ? WHERE key = ? AND cleared_at IS NULL",
        (stored(now, district.timezone), key),
    )
    return [
        eventlog.append(conn, target, "alert.cleared", now=now, actor="system", alert={"key": key})
        for target in _event_halls(district, hall)
    ]


def notify_managers(
    conn: sqlite3.Connection, district: District, alert: Alert, recipients: Sequence[str],
    phone_key: bytes, now: datetime,
) -> int:  # fmt: skip
    """Queue the alert for each manager contact; how many messages were queued."""
    hall = district.halls.get(alert.hall)
    heading = hall.name.zh if hall else district.name.zh
    day = (hall or next(iter(district.halls.values()))).business_day(now)
    queued = 0
    for n, phone in enumerate(recipients):
        sealed = phones.seal(phone_key, phone)
        queued += notifications.enqueue(
            conn, f"alert:{alert.key}:{int(now.timestamp())}:{n}", hall=alert.hall, day=day,
            kind="alert", sealed=sealed.sealed, masked=sealed.masked,
            text=f"【{heading}】{alert.zh}", now=now,
        )  # fmt: skip
    return queued
