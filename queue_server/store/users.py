"""Users (clerks, managers, admins): scrypt password hashes, enable/disable."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass

from queue_server.engine.roles import ROLES

# scrypt at current guidance (OWASP, RFC 7914): n=2**17, r=8, p=1, i.e. 128 MiB and about half a
# second per check here; the parameters are stored with each hash. The server bounds how many
# run at once (`api.login_guard`): memory, not CPU, is what a flood of logins exhausts.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
MIN_COST, MAX_COST = 2**4, 2**20
# Tests only: new hashes (and re-hashes) at a lower n, so that a suite creating many users stays
# fast. `queue-server` reads it once at start and logs a warning when it is set.
PASSWORD_COST_ENV = "QUEUE_SERVER_PASSWORD_COST"


class UserError(ValueError):
    """A user cannot be added or changed (names the user and the problem)."""


@dataclass(frozen=True)
class User:
    username: str
    role: str
    hall: str
    window: int | None
    disabled: bool


@dataclass(frozen=True)
class PasswordHash:
    """A stored hash `scrypt$n$r$p$salt$digest`, parsed."""

    n: int
    r: int
    p: int
    salt: bytes
    digest: bytes

    @classmethod
    def parse(cls, stored: str) -> PasswordHash | None:
        """The parsed hash, or None for a value that is not one of ours."""
        try:
            scheme, n, r, p, salt, digest = stored.split("$")
            parsed = cls(int(n), int(r), int(p), _unb64(salt), _unb64(digest))
        except (ValueError, TypeError):
            return None
        return parsed if scheme == "scrypt" and parsed._sane() else None

    def _sane(self) -> bool:
        power_of_two = self.n > 1 and self.n & (self.n - 1) == 0
        in_range = self.n <= MAX_COST and 0 < self.r <= 32 and 0 < self.p <= 16
        return power_of_two and in_range and 16 <= len(self.digest) <= 64

    def matches(self, password: str) -> bool:
        got = _scrypt(password, self.salt, self.n, self.r, self.p, len(self.digest))
        return hmac.compare_digest(got, self.digest)

    def outdated(self, cost: int) -> bool:
        """True if new hashes are made with other parameters (re-hash at the next good login)."""
        return (self.n, self.r, self.p, len(self.digest)) != (cost, SCRYPT_R, SCRYPT_P, 32)


def hash_password(password: str, *, n: int = SCRYPT_N) -> str:
    salt = os.urandom(16)
    digest = _scrypt(password, salt, n, SCRYPT_R, SCRYPT_P, 32)
    return f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def spend_like_a_check(password: str, cost: int) -> None:
    """As much work as checking a current hash: an unknown user takes as long as a known one."""
    _scrypt(password, b"\0" * 16, cost, SCRYPT_R, SCRYPT_P, 32)


def password_cost(environ: Mapping[str, str]) -> int:
    """The scrypt n for new hashes: `SCRYPT_N`, or `PASSWORD_COST_ENV` if set (tests only)."""
    value = environ.get(PASSWORD_COST_ENV, "")
    if not value:
        return SCRYPT_N
    cost = int(value) if value.isdigit() else 0
    if not (MIN_COST <= cost <= MAX_COST and cost & (cost - 1) == 0):
        raise UserError(
            f"{PASSWORD_COST_ENV}={value!r}: not a power of two from {MIN_COST} to {MAX_COST}"
        )
    return cost


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    # OpenSSL refuses more than 32 MiB unless told; n=2**17, r=8 needs 128 MiB and a little.
    maxmem = 128 * r * (n + p + 2)
    return hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=dklen, maxmem=maxmem)


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


def credentials(conn: sqlite3.Connection, username: str) -> tuple[User, str] | None:
    """The user and their stored password hash, or None for an unknown name."""
    row = conn.execute("SELECT * FROM users WHERE username = ?", (username,)).fetchone()
    return None if row is None else (_user(row), row["password_hash"])


def replace_hash(conn: sqlite3.Connection, username: str, *, old: str, new: str) -> bool:
    """Store `new` if the hash is still `old` (a password changed meanwhile wins); True if so."""
    return (
        conn.execute(
            "UPDATE users SET password_hash = ? WHERE username = ? AND password_hash = ?",
            (new, username, old),
        ).rowcount
        == 1
    )


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
