"""Reports read from the summaries (`report_summary`): sums of a scope and period grouped by
day, hall, service, window or clerk, with their wait histograms and the rectification items of
their bad reviews as they stand now. Connection-level.

Most groupings read `report_groups` (one row per hall-day and hall, service, window or clerk,
with its histogram). Cross groupings (a service's windows or clerks, a window's clerks, a
clerk's windows) read `report_cells` through its indexes and have means but no percentile.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from queue_server.engine.report_scope import Period, Scope
from queue_server.engine.reports import BINS, COUNT_FIELDS, Counts, Figures
from queue_server.store.evaluations import CLOSED
from queue_server.store.timeutil import stored

_SUMS = ", ".join(f"SUM({name})" for name in COUNT_FIELDS)
_BIN_SUMS = ", ".join(f"SUM(b{index})" for index in range(BINS))
_COLUMNS = ", ".join((*COUNT_FIELDS, *(f"b{index}" for index in range(BINS))))
# A grouping's name for each row, in the cells and in the tickets.
_CELL_GROUP = {None: "''", "day": "day", "hall": "hall", "service": "service",
               "window": "hall || ':' || window", "clerk": "clerk"}  # fmt: skip
_CELL_PRESENT = {"service": " AND service != ''", "window": " AND window != 0",
                 "clerk": " AND clerk != ''"}  # fmt: skip
_GROUP_COLUMN = {None: "''", "day": "day", "hall": "hall", "window": "hall || ':' || key"}


@dataclass(frozen=True)
class Query:
    """One report's scope, the halls it sums and its period; `months`: the period's full months
    whose sums `report_months` holds (contiguous, in order), read instead of their days."""

    scope: Scope
    halls: Sequence[str]
    period: Period
    months: tuple[str, ...] = ()

    def base(self, day: str = "day", prefix: str = "") -> tuple[str, list[object]]:
        marks = ", ".join("?" for _ in self.halls)
        sql = f"{prefix}{day} BETWEEN ? AND ? AND {prefix}hall IN ({marks})"
        return sql, [self.period.first.isoformat(), self.period.last.isoformat(), *self.halls]

    def day_ranges(self, months: tuple[str, ...]) -> list[tuple[str, str]]:
        """The period's days outside `months`: before them and after them."""
        first, last = self.period.first.isoformat(), self.period.last.isoformat()
        if not months:
            return [(first, last)]
        ranges = [(first, f"{months[0]}-00"), (f"{months[-1]}-32", last)]
        return [(start, end) for start, end in ranges if start <= end]


def group_kind(scope: Scope, group: str | None) -> str | None:
    """Which kind of `report_groups` rows answers the grouping; None: the cells must."""
    if group in (None, "day"):
        return "hall" if scope.kind == "district" else scope.kind
    if scope.kind in ("district", "hall"):
        return group
    if group == "hall" and scope.kind in ("service", "clerk"):
        return scope.kind
    return None


def _group_sources(query: Query, kind: str, group: str | None) -> tuple[str, list[object]]:
    """The rows to sum: day rows outside the full months, month rows for them (not by day)."""
    key = {"service": query.scope.service, "window": query.scope.window,
           "clerk": query.scope.clerk}.get(kind)  # fmt: skip
    halls = ", ".join("?" for _ in query.halls)
    keyed = " AND key = ?" if key is not None else ""
    tail = [*query.halls, *([str(key)] if key is not None else [])]
    column = _GROUP_COLUMN.get(group, "key")
    parts: list[str] = []
    args: list[object] = []
    months = query.months if group != "day" else ()
    for first, last in query.day_ranges(months):
        parts.append(f"SELECT {column} AS g, {_COLUMNS} FROM report_groups WHERE kind = ?"
                     f" AND day BETWEEN ? AND ? AND hall IN ({halls}){keyed}")  # fmt: skip
        args += [kind, first, last, *tail]
    if months:
        parts.append(f"SELECT {column} AS g, {_COLUMNS} FROM report_months WHERE kind = ?"
                     f" AND month BETWEEN ? AND ? AND hall IN ({halls}){keyed}")  # fmt: skip
        args += [kind, months[0], months[-1], *tail]
    return " UNION ALL ".join(parts), args


def _from_groups(
    conn: sqlite3.Connection, query: Query, kind: str, group: str | None
) -> dict[str, Figures]:
    sources, args = _group_sources(query, kind, group)
    rows = conn.execute(f"SELECT g, {_SUMS}, {_BIN_SUMS} FROM ({sources}) GROUP BY g", args)
    width = len(COUNT_FIELDS)
    return {
        str(row[0]): Figures(Counts(*row[1 : width + 1]), [int(v) for v in row[width + 1 :]])
        for row in rows
    }


def _from_cells(conn: sqlite3.Connection, query: Query, group: str | None) -> dict[str, Figures]:
    sql, args = query.base()
    for column in ("service", "window", "clerk"):
        value = getattr(query.scope, column)
        if value is not None:
            sql, args = sql + f" AND {column} = ?", [*args, value]
    rows = conn.execute(
        f"SELECT {_CELL_GROUP[group]} AS g, {_SUMS} FROM report_cells"
        f" WHERE {sql}{_CELL_PRESENT.get(group or '', '')} GROUP BY g",
        args,
    )
    return {str(row[0]): Figures(Counts(*row[1:]), []) for row in rows}


def rectification_rows(
    conn: sqlite3.Connection, query: Query, now: datetime, timezone: str
) -> dict[str, list[sqlite3.Row]]:
    """The period's bad reviews' items summed per ticket day ("day") and per hall, service,
    window and clerk ("cell"), as they stand `now`: the summaries say where each bad review's
    ticket was (`report_bad_reviews`), so no ticket is read."""
    sql, args = query.base("day", "b.")
    for column in ("service", "window", "clerk"):
        value = getattr(query.scope, column)
        if value is not None:
            sql, args = sql + f" AND b.{column} = ?", [*args, value]
    found = {}
    for name, columns in (("day", "b.day"), ("cell", "b.hall, b.service, b.window, b.clerk")):
        found[name] = conn.execute(
            f"SELECT {columns}, SUM(r.state = ?) AS closed,"
            " SUM(r.visited_at IS NOT NULL) AS visited,"
            " SUM(r.state != ? AND r.deadline < ?) AS overdue"
            " FROM report_bad_reviews b JOIN rectifications r"
            f" ON r.evaluation_id = b.evaluation_id WHERE {sql} GROUP BY {columns}",
            [CLOSED, CLOSED, stored(now, timezone), *args],
        ).fetchall()
    return found


def _row_key(row: sqlite3.Row, group: str | None) -> str | None:
    if group is None:
        return ""
    if group == "window":
        return f"{row['hall']}:{row['window']}" if row["window"] else None
    value = row[group]
    return str(value) if value else None


def figures(
    conn: sqlite3.Connection, query: Query, group: str | None, items: dict[str, list[sqlite3.Row]]
) -> dict[str, Figures]:
    """Counts, histograms (where kept) and rectifications of the scope, per group."""
    kind = group_kind(query.scope, group)
    found = _from_groups(conn, query, kind, group) if kind else _from_cells(conn, query, group)
    for row in items["day" if group == "day" else "cell"]:
        key = _row_key(row, group)
        if key is None:
            continue
        if key not in found:
            found[key] = Figures(histogram=[0] * BINS if kind else [])
        into = found[key].rectified
        into.closed += row["closed"]
        into.visited += row["visited"]
        into.open_overdue += row["overdue"]
    return dict(sorted(found.items()))
