"""Evaluations: the window asks the citizen it just served to rate the service."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from queue_server.engine import errors
from queue_server.engine.district import District, Hall
from queue_server.store import eventlog, queries
from queue_server.store.views.tickets import ticket_view


def prompt(
    conn: sqlite3.Connection,
    district: District,
    hall: Hall,
    number: int,
    *,
    actor: str,
    now: datetime,
) -> tuple[dict[str, Any], eventlog.Event]:
    """Emit `evaluation.prompt` for the window's last finished ticket: ({seq, ticket}, event)."""
    config = hall.window(number)
    row = queries.window_row(conn, hall.id, number)
    if config is None or row is None:
        raise errors.UnknownWindow(hall.id, number)
    last = queries.ticket_by_id(conn, row["last_ticket_id"]) if row["last_ticket_id"] else None
    if last is None or last["status"] != "done":
        raise errors.Conflict(
            "该窗口还没有办结的号票。",
            "This window has not finished a ticket yet.",
            code="nothing_to_evaluate",
        )
    ticket = ticket_view(conn, district, last, now, with_token=False)
    event = eventlog.append(
        conn,
        hall,
        "evaluation.prompt",
        now=now,
        actor=actor,
        ticket=ticket,
        window=config,
        evaluation_url=f"/t/{last['token']}/evaluation",
    )
    return {"seq": event.seq, "ticket": ticket}, event
