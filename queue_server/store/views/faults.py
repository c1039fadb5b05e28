"""A kiosk's device fault as the contract shows it."""

from __future__ import annotations

import sqlite3
from typing import Any

from queue_server.store.timeutil import served


def fault_view(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "hall": row["hall"],
        "kiosk_id": row["kiosk_id"],
        "device": row["device"],
        "state": row["state"],
        "message": row["message"],
        "at": served(row["at"]),
    }
