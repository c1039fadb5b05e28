"""Rows and counts the store's modules share: tickets and windows by key, waiting counts, open
windows, recent service times. No JSON shaping here (that is `store.views`)."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta

from queue_server.engine import dispatch, hours
from queue_server.engine import eta as eta_engine
from queue_server.engine.district import District, Hall
from queue_server.engine.states import Priority, TicketStatus
from queue_server.store.db import memo_of
from queue_server.store.timeutil import stored

PRIORITY_RANK = {Priority.APPOINTMENT: 0, Priority.GREEN: 1, Priority.NORMAL: 2}
ACTIVE = (TicketStatus.CALLED, TicketStatus.SERVING)  # a window's ticket until it is released


def waiting_counts(conn: sqlite3.Connection, hall: str, day: str) -> dict[str, int]:
    rows = conn.execute(
        "SELECT service, COUNT(*) FROM tickets WHERE hall = ? AND business_day = ?"
        " AND status = 'waiting' GROUP BY service",
        (hall, day),
    )
    return {service: int(count) for service, count in rows}


def policy_for(district: District, hall: Hall) -> dispatch.DispatchPolicy:
    """The district's dispatch policy; a hall without a green channel treats green as normal."""
    policy = district.dispatch
    if policy.green_enabled and not hall.green_channel:
        policy = replace(policy, green_enabled=False)
    return policy


def candidate(row: sqlite3.Row) -> dispatch.Candidate:
    return dispatch.Candidate(
        ticket_id=row["id"],
        service=row["service"],
        priority=Priority(row["priority"]),
        arrived_at=datetime.fromisoformat(row["arrived_at"]),
        number=row["number"],
        slot_start=datetime.fromisoformat(row["slot_start"]) if row["slot_start"] else None,
    )


def open_window_services(
    conn: sqlite3.Connection, hall: Hall, service: str | None = None
) -> list[tuple[str, ...]]:
    """The services of each open window of the hall (only windows serving `service`, if given).

    Every configured window has a row (`windows.seed`), so reading the few that are not open
    is enough.
    """
    rows = conn.execute("SELECT number FROM windows WHERE hall = ? AND state != 'open'", (hall.id,))
    shut = {number for (number,) in rows}
    windows = hall.windows if service is None else hall.windows_serving(service)
    return [w.services for w in windows if w.number not in shut]


def open_windows(conn: sqlite3.Connection, hall: Hall, service: str) -> int:
    """Open windows of the hall that serve the service."""
    return len(open_window_services(conn, hall, service))


RECENT_DURATIONS = 20  # service times kept per service (`ServiceTimes.from_durations`)
ARRIVAL_MINUTES = 60  # expected arrivals: the rate of the hall's last hour
MIN_RATE_MINUTES = 10  # a rate needs this much of the day behind it
MEMO_LIMIT = 10_000  # remembered figures per connection: a district's services, many days over


def service_times(
    conn: sqlite3.Connection, district: District, hall: Hall, service: str, day: str
) -> eta_engine.ServiceTimes:
    return recent_service_times(conn, district, hall, [service], day)[service]


def recent_service_times(
    conn: sqlite3.Connection, district: District, hall: Hall, services: Iterable[str], day: str
) -> dict[str, eta_engine.ServiceTimes]:
    """Each service's recent service times at the hall today.

    A done ticket's times never change, so a service's figures are remembered (the
    connection's memo) with its count of done tickets, and read again only when that count has
    moved: one count per call, and one index seek per service that has finished a ticket since.
    """
    codes = set(services)
    memo = memo_of(conn)
    if len(memo) > MEMO_LIMIT:
        memo.clear()
    done = dict(
        conn.execute(
            "SELECT service, COUNT(*) FROM tickets WHERE hall = ? AND business_day = ?"
            " AND status = 'done' GROUP BY service",
            (hall.id, day),
        ).fetchall()
    )
    found: dict[str, eta_engine.ServiceTimes] = {}
    for code in codes:
        kept = memo.get(("service_times", hall.id, day, code))
        if kept is not None and kept[0] == done.get(code, 0):
            found[code] = kept[1]
    stale = sorted(codes - found.keys())
    for code, times in _read_service_times(conn, district, hall, stale, day).items():
        memo[("service_times", hall.id, day, code)] = (done.get(code, 0), times)
        found[code] = times
    return found


def arrival_rates(
    conn: sqlite3.Connection, hall: Hall, day: str, now: datetime
) -> dict[tuple[str, str], float]:
    """Tickets issued per minute at the hall over the last ARRIVAL_MINUTES (or since it opened
    today, if later), by (service, priority); transfers are not arrivals. Worked out at most
    once a minute per hall (the connection's memo): a rate over an hour moves slowly."""
    memo = memo_of(conn)
    key = ("arrival_rates", hall.id, day, int(now.timestamp() // 60))
    if key in memo:
        found: dict[tuple[str, str], float] = memo[key]
        return found
    since = now - timedelta(minutes=ARRIVAL_MINUTES)
    opened = hours.opened_today(hall, now)
    if opened is not None and opened > since:
        since = opened
    minutes = (now - since).total_seconds() / 60
    found = {}
    if minutes >= MIN_RATE_MINUTES:
        rows = conn.execute(  # counted here: a GROUP BY would sort the rows in a temporary tree
            "SELECT service, priority FROM tickets WHERE hall = ? AND business_day = ?"
            " AND arrived_at >= ? AND arrived_at <= ? AND transferred_from IS NULL",
            (hall.id, day, stored(since, hall.timezone), stored(now, hall.timezone)),
        )
        counts = Counter((service, priority) for service, priority in rows)
        found = {stream: count / minutes for stream, count in counts.items()}
    memo[key] = found
    return found


def _read_service_times(
    conn: sqlite3.Connection, district: District, hall: Hall, codes: list[str], day: str
) -> dict[str, eta_engine.ServiceTimes]:
    """The last RECENT_DURATIONS service times of each service, in one statement: one index
    seek per service (`tickets_done_recent`), durations worked out by SQLite."""
    one = (
        "SELECT * FROM (SELECT service, (julianday(finished_at) - julianday(started_at)) * 1440"
        " FROM tickets WHERE hall = ? AND service = ? AND business_day = ? AND status = 'done'"
        f" AND started_at IS NOT NULL ORDER BY finished_at DESC LIMIT {RECENT_DURATIONS})"
    )
    durations: dict[str, list[float]] = {code: [] for code in codes}
    if codes:
        args = [value for code in codes for value in (hall.id, code, day)]
        for code, minutes in conn.execute(" UNION ALL ".join([one] * len(codes)), args):
            durations[code].append(minutes)
    return {
        code: eta_engine.ServiceTimes.from_durations(
            district.services[code].expected_minutes, reversed(found), keep=RECENT_DURATIONS
        )
        for code, found in durations.items()
    }


def ticket_by_id(conn: sqlite3.Connection, ticket_id: int) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM tickets WHERE id = ?", (ticket_id,)
    ).fetchone()
    return row


def ticket_by_token(conn: sqlite3.Connection, token: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM tickets WHERE token = ?", (token,)
    ).fetchone()
    return row


def successor(conn: sqlite3.Connection, ticket_id: int) -> sqlite3.Row | None:
    """The waiting ticket a transfer made of `ticket_id`, if any."""
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM tickets WHERE transferred_from = ?", (ticket_id,)
    ).fetchone()
    return row


def current_ticket(conn: sqlite3.Connection, token: str) -> sqlite3.Row | None:
    """The ticket a public token stands for now: a transferred ticket's successor, if any."""
    row = ticket_by_token(conn, token)
    while row is not None and row["status"] == "transferred":
        following = successor(conn, row["id"])
        if following is None:
            break
        row = following
    return row


def window_row(conn: sqlite3.Connection, hall: str, number: int) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM windows WHERE hall = ? AND number = ?", (hall, number)
    ).fetchone()
    return row
