"""The dashboard's browser sessions: a random id in an HttpOnly cookie, only its SHA-256 kept
here, with the session's CSRF token and its expiry (unix seconds)."""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from queue_server.store.timeutil import stored


@dataclass(frozen=True)
class Session:
    """A live session: its user's current role, hall and window (read from the user's row, so a
    changed or disabled account takes effect at the next request)."""

    username: str
    role: str
    hall: str
    window: int | None
    csrf: str
    expires: int


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def open_session(
    conn: sqlite3.Connection, username: str, *, now: datetime, ttl: timedelta
) -> tuple[str, int]:
    """A new session for `username`: (the cookie's id, its expiry); old expired rows go."""
    session_id = secrets.token_urlsafe(32)
    expires = int((now + ttl).timestamp())
    conn.execute("DELETE FROM dash_sessions WHERE expires <= ?", (int(now.timestamp()),))
    conn.execute(
        "INSERT INTO dash_sessions (id_hash, username, csrf, created_at, expires)"
        " VALUES (?, ?, ?, ?, ?)",
        (_hash(session_id), username, secrets.token_urlsafe(32), stored(now, "UTC"), expires),
    )
    return session_id, expires


def find(conn: sqlite3.Connection, session_id: str, now: datetime) -> Session | None:
    """The session of a cookie's id if it is on record, unexpired and its user enabled."""
    row = conn.execute(
        "SELECT s.username, u.role, u.hall, u.window, s.csrf, s.expires FROM dash_sessions s"
        " JOIN users u ON u.username = s.username"
        " WHERE s.id_hash = ? AND s.expires > ? AND u.disabled = 0",
        (_hash(session_id), int(now.timestamp())),
    ).fetchone()
    return Session(*row) if row else None


def close(conn: sqlite3.Connection, session_id: str) -> None:
    conn.execute("DELETE FROM dash_sessions WHERE id_hash = ?", (_hash(session_id),))
