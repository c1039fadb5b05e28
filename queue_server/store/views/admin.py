"""What the administration answers show: audit rows, a window's state, a hall's settings, the
hall's clerk accounts and device tokens (records only: never a password hash or a token)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import datetime
from typing import Any

from queue_server.engine.district import District, Hall
from queue_server.store import admin, queries
from queue_server.store.audit import Entry
from queue_server.store.timeutil import served
from queue_server.store.tokens import DeviceToken
from queue_server.store.users import User

AUDIT_COLUMNS = ("id", "at", "actor", "role", "hall", "action", "target", "before", "after")
AUDIT_HEADERS = ("编号", "时间", "操作人", "角色", "大厅", "操作", "对象", "修改前", "修改后")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run these as formulas


def entry_view(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": served(entry.at),
        "actor": entry.actor,
        "role": entry.role,
        "hall": entry.hall,
        "action": entry.action,
        "target": entry.target,
        "before": entry.before,
        "after": entry.after,
    }


def window_state(conn: sqlite3.Connection, hall: str, number: int) -> dict[str, Any]:
    row = queries.window_row(conn, hall, number)
    return {"state": row["state"], "pause_reason": row["pause_reason"]} if row else {}


def hall_settings(hall: Hall) -> dict[str, Any]:
    """The settings an admin may change, as they are now (file plus overrides)."""
    return {
        "hours": admin.hours_json(hall.hours),
        "target_wait_minutes": hall.target_wait_minutes,
        "services": list(hall.services),
    }


def district_settings(district: District) -> dict[str, Any]:
    """Every hall's settings and every service's daily cap (the admin page)."""
    return {
        "halls": [
            {"id": hall.id, "name": {"zh": hall.name.zh, "en": hall.name.en}, **hall_settings(hall)}
            for hall in district.halls.values()
        ],
        "services": [
            {
                "code": service.code,
                "name": {"zh": service.name.zh, "en": service.name.en},
                "daily_cap": service.daily_cap,
            }
            for service in district.services.values()
        ],
    }


def account_view(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "role": user.role,
        "hall": user.hall,
        "window": user.window,
        "disabled": user.disabled,
    }


def token_view(token: DeviceToken, now: datetime) -> dict[str, Any]:
    return {
        "id": token.id,
        "role": token.role,
        "hall": token.hall,
        "window": token.window,
        "label": token.label,
        "created_at": served(token.created_at),
        "expires_at": served(token.expires_at),
        "revoked_at": served(token.revoked_at),
        "state": token.state(now),
    }


def audit_csv(entries: list[dict[str, Any]]) -> str:
    """The audit rows as CSV with Chinese headers (a BOM, so spreadsheets read UTF-8)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(AUDIT_HEADERS)
    for entry in entries:
        writer.writerow([_cell(entry[column]) for column in AUDIT_COLUMNS])
    return "\ufeff" + out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
