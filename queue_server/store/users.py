"""Users (clerks, managers, admins): scrypt password hashes, enable/disable."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import sqlite3
from dataclasses import dataclass

from queue_server.engine.roles import ROLES

# scrypt cost: n=2**14, r=8 (~16 MiB, tens of milliseconds per check); stored with the hash.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


class UserError(ValueError):
    """A user cannot be added or changed (names the user and the problem)."""


@dataclass(frozen=True)
class User:
    username: str
    role: str
    hall: str
    window: int | None
    disabled: bool


def hash_password(password: str, *, n: int = SCRYPT_N) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    got = hashlib.scrypt(
        password.encode(),
        salt=_unb64(salt),
        n=int(n),
        r=int(r),
        p=int(p),
        dklen=len(_unb64(digest)),
    )
    return hmac.compare_digest(got, _unb64(digest))


def add(
    conn: sqlite3.Connection,
    username: str,
    password: str,
    role: str,
    hall: str,
    window: int | None = None,
    *,
    created_at: str,
    n: int = SCRYPT_N,
) -> User:
    if role not in ROLES:
        raise UserError(f"user {username!r}: role {role!r} is not one of {', '.join(ROLES)}")
    if not username or len(password) < 6:
        raise UserError(f"user {username!r}: needs a name and a password of at least 6 characters")
    try:
        conn.execute(
            "INSERT INTO users (username, role, hall, window, password_hash, disabled, created_at)"
            " VALUES (?, ?, ?, ?, ?, 0, ?)",
            (username, role, hall, window, hash_password(password, n=n), created_at),
        )
    except sqlite3.IntegrityError as err:
        raise UserError(f"user {username!r} already exists") from err
    return User(username, role, hall, window, False)


def verify(conn: sqlite3.Connection, username: str, password: str) -> User | None:
    """The user if the password is right and the account enabled, else None."""
    row = conn.execute("SELECT * FROM users WHERE username = ?", (username,)).fetchone()
    if row is None:
        return None
    if not check_password(password, row["password_hash"]) or row["disabled"]:
        return None
    return _user(row)


def listing(conn: sqlite3.Connection) -> list[User]:
    return [_user(row) for row in conn.execute("SELECT * FROM users ORDER BY username")]


def set_disabled(conn: sqlite3.Connection, username: str, disabled: bool) -> None:
    if (
        conn.execute(
            "UPDATE users SET disabled = ? WHERE username = ?", (int(disabled), username)
        ).rowcount
        != 1
    ):
        raise UserError(f"no user {username!r}")


def is_enabled(conn: sqlite3.Connection, username: str) -> bool:
    row = conn.execute("SELECT disabled FROM users WHERE username = ?", (username,)).fetchone()
    return row is not None and not row[0]


def _user(row: sqlite3.Row) -> User:
    return User(row["username"], row["role"], row["hall"], row["window"], bool(row["disabled"]))


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def _unb64(text: str) -> bytes:
    return base64.b64decode(text)
