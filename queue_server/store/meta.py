"""The meta table: secrets created once at init (ID-hash key, token-signing key)."""

from __future__ import annotations

import secrets
import sqlite3

ID_HASH_KEY = "id_hash_key"
TOKEN_KEY = "token_key"


def get(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def ensure_secret(conn: sqlite3.Connection, key: str) -> bytes:
    """The secret under `key`, created (32 random bytes) in the caller's transaction if missing."""
    conn.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (key, secrets.token_hex(32))
    )
    value = get(conn, key)
    assert value is not None
    return bytes.fromhex(value)
