"""Creating a database: schema, secrets, demo users and the demo-tokens.json beside it."""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from pathlib import Path
from typing import Any

from queue_server import auth
from queue_server.district import District
from queue_server.engine.roles import Role
from queue_server.store import users
from queue_server.store.store import Store

log = logging.getLogger(__name__)

DEMO_PASSWORD = "demo1234"
TOKENS_FILE = "demo-tokens.json"


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


def add_demo_users(store: Store, *, cost: int = users.SCRYPT_N) -> int:
    existing = {u.username for u in store.users()}
    added = 0
    for username, role, hall in demo_accounts(store.district):
        if username not in existing:
            store.add_user(username, DEMO_PASSWORD, role, hall, cost=cost)
            added += 1
    return added


def demo_tokens(store: Store, server: str, days: int = 365) -> dict[str, Any]:
    now = store.clock()
    ttl = timedelta(days=days)
    tokens: dict[str, Any] = {"server": server, "kiosk": {}, "display": {}}
    for hall in store.district.halls:
        for role in (Role.KIOSK, Role.DISPLAY):
            tokens[role][hall] = auth.mint(store.token_key, role=role, hall=hall, now=now, ttl=ttl)
    return tokens


def write_demo_tokens(store: Store, server: str) -> Path:
    path = store.path.with_name(TOKENS_FILE)
    path.write_text(json.dumps(demo_tokens(store, server), indent=2), encoding="utf-8")
    return path


def set_demo_server(db_path: Path, server: str) -> None:
    """Point demo-tokens.json at the address the server actually listens on."""
    path = Path(db_path).with_name(TOKENS_FILE)
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("server") != server:
            data["server"] = server
            path.write_text(json.dumps(data, indent=2), encoding="utf-8")
