"""The demo set-up of a new database: demo accounts and the demo-tokens.json beside it (the
Store's `add_demo_users` and `write_demo_tokens` use these)."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from queue_server import auth
from queue_server.engine.district import District
from queue_server.engine.roles import Role

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


def demo_tokens(
    district: District, token_key: bytes, *, server: str, now: datetime, days: int = 365
) -> dict[str, Any]:
    """`{"server", "kiosk": {hall: token}, "display": {hall: token}}` for every hall."""
    ttl = timedelta(days=days)
    tokens: dict[str, Any] = {"server": server, "kiosk": {}, "display": {}}
    for hall in district.halls:
        for role in (Role.KIOSK, Role.DISPLAY):
            tokens[role][hall] = auth.mint(token_key, role=role, hall=hall, now=now, ttl=ttl)
    return tokens


def write_tokens(db_path: Path, tokens: dict[str, Any]) -> Path:
    """Write demo-tokens.json beside the database; its path."""
    path = db_path.with_name(TOKENS_FILE)
    path.write_text(json.dumps(tokens, indent=2), encoding="utf-8")
    return path


def set_demo_server(db_path: Path, server: str) -> None:
    """Point demo-tokens.json at the address the server actually listens on."""
    path = db_path.with_name(TOKENS_FILE)
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("server") != server:
            data["server"] = server
            write_tokens(db_path, data)
