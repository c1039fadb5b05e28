"""The outbox of outcomes reported back to the platform, and the pull job's sync state.

A row is written in the transaction that changes the appointment, so an outcome is never lost
or reported for a change that did not happen; it stays until the platform acknowledges it."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from queue_server.engine.exchange import Outcome


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def add(conn: sqlite3.Connection, external_id: str, state: str, now: datetime) -> None:
    conn.execute(
        "INSERT INTO outcomes (external_id, state, at, next_try) VALUES (?, ?, ?, ?)",
        (external_id, state, _utc(now), _utc(now)),
    )


def pending(conn: sqlite3.Connection, now: datetime, limit: int) -> list[Outcome]:
    rows = conn.execute(
        "SELECT id, external_id, state, at, attempts FROM outcomes"
        " WHERE sent_at IS NULL AND next_try <= ? ORDER BY id LIMIT ?",
        (_utc(now), limit),
    )
    return [
        Outcome(
            row["id"],
            row["external_id"],
            row["state"],
            datetime.fromisoformat(row["at"]),
            row["attempts"],
        )  # fmt: skip
        for row in rows
    ]


def sent(conn: sqlite3.Connection, outcome_id: int, now: datetime) -> None:
    conn.execute(
        "UPDATE outcomes SET sent_at = ?, attempts = attempts + 1 WHERE id = ?",
        (_utc(now), outcome_id),
    )


def failed(conn: sqlite3.Connection, outcome_id: int, retry_at: datetime, error: str) -> None:
    conn.execute(
        "UPDATE outcomes SET attempts = attempts + 1, next_try = ?, last_error = ? WHERE id = ?",
        (_utc(retry_at), error[:500], outcome_id),
    )


def count_pending(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM outcomes WHERE sent_at IS NULL").fetchone()[0])


def sync_state(conn: sqlite3.Connection) -> dict[str, object]:
    row = conn.execute("SELECT cursor, last_success, last_error FROM sync_state").fetchone()
    cursor, success, error = (
        (row["cursor"], row["last_success"], row["last_error"]) if row else (None, None, None)
    )  # noqa: E501
    return {
        "cursor": cursor,
        "last_success": success,
        "last_error": error,
        "pending_outcomes": count_pending(conn),
    }


def save_sync_state(
    conn: sqlite3.Connection, cursor: str | None, success_at: datetime | None, error: str | None
) -> None:
    """Record one sync run: the cursor reached, when it succeeded (None: keep the last success),
    and its error (None: it had none)."""
    conn.execute(
        "INSERT INTO sync_state (id, cursor, last_success, last_error) VALUES (1, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET cursor = COALESCE(excluded.cursor, cursor),"
        " last_success = COALESCE(excluded.last_success, last_success),"
        " last_error = excluded.last_error",
        (cursor, _utc(success_at) if success_at else None, error),
    )
