"""Setting up a database: the first admin of a real one; the demo accounts and the
demo-tokens.json beside a demo one (`init --demo`, `serve --demo`; the Store's
`store_provision` methods use these)."""

from __future__ import annotations

import json
import logging
import os
import secrets
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from queue_server import auth
from queue_server.engine.district import District
from queue_server.engine.roles import Role
from queue_server.keys import write_private
from queue_server.store import tokens as token_rows

log = logging.getLogger(__name__)

DEMO_PASSWORD = "demo1234"
# The demo password is public, so a costly hash of it protects nothing and only slows the demo's
# start (14 accounts); each is re-hashed at the server's cost on its first sign-in.
DEMO_COST = 2**12
DEMO_LABEL = "demo"
DEMO_TOKEN_DAYS = 365
TOKENS_FILE = "demo-tokens.json"
DEVICE_ROLES = (Role.KIOSK, Role.DISPLAY)
FIRST_ADMIN = "admin"
ADMIN_PASSWORD_MIN = 12  # the first admin holds the whole district
GENERATED_PASSWORD_BYTES = 15  # 20 URL-safe characters, about 120 bits


def generate_password() -> str:
    """A strong random password for the first admin (printed once by `init`)."""
    return secrets.token_urlsafe(GENERATED_PASSWORD_BYTES)


def demo_accounts(district: District) -> list[tuple[str, str, str]]:
    """(username, role, hall): admin, manager, `clerk` for the district centre, clerk-<hall>."""
    accounts: list[tuple[str, str, str]] = [
        ("admin", Role.ADMIN, auth.ALL_HALLS),
        ("manager", Role.MANAGER, auth.ALL_HALLS),
    ]
    halls = list(district.halls)
    main = "qixia" if "qixia" in district.halls else (halls[0] if halls else None)
    for hall in halls:
        accounts.append(("clerk" if hall == main else f"clerk-{hall}", Role.CLERK, hall))
    return accounts


def demo_tokens(
    conn: sqlite3.Connection,
    district: District,
    token_key: bytes,
    *,
    server: str,
    now: datetime,
    tz: str,
) -> dict[str, Any]:
    """`{"server", "kiosk": {hall: token}, "display": {hall: token}}` for every hall, each
    token recorded (label `demo`) in the caller's transaction."""
    ttl = timedelta(days=DEMO_TOKEN_DAYS)
    tokens: dict[str, Any] = {"server": server, **{role.value: {} for role in DEVICE_ROLES}}
    for hall in district.halls:
        for role in DEVICE_ROLES:
            spec = token_rows.TokenSpec(role, hall, label=DEMO_LABEL, ttl=ttl)
            tokens[role][hall] = token_rows.create(conn, token_key, spec, now=now, tz=tz)[1]
    return tokens


def tokens_path(db_path: Path) -> Path:
    return db_path.with_name(TOKENS_FILE)


def read_tokens(db_path: Path) -> dict[str, Any] | None:
    """demo-tokens.json beside the database, or None if there is none (or it is unreadable)."""
    try:
        data = json.loads(tokens_path(db_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_tokens(db_path: Path, tokens: dict[str, Any]) -> Path:
    """Write demo-tokens.json beside the database, 0600 from the start and atomically
    (a reader sees the old file or the new one); its path."""
    path = tokens_path(db_path)
    write_private(path, json.dumps(tokens, indent=2), replacing=True)
    return path


def set_demo_server(db_path: Path, server: str) -> None:
    """Point demo-tokens.json (if any) at the address the server actually listens on."""
    data = read_tokens(db_path)
    if data is None:
        return
    if data.get("server") != server:
        data["server"] = server
        write_tokens(db_path, data)
    else:
        os.chmod(tokens_path(db_path), 0o600)  # a file an older version wrote 0644
