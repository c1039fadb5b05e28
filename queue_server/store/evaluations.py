"""Evaluations (好差评): the window's prompt, a citizen's evaluation of a finished ticket (and
its one follow-up), and the rectification item a bad review opens. Connection-level."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from typing import Any

from queue_server.engine import errors
from queue_server.engine.district import District, Hall
from queue_server.engine.evaluation import (
    Submission,
    check_content,
    evaluation_path,
    national_codes,
    next_count,
    rectification_deadline,
)
from queue_server.engine.evaluation_errors import EvaluationRefused
from queue_server.engine.evaluation_levels import BAD_LEVELS
from queue_server.store import eventlog, queries
from queue_server.store.timeutil import local, stored
from queue_server.store.views.tickets import ticket_view

OPEN, CLOSED = "open", "closed"


def prompt(
    conn: sqlite3.Connection,
    district: District,
    hall: Hall,
    number: int,
    *,
    actor: str,
    now: datetime,
) -> tuple[dict[str, Any], eventlog.Event]:
    """Emit `evaluation.prompt` for the window's last finished ticket and open the window's
    pad prompt for it (replacing an earlier one): ({seq, ticket}, event)."""
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
    _close_prompts(conn, hall, number, now)
    if not evaluations_of(conn, last["id"]):  # rated already (on the phone): the pad waits on
        _open_prompt(conn, hall, number, last["id"], now, district.evaluation.pad_prompt_seconds)
    ticket = ticket_view(conn, district, last, now, with_token=False)
    event = eventlog.append(
        conn,
        hall,
        "evaluation.prompt",
        now=now,
        actor=actor,
        ticket=ticket,
        window=config,
        evaluation_url=evaluation_path(last["token"]),
    )
    return {"seq": event.seq, "ticket": ticket}, event


def _close_prompts(conn: sqlite3.Connection, hall: Hall, window: int, now: datetime) -> None:
    conn.execute(
        "UPDATE evaluation_prompts SET closed_at = ? WHERE hall = ? AND window = ?"
        " AND closed_at IS NULL",
        (stored(now, hall.timezone), hall.id, window),
    )


def _open_prompt(
    conn: sqlite3.Connection, hall: Hall, window: int, ticket_id: int, now: datetime, seconds: int
) -> None:
    at = stored(now, hall.timezone)
    conn.execute(
        "INSERT INTO evaluation_prompts (hall, window, ticket_id, prompted_at, expires_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (hall.id, window, ticket_id, at, stored(now + timedelta(seconds=seconds), hall.timezone)),
    )


def open_prompt(
    conn: sqlite3.Connection, hall: Hall, window: int, now: datetime
) -> sqlite3.Row | None:
    """The window's prompt a pad may answer now: the latest, not closed, not expired."""
    row: sqlite3.Row | None = conn.execute(
        "SELECT p.*, t.number, t.service FROM evaluation_prompts p"
        " JOIN tickets t ON t.id = p.ticket_id WHERE p.hall = ? AND p.window = ?"
        " AND p.closed_at IS NULL AND p.expires_at > ? ORDER BY p.id DESC LIMIT 1",
        (hall.id, window, stored(now, hall.timezone)),
    ).fetchone()
    return row


def prompted_ticket(
    conn: sqlite3.Connection, hall: Hall, window: int, prompt_id: int, now: datetime
) -> sqlite3.Row:
    """The ticket of the window's open prompt `prompt_id`; `prompt_closed` when it is not."""
    current = open_prompt(conn, hall, window, now)
    if current is None or current["id"] != prompt_id:
        raise EvaluationRefused(
            "prompt_closed",
            "本次评价邀请已结束，请让窗口工作人员重新邀请评价。",
            "This evaluation prompt has ended; ask the clerk to prompt again.",
        )
    row = queries.ticket_by_id(conn, current["ticket_id"])
    assert row is not None  # a prompt names a ticket of this database
    return row


def evaluations_of(conn: sqlite3.Connection, ticket_id: int) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT * FROM evaluations WHERE ticket_id = ? ORDER BY count", (ticket_id,)
    ).fetchall()


def record(
    conn: sqlite3.Connection, district: District, ticket: sqlite3.Row, entry: Submission,
    now: datetime,
) -> int:  # fmt: skip
    """Store an evaluation of a finished ticket (and a bad review's rectification): its id."""
    rules = district.evaluation
    check_content(national_codes(), rules, entry)
    if ticket["status"] != "done":
        raise EvaluationRefused(
            "not_finished",
            "该号票尚未办结，办结后才能评价。",
            "The ticket is not finished yet; evaluate it once it is.",
        )
    hall = district.halls[ticket["hall"]]
    earlier = [datetime.fromisoformat(row["at"]) for row in evaluations_of(conn, ticket["id"])]
    count = next_count(rules, entry, earlier, now)
    at = stored(now, hall.timezone)
    cursor = conn.execute(
        "INSERT INTO evaluations (ticket_id, hall, count, level, reasons, text, channel, at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (ticket["id"], hall.id, count, entry.level, "|".join(map(str, entry.reasons)),
         entry.text, entry.channel, at),
    )  # fmt: skip
    evaluation_id = int(cursor.lastrowid or 0)
    conn.execute(
        "UPDATE evaluation_prompts SET closed_at = ? WHERE ticket_id = ? AND closed_at IS NULL",
        (at, ticket["id"]),
    )
    if entry.level in BAD_LEVELS:
        _open_rectification(conn, hall, evaluation_id, now, rules.rectification_days)
    return evaluation_id


def _open_rectification(
    conn: sqlite3.Connection, hall: Hall, evaluation_id: int, now: datetime, days: int
) -> None:
    deadline = rectification_deadline(hall.days, local(now, hall.timezone).date(), days)
    conn.execute(
        "INSERT INTO rectifications (evaluation_id, hall, state, opened_at, deadline)"
        " VALUES (?, ?, ?, ?, ?)",
        (evaluation_id, hall.id, OPEN, stored(now, hall.timezone), deadline.isoformat()),
    )


def rectification_of_ticket(conn: sqlite3.Connection, ticket_id: int) -> sqlite3.Row | None:
    """The latest rectification item of a ticket's bad reviews, if any."""
    row: sqlite3.Row | None = conn.execute(
        "SELECT r.* FROM rectifications r JOIN evaluations e ON e.id = r.evaluation_id"
        " WHERE e.ticket_id = ? ORDER BY r.id DESC LIMIT 1",
        (ticket_id,),
    ).fetchone()
    return row


RECTIFICATION_ROWS = (
    "SELECT r.*, e.ticket_id, e.count, e.level, e.reasons, e.text, e.channel, e.at,"
    " t.number, t.service, t.window, t.business_day FROM rectifications r"
    " JOIN evaluations e ON e.id = r.evaluation_id JOIN tickets t ON t.id = e.ticket_id"
)


def rectifications(conn: sqlite3.Connection, hall: str, state: str | None) -> list[sqlite3.Row]:
    sql, args = RECTIFICATION_ROWS + " WHERE r.hall = ?", [hall]
    if state is not None:
        sql, args = sql + " AND r.state = ?", [*args, state]
    return conn.execute(sql + " ORDER BY r.deadline, r.id", args).fetchall()


def rectification(conn: sqlite3.Connection, item: int) -> sqlite3.Row | None:
    sql = RECTIFICATION_ROWS + " WHERE r.id = ?"
    row: sqlite3.Row | None = conn.execute(sql, (item,)).fetchone()
    return row
