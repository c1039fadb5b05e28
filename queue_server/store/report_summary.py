"""Report summaries: each hall's business day summed once into `report_cells` (per service,
window and clerk together) and `report_groups` (per hall, service, window or clerk alone, with
their wait histograms), so a report over a year sums a few
hundred thousand rows instead of millions of tickets.

A closed day (before the hall's today, nothing left waiting, called or being served) is built
once and rebuilt only when something of it arrives later (a ticket handed over, an evaluation):
`report_builds` remembers the highest ticket and evaluation ids each summary has seen. Today's
summary is rebuilt for every report that covers it. Connection-level; writes in the caller's
transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from queue_server.engine.district import District, Hall
from queue_server.engine.hours import periods_on
from queue_server.engine.report_days import (
    DayFacts,
    DayInput,
    TicketFact,
    day_facts,
    group_counts,
    paused_spans,
)
from queue_server.engine.reports import BINS, COUNT_FIELDS
from queue_server.store.timeutil import stored, zone

HallDay = tuple[str, str]  # (hall id, YYYY-MM-DD)
_BIN_COLUMNS = tuple(f"b{index}" for index in range(BINS))
_ACTIVE = "('waiting', 'called', 'serving')"


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _facts_of(row: sqlite3.Row) -> TicketFact:
    arrived = datetime.fromisoformat(row["arrived_at"])
    return TicketFact(
        row["id"], row["service"], row["status"], row["outcome"], row["window"], row["clerk"],
        datetime.fromisoformat(row["issued_at"]), arrived, _time(row["called_at"]),
        _time(row["started_at"]), _time(row["finished_at"]), _time(row["slot_start"]),
        row["transferred_from"],
    )  # fmt: skip


def day_input(conn: sqlite3.Connection, hall: Hall, day: str) -> DayInput:
    """The day's tickets, evaluations and window pauses as the engine reads them."""
    rows = conn.execute(
        "SELECT id, service, status, outcome, window, clerk, issued_at, arrived_at, called_at,"
        " started_at, finished_at, slot_start, transferred_from FROM tickets"
        " WHERE hall = ? AND business_day = ?",
        (hall.id, day),
    ).fetchall()
    evaluations = conn.execute(
        "SELECT e.ticket_id, e.level FROM tickets t JOIN evaluations e ON e.ticket_id = t.id"
        " WHERE t.hall = ? AND t.business_day = ?",
        (hall.id, day),
    ).fetchall()
    start = datetime.combine(date.fromisoformat(day), datetime.min.time(), zone(hall.timezone))
    end = start + timedelta(days=1)
    changes = conn.execute(
        "SELECT at, window, type FROM events WHERE hall = ? AND at >= ? AND at < ?"
        " AND type IN ('window.paused', 'window.resumed') ORDER BY seq",
        (hall.id, stored(start, hall.timezone), stored(end, hall.timezone)),
    ).fetchall()
    pauses = paused_spans(
        ((datetime.fromisoformat(at), window, kind == "window.paused")
         for at, window, kind in changes if window is not None),
        end,
    )  # fmt: skip
    return DayInput(
        tickets=[_facts_of(row) for row in rows],
        target_seconds=hall.target_wait_minutes * 60.0,
        closes_at=_closing_time(hall, date.fromisoformat(day)) or end,
        evaluations=[(row[0], row[1]) for row in evaluations],
        pauses=pauses,
    )


def _closing_time(hall: Hall, day: date) -> datetime | None:
    """The end of the hall's last opening period that day; None on a day without hours."""
    periods = periods_on(hall, day)
    if not periods:
        return None
    return datetime.combine(day, periods[-1][1], zone(hall.timezone))


def build(conn: sqlite3.Connection, hall: Hall, day: str, *, now: datetime) -> None:
    """(Re)build the summary of the hall's day."""
    seen = _max_ids(conn)
    facts = day_facts(day_input(conn, hall, day))
    conn.execute("DELETE FROM report_cells WHERE day = ? AND hall = ?", (day, hall.id))
    conn.execute("DELETE FROM report_groups WHERE day = ? AND hall = ?", (day, hall.id))
    conn.execute("DELETE FROM report_months WHERE month = ? AND hall = ?", (day[:7], hall.id))
    _insert(conn, hall.id, day, facts)
    _note_bad_reviews(conn, hall.id, day)
    final = day < hall.business_day(now) and not _has_active(conn, hall.id, day)
    conn.execute(
        "INSERT OR REPLACE INTO report_builds (hall, day, built_at, tickets_seen,"
        " evaluations_seen, final) VALUES (?, ?, ?, ?, ?, ?)",
        (hall.id, day, stored(now, hall.timezone), *seen, int(final)),
    )


def _insert(conn: sqlite3.Connection, hall: str, day: str, facts: DayFacts) -> None:
    names = ", ".join(COUNT_FIELDS)
    marks = ", ".join("?" for _ in COUNT_FIELDS)
    conn.executemany(
        f"INSERT INTO report_cells (day, hall, service, window, clerk, {names})"
        f" VALUES (?, ?, ?, ?, ?, {marks})",
        [
            (day, hall, *cell, *(getattr(counts, name) for name in COUNT_FIELDS))
            for cell, counts in facts.cells.items()
        ],
    )
    bins = ", ".join(_BIN_COLUMNS)
    empty = [0] * BINS
    conn.executemany(
        f"INSERT INTO report_groups (kind, day, hall, key, {names}, {bins})"
        f" VALUES (?, ?, ?, ?, {marks}, {', '.join('?' for _ in _BIN_COLUMNS)})",
        [
            (kind, day, hall, key, *(getattr(counts, name) for name in COUNT_FIELDS),
             *facts.histograms.get((kind, key), empty))
            for (kind, key), counts in group_counts(facts.cells).items()
        ],
    )  # fmt: skip


def _note_bad_reviews(conn: sqlite3.Connection, hall: str, day: str) -> None:
    """Where each bad review of the day's tickets was, so reports read the rectification items
    without visiting the tickets."""
    conn.execute("DELETE FROM report_bad_reviews WHERE day = ? AND hall = ?", (day, hall))
    conn.execute(
        "INSERT INTO report_bad_reviews (evaluation_id, day, hall, service, window, clerk)"
        " SELECT e.id, t.business_day, t.hall, t.service, COALESCE(t.window, 0),"
        " COALESCE(t.clerk, '') FROM tickets t JOIN evaluations e ON e.ticket_id = t.id"
        " WHERE t.hall = ? AND t.business_day = ? AND e.level <= 2",
        (hall, day),
    )


def ensure_months(conn: sqlite3.Connection, halls: Iterable[str], months: Iterable[str]) -> None:
    """Sum the months' day groups into `report_months` where not yet summed (a day rebuilt
    drops its month's sums). Only months whose days are all final are asked for."""
    for hall in halls:
        for month in months:
            done = conn.execute(
                "SELECT 1 FROM report_months WHERE kind = 'hall' AND month = ? AND hall = ?",
                (month, hall),
            ).fetchone()
            if done is None:
                _sum_month(conn, hall, month)


def _sum_month(conn: sqlite3.Connection, hall: str, month: str) -> None:
    columns = ", ".join((*COUNT_FIELDS, *_BIN_COLUMNS))
    sums = ", ".join(f"SUM({name})" for name in (*COUNT_FIELDS, *_BIN_COLUMNS))
    conn.execute(
        f"INSERT INTO report_months (kind, month, hall, key, {columns})"
        f" SELECT kind, ?, hall, key, {sums} FROM report_groups"
        " WHERE kind IN ('hall', 'service', 'window', 'clerk') AND day BETWEEN ? AND ?"
        " AND hall = ? GROUP BY kind, key",
        (month, f"{month}-01", f"{month}-31", hall),
    )
    conn.execute(  # a month without tickets still counts as summed
        "INSERT OR IGNORE INTO report_months (kind, month, hall, key) VALUES ('hall', ?, ?, '')",
        (month, hall),
    )


def _has_active(conn: sqlite3.Connection, hall: str, day: str) -> bool:
    found = conn.execute(
        f"SELECT 1 FROM tickets WHERE hall = ? AND business_day = ? AND status IN {_ACTIVE}"
        " LIMIT 1",
        (hall, day),
    ).fetchone()
    return found is not None


def _max_ids(conn: sqlite3.Connection) -> tuple[int, int]:
    tickets = conn.execute("SELECT MAX(id) FROM tickets").fetchone()[0] or 0
    evaluations = conn.execute("SELECT MAX(id) FROM evaluations").fetchone()[0] or 0
    return int(tickets), int(evaluations)


def days_between(first: date, last: date) -> list[str]:
    return [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]


def ensure(
    conn: sqlite3.Connection,
    district: District,
    halls: Iterable[str],
    first: date,
    last: date,
    *,
    now: datetime,
) -> int:
    """Bring the summaries of `halls` from `first` to `last` up to date; how many were built."""
    wanted: set[HallDay] = set()
    todays: set[HallDay] = set()  # never final, whatever an earlier build said
    for hall in halls:
        today = date.fromisoformat(district.halls[hall].business_day(now))
        wanted.update((hall, day) for day in days_between(first, min(last, today)))
        todays.add((hall, today.isoformat()))
    stale = (wanted - _clean(conn, wanted, first, last)) | (wanted & todays)
    for hall, day in sorted(stale):
        build(conn, district.halls[hall], day, now=now)
    return len(stale)


def full_months(
    conn: sqlite3.Connection, halls: Sequence[str], first: date, last: date
) -> tuple[str, ...]:
    """The months wholly inside first..last whose days are all final for every hall (then
    summed into `report_months`): read as months, not day by day. Contiguous, in order."""
    months: list[str] = []
    start = first if first.day == 1 else (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    while True:
        following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        if following - timedelta(days=1) > last:
            break
        final = conn.execute(
            f"SELECT COUNT(*) FROM report_builds WHERE final = 1 AND day BETWEEN ? AND ?"
            f" AND hall IN ({', '.join('?' for _ in halls)})",
            (start.isoformat(), (following - timedelta(days=1)).isoformat(), *halls),
        ).fetchone()[0]
        if final < (following - start).days * len(halls):
            break  # a later month cannot be full either: contiguous months only
        months.append(start.isoformat()[:7])
        start = following
    ensure_months(conn, halls, months)
    return tuple(months)


def _clean(conn: sqlite3.Connection, wanted: set[HallDay], first: date, last: date) -> set[HallDay]:
    """The wanted summaries that are final and have seen everything of their day since."""
    span = (first.isoformat(), last.isoformat())
    built = {
        (row[0], row[1]): (row[2], row[3])
        for row in conn.execute(
            "SELECT hall, day, tickets_seen, evaluations_seen FROM report_builds"
            " WHERE final = 1 AND day BETWEEN ? AND ?",
            span,
        )
        if (row[0], row[1]) in wanted
    }
    if not built:
        return set()
    tickets_seen = min(seen[0] for seen in built.values())
    evaluations_seen = min(seen[1] for seen in built.values())
    late_tickets, late_evaluations = _late_days(conn, tickets_seen, evaluations_seen, span)
    return {
        key
        for key, (tickets, evaluations) in built.items()
        if late_tickets.get(key, 0) <= tickets and late_evaluations.get(key, 0) <= evaluations
    }


def _late_days(
    conn: sqlite3.Connection, tickets_seen: int, evaluations_seen: int, span: tuple[str, str]
) -> tuple[dict[HallDay, int], dict[HallDay, int]]:
    """The newest ticket and evaluation id of each day of the span that has any newer than the
    oldest watermark: only rows added since are read (by id: NOT INDEXED and `+` keep SQLite off the
    day indexes, which would read every ticket of the span)."""
    tickets = conn.execute(
        "SELECT hall, business_day, MAX(id) FROM tickets NOT INDEXED WHERE id > ?"
        " AND +business_day BETWEEN ? AND ? GROUP BY hall, business_day",
        (tickets_seen, *span),
    )
    evaluations = conn.execute(
        "SELECT t.hall, t.business_day, MAX(e.id) FROM evaluations e"
        " CROSS JOIN tickets t ON t.id = e.ticket_id WHERE e.id > ?"
        " AND +t.business_day BETWEEN ? AND ? GROUP BY t.hall, t.business_day",
        (evaluations_seen, *span),
    )
    return (
        {(row[0], row[1]): row[2] for row in tickets},
        {(row[0], row[1]): row[2] for row in evaluations},
    )
