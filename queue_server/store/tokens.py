"""Device tokens (kiosk, display, platform, scripts): one row per minted token in `tokens`, so
each can be listed and revoked; the token itself is never stored, only its id."""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from queue_server import auth
from queue_server.store.timeutil import stored

ID_BYTES = 4  # 8 hex digits: short enough to type, random so a re-created database reuses none
ACTIVE, EXPIRED, REVOKED = "active", "expired", "revoked"


class TokenError(ValueError):
    """A device token cannot be found or changed (names the id)."""


@dataclass(frozen=True)
class DeviceToken:
    """A minted device token's record (never the token's text)."""

    id: str
    role: str
    hall: str
    window: int | None
    label: str
    created_at: str
    expires_at: str
    revoked_at: str | None

    def state(self, now: datetime) -> str:
        if self.revoked_at is not None:
            return REVOKED
        return EXPIRED if datetime.fromisoformat(self.expires_at) <= now else ACTIVE


@dataclass(frozen=True)
class TokenSpec:
    """What a new device token is bound to."""

    role: str
    hall: str
    window: int | None = None
    label: str = ""
    ttl: timedelta = auth.DEVICE_TTL


def create(
    conn: sqlite3.Connection, key: bytes, spec: TokenSpec, *, now: datetime, tz: str
) -> tuple[DeviceToken, str]:
    """Record a new device token in the caller's transaction; (its record, the token)."""
    while True:
        token_id = secrets.token_hex(ID_BYTES)
        if conn.execute("SELECT 1 FROM tokens WHERE id = ?", (token_id,)).fetchone() is None:
            break
    token = auth.mint(
        key,
        role=spec.role,
        hall=spec.hall,
        window=spec.window,
        now=now,
        ttl=spec.ttl,
        token_id=token_id,
    )
    record = DeviceToken(
        token_id,
        spec.role,
        spec.hall,
        spec.window,
        spec.label,
        stored(now, tz),
        stored(now + spec.ttl, tz),
        None,
    )
    conn.execute(
        "INSERT INTO tokens (id, role, hall, window, label, created_at, expires_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (record.id, record.role, record.hall, record.window, record.label)
        + (record.created_at, record.expires_at),
    )
    return record, token


def listing(conn: sqlite3.Connection) -> list[DeviceToken]:
    """Every device token ever minted, oldest first."""
    rows = conn.execute("SELECT * FROM tokens ORDER BY created_at, id")
    return [_record(row) for row in rows]


def revoke(conn: sqlite3.Connection, token_id: str, *, now: datetime, tz: str) -> DeviceToken:
    """Revoke the token (kept revoked at the first time if it was already); its record."""
    conn.execute(
        "UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
        (stored(now, tz), token_id),
    )
    row = conn.execute("SELECT * FROM tokens WHERE id = ?", (token_id,)).fetchone()
    if row is None:
        raise TokenError(f"no device token {token_id!r} (see `queue-server token list`)")
    return _record(row)


def revoke_all(conn: sqlite3.Connection, *, now: datetime, tz: str) -> int:
    """Revoke every token not revoked yet (after a new token key); how many."""
    cursor = conn.execute(
        "UPDATE tokens SET revoked_at = ? WHERE revoked_at IS NULL", (stored(now, tz),)
    )
    return cursor.rowcount


def check(conn: sqlite3.Connection, token_id: str) -> None:
    """Unauthorized unless the token's row exists and is not revoked (one primary-key read)."""
    row = conn.execute("SELECT revoked_at FROM tokens WHERE id = ?", (token_id,)).fetchone()
    if row is None:
        raise auth.invalid_token()
    if row[0] is not None:
        raise auth.revoked_token()


def _record(row: sqlite3.Row) -> DeviceToken:
    return DeviceToken(
        row["id"],
        row["role"],
        row["hall"],
        row["window"],
        row["label"] or "",
        row["created_at"],
        row["expires_at"],
        row["revoked_at"],
    )
