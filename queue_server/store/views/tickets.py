"""The contract's Ticket object."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from queue_server.engine.district import District
from queue_server.store.timeutil import served
from queue_server.store.views.estimates import ahead_of, ticket_estimate


def ticket_view(
    conn: sqlite3.Connection,
    district: District,
    row: sqlite3.Row,
    now: datetime,
    *,
    with_token: bool = True,
) -> dict[str, Any]:
    """The contract's Ticket object with current `ahead`, `eta_minutes` and `eta_range`."""
    hall = district.halls[row["hall"]]
    ahead = ahead_of(conn, district, hall, row, now)
    eta: tuple[int, tuple[int, int] | None] = (0, None)
    if row["status"] == "waiting":
        eta = ticket_estimate(conn, district, hall, row, now, ahead)
    view = ticket_object(district, row, ahead=ahead, eta=eta[0], with_token=with_token)
    view["eta_range"] = list(eta[1]) if eta[1] else None
    view["transfer"] = transfer_origin(conn, district, row)
    return view


def transfer_origin(
    conn: sqlite3.Connection, district: District, row: sqlite3.Row
) -> dict[str, Any] | None:
    """Where a transferred-in ticket came from and why: the window, service and reason."""
    if row["transferred_from"] is None:
        return None
    old = conn.execute(
        "SELECT window, service, transfer_reason FROM tickets WHERE id = ?",
        (row["transferred_from"],),
    ).fetchone()
    hall = district.halls[row["hall"]]
    window = hall.window(old["window"]) if old and old["window"] is not None else None
    return {
        "from_window": old["window"] if old else None,
        "from_window_label": window.label.zh if window else None,
        "from_service": old["service"] if old else None,
        "reason": old["transfer_reason"] if old else None,
    }


def ticket_object(
    district: District, row: sqlite3.Row, *, ahead: int, eta: int, with_token: bool = True
) -> dict[str, Any]:
    hall = district.halls[row["hall"]]
    service = district.services[row["service"]]
    window = hall.window(row["window"]) if row["window"] is not None else None
    view: dict[str, Any] = {
        "id": row["id"],
        "number": row["number"],
        "hall": row["hall"],
        "service": row["service"],
        "service_name": {"zh": service.name.zh, "en": service.name.en},
        "status": row["status"],
        "priority": row["priority"],
        "source": row["source"],
        "ahead": ahead,
        "eta_minutes": eta,
        "window": row["window"],
        "window_label": window.label.zh if window else None,
        "holder": row["holder"],
        "id_masked": row["id_masked"],
        "phone_masked": row["phone_masked"],
        "id_expired": bool(row["id_expired"]),
        "issued_at": served(row["issued_at"]),
        "arrived_at": served(row["arrived_at"]),
        "called_at": served(row["called_at"]),
        "started_at": served(row["started_at"]),
        "finished_at": served(row["finished_at"]),
        "business_day": row["business_day"],
        "recall_count": row["recall_count"],
        "outcome": row["outcome"],
        "appointment": appointment_slot(row),
    }
    return add_token(view, row["token"]) if with_token else view


def appointment_slot(row: sqlite3.Row) -> dict[str, Any] | None:
    """`{"slot_start", "slot_end"}` of an appointment ticket (None for any other ticket)."""
    if row["slot_start"] is None:
        return None
    return {"slot_start": served(row["slot_start"]), "slot_end": served(row["slot_end"])}


def add_token(view: dict[str, Any], token: str) -> dict[str, Any]:
    """The ticket as its holder sees it: with the public token and the status page's path."""
    view["token"] = token
    view["status_url"] = f"/t/{token}"
    return view
