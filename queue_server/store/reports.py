"""Reports read from the summaries (`report_summary`): sums of a scope and period grouped by
day, hall, service, window or clerk, with their wait histograms and the rectification items of
their bad reviews as they stand now. Connection-level."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

from queue_server.engine.report_scope import Period, Scope
from queue_server.engine.reports import BINS, COUNT_FIELDS, Counts, Figures, Rectified
from queue_server.store.evaluations import CLOSED
from queue_server.store.timeutil import stored

Where = tuple[str, list[object]]
# How each grouping names its rows: in the cells (c), the wait histograms (w), the tickets (t).
_CELL_GROUP = {"day": "day", "hall": "hall", "service": "service",
               "window": "hall || ':' || window", "clerk": "clerk"}  # fmt: skip
_CELL_PRESENT = {"service": "service != ''", "window": "window != 0", "clerk": "clerk != ''"}
_TICKET_GROUP = {"day": "t.business_day", "hall": "t.hall", "service": "t.service",
                 "window": "t.hall || ':' || t.window", "clerk": "t.clerk"}  # fmt: skip
_SUMS = ", ".join(f"SUM({name})" for name in COUNT_FIELDS)
_BIN_SUMS = ", ".join(f"SUM(b{index})" for index in range(BINS))


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


def cell_filter(scope: Scope, halls: Sequence[str], period: Period, prefix: str = "") -> Where:
    """The scope and period as a WHERE clause on the cells (or, with prefix "t.", tickets)."""
    day = "business_day" if prefix else "day"
    sql = f"{prefix}{day} BETWEEN ? AND ? AND {prefix}hall IN ({_marks(halls)})"
    args: list[object] = [period.first.isoformat(), period.last.isoformat(), *halls]
    for column in ("service", "window", "clerk"):
        value = getattr(scope, column)
        if value is not None:
            sql += f" AND {prefix}{column} = ?"
            args.append(value)
    return sql, args


def sum_cells(conn: sqlite3.Connection, where: Where, group: str | None) -> dict[str, Counts]:
    """The cells' sums, per group (or one row under "" for None)."""
    sql, args = where
    if group is None:
        rows = conn.execute(f"SELECT '', {_SUMS} FROM report_cells WHERE {sql}", args)
    else:
        present = _CELL_PRESENT.get(group)
        extra = f" AND {present}" if present else ""
        rows = conn.execute(
            f"SELECT {_CELL_GROUP[group]} AS g, {_SUMS} FROM report_cells WHERE {sql}{extra}"
            " GROUP BY g",
            args,
        )
    return {
        str(row[0]): Counts(*(value or 0 for value in row[1:]))
        for row in rows
        if row[1] is not None
    }


def wait_source(scope: Scope, group: str | None) -> str | None:
    """Which histograms answer a grouping of the scope; None where none are kept (a window's
    clerks, a clerk's windows, a service's windows: their means are, the p90 is not)."""
    if group in (None, "day"):
        return "hall" if scope.kind == "district" else scope.kind
    if scope.kind in ("district", "hall"):
        return group
    if group == "hall":
        return scope.kind
    return None


def sum_waits(
    conn: sqlite3.Connection, scope: Scope, halls: Sequence[str], period: Period,
    group: str | None,
) -> dict[str, list[int]]:  # fmt: skip
    """The wait histograms of the scope, per group."""
    kind = wait_source(scope, group)
    if kind is None:
        return {}
    sql = f"kind = ? AND day BETWEEN ? AND ? AND hall IN ({_marks(halls)})"
    args: list[object] = [kind, period.first.isoformat(), period.last.isoformat(), *halls]
    key = {"service": scope.service, "window": scope.window, "clerk": scope.clerk}.get(kind)
    if key is not None:
        sql, args = sql + " AND key = ?", [*args, str(key)]
    column = {None: "''", "day": "day", "hall": "hall", "window": "hall || ':' || key"}.get(
        group, "key"
    )
    rows = conn.execute(
        f"SELECT {column} AS g, {_BIN_SUMS} FROM report_waits WHERE {sql} GROUP BY g", args
    )
    return {str(row[0]): [int(v or 0) for v in row[1:]] for row in rows}


def rectified(
    conn: sqlite3.Connection, scope: Scope, halls: Sequence[str], period: Period,
    group: str | None, now: datetime, timezone: str,
) -> dict[str, Rectified]:  # fmt: skip
    """The period's bad reviews' rectification items as they stand `now`, per group."""
    sql, args = cell_filter(scope, halls, period, prefix="t.")
    column = _TICKET_GROUP[group] if group else "''"
    rows = conn.execute(
        f"SELECT {column} AS g, SUM(r.state = ?), SUM(r.visited_at IS NOT NULL),"
        " SUM(r.state != ? AND r.deadline < ?) FROM rectifications r"
        " JOIN evaluations e ON e.id = r.evaluation_id JOIN tickets t ON t.id = e.ticket_id"
        f" WHERE {sql} GROUP BY g",
        [CLOSED, CLOSED, stored(now, timezone), *args],
    )
    return {
        str(row[0]): Rectified(int(row[1]), int(row[2]), int(row[3]))
        for row in rows
        if row[0] is not None
    }


def figures(
    conn: sqlite3.Connection, scope: Scope, halls: Sequence[str], period: Period,
    group: str | None, now: datetime, timezone: str,
) -> dict[str, Figures]:  # fmt: skip
    """Counts, histograms and rectifications of the scope, per group."""
    counts = sum_cells(conn, cell_filter(scope, halls, period), group)
    waits = sum_waits(conn, scope, halls, period, group)
    items = rectified(conn, scope, halls, period, group, now, timezone)
    result: dict[str, Figures] = {}
    for key in sorted({*counts, *waits, *items}):
        histogram = waits.get(key, [0] * BINS) if wait_source(scope, group) else []
        result[key] = Figures(counts.get(key, Counts()), histogram, items.get(key, Rectified()))
    return result
