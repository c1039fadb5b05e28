"""The meta table. Databases made before the key file (`queue_server.keys`) kept their secrets
here, where any copy of the database carried them; `legacy_keyring` reads them so the Store can
move them into the key file, and `forget_secrets` erases them for good."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from queue_server.keys import Key, Keyring

ID_HASH_KEY = "id_hash_key"
TOKEN_KEY = "token_key"
SECRETS = (ID_HASH_KEY, TOKEN_KEY)
# Set once the secrets are in a key file: a database with this mark and no key file has lost
# its keys (refused), one without it has never had any (a key file is made for it).
KEY_FILE_MARK = "secrets_in"


def get(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def uses_key_file(conn: sqlite3.Connection) -> bool:
    return get(conn, KEY_FILE_MARK) is not None


def mark_key_file(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, 'key file')", (KEY_FILE_MARK,))


def legacy_keyring(conn: sqlite3.Connection, now: datetime) -> Keyring | None:
    """The secrets an older database still holds (created `now`, as far as we know), or None."""
    token, id_hash = get(conn, TOKEN_KEY), get(conn, ID_HASH_KEY)
    if token is None or id_hash is None:  # written together, in one transaction
        return None
    return Keyring(Key(bytes.fromhex(token), now), (Key(bytes.fromhex(id_hash), now),))


def forget_secrets(conn: sqlite3.Connection) -> None:
    """Delete the secrets, overwriting their bytes (secure_delete) rather than only unlinking
    them. The overwritten page goes to the WAL first: the caller checkpoints it into the
    database file and truncates the WAL (`Connections.checkpoint(truncate=True)`)."""
    previous = conn.execute("PRAGMA secure_delete").fetchone()[0]
    conn.execute("PRAGMA secure_delete = ON")
    try:
        conn.execute(f"DELETE FROM meta WHERE key IN ({', '.join('?' for _ in SECRETS)})", SECRETS)
    finally:
        conn.execute(f"PRAGMA secure_delete = {int(previous)}")
