"""The audit log of administrative changes: who, when, what, before and after (one row each).

Rows carry no personal data: accounts by username, device tokens by id, never a password,
token or phone number (callers pass only what the change is about).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Editor:
    """Who makes a change: a username (or a device's `role@hall`) and the role."""

    name: str
    role: str


@dataclass(frozen=True)
class Change:
    """One administrative change, as the caller describes it."""

    action: str  # e.g. window.services, window.state, hall.notices, clerk.add, token.revoke
    target: str  # what it changed: "qixia/3", "qixia", "HJ01", a username, a token id
    before: Any
    after: Any


@dataclass(frozen=True)
class Entry:
    id: int
    at: str
    actor: str
    role: str
    hall: str | None  # None: district-wide (a service's daily cap)
    action: str
    target: str
    before: Any
    after: Any


def append(
    conn: sqlite3.Connection, change: Change, *, at: str, actor: str, role: str, hall: str | None
) -> int:
    """Record one change inside the caller's transaction (it lands with the change or not at
    all); its id."""
    cursor = conn.execute(
        "INSERT INTO audit_log (at, actor, role, hall, action, target, before, after)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (at, actor, role, hall, change.action, change.target, _dump(change.before),
         _dump(change.after)),
    )  # fmt: skip
    return int(cursor.lastrowid or 0)


def entries(
    conn: sqlite3.Connection,
    hall: str | None,
    *,
    since: str = "",
    until: str = "9999",
    limit: int = 1000,
) -> list[Entry]:
    """Rows of one hall (`hall`), or of the whole district (None: every hall and the district's
    own), newest first, with `since` <= at < `until` (stored local ISO text)."""
    where = "at >= ? AND at < ?" + ("" if hall is None else " AND hall = ?")
    params: tuple[Any, ...] = (since, until) if hall is None else (since, until, hall)
    rows = conn.execute(
        f"SELECT * FROM audit_log WHERE {where} ORDER BY id DESC LIMIT ?", (*params, limit)
    )
    return [_entry(row) for row in rows]


def _entry(row: sqlite3.Row) -> Entry:
    return Entry(
        int(row["id"]), row["at"], row["actor"], row["role"], row["hall"], row["action"],
        row["target"], _load(row["before"]), _load(row["after"]),
    )  # fmt: skip


def _dump(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _load(text: str | None) -> Any:
    return None if text is None else json.loads(text)
