"""A bad review's rectification item: the return visit (回访) with its result, then the reply
(整改回复) the citizen sees, which closes it. Connection-level."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from queue_server.engine.district import Hall
from queue_server.engine.evaluation_errors import (
    EvaluationInvalid,
    EvaluationRefused,
    RectificationNotFound,
)
from queue_server.store import evaluations
from queue_server.store.timeutil import stored


@dataclass(frozen=True)
class Progress:
    """What a manager records: the return visit's result and/or the reply."""

    visit_result: str | None = None
    reply: str | None = None


def update(
    conn: sqlite3.Connection, hall: Hall, item: int, step: Progress, by: str, now: datetime
) -> sqlite3.Row:
    """Record the visit and/or the reply of the hall's item `item`; the reply closes it."""
    row = evaluations.rectification(conn, item)
    if row is None or row["hall"] != hall.id:
        raise RectificationNotFound(item)
    _check(row, step)
    at = stored(now, hall.timezone)
    if step.visit_result is not None:
        conn.execute(
            "UPDATE rectifications SET visited_at = ?, visit_result = ?, visited_by = ?"
            " WHERE id = ?",
            (at, step.visit_result, by, item),
        )
    if step.reply is not None:
        conn.execute(
            "UPDATE rectifications SET reply = ?, replied_at = ?, replied_by = ?, state = ?"
            " WHERE id = ?",
            (step.reply, at, by, evaluations.CLOSED, item),
        )
    after = evaluations.rectification(conn, item)
    assert after is not None
    return after


def _check(row: sqlite3.Row, step: Progress) -> None:
    if step.visit_result is None and step.reply is None:
        raise EvaluationInvalid(
            "nothing_to_record",
            "请填写回访结果或整改回复。",
            "Give the return visit's result, the reply, or both.",
        )
    if row["state"] == evaluations.CLOSED:
        raise EvaluationRefused(
            "rectification_closed",
            "该整改事项已回复办结，不能再修改。",
            "This rectification item is closed by its reply.",
        )
    if step.reply is not None and step.visit_result is None and row["visited_at"] is None:
        raise EvaluationRefused(
            "visit_required",
            "请先记录回访结果，再填写整改回复。",
            "Record the return visit first, then the reply.",
        )
