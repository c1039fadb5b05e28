"""Window actions on tickets: call next (one atomic claim), call, recall, start, finish, no-show,
transfer. Every function runs inside the caller's write transaction and returns its events."""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from queue_server.engine import dispatch, errors
from queue_server.engine.district import District, Hall
from queue_server.engine.states import Source, check_no_show_undo, check_transition
from queue_server.store import appointments, eventlog, queries
from queue_server.store.balancing import BalanceBoard, hall_overload
from queue_server.store.tickets import record
from queue_server.store.timeutil import stored


@dataclass(frozen=True)
class Desk:
    """Where an action happens: the hall, the window and who acts."""

    district: District
    hall: Hall
    window: int
    actor: str
    now: datetime
    day: str
    services: tuple[str, ...] = field(init=False)  # the window's, in preference order

    def __post_init__(self) -> None:
        config = self.hall.window(self.window)
        object.__setattr__(self, "services", config.services if config else ())


Result = tuple[sqlite3.Row | None, list[eventlog.Event]]


class WindowBusy(errors.Conflict):
    default_code = "window_busy"

    def __init__(self, window: int, number: str, status: str) -> None:
        super().__init__(
            f"{window}号窗口的 {number} 号尚未办结，请先办结或过号。",
            f"Window {window} still has ticket {number} ({status}); "
            "finish it or mark a no-show first.",
            extra={"current_number": number},
        )


class WindowPaused(errors.Conflict):
    """The window is paused or closed: it calls nobody until `resume`."""

    default_code = "window_paused"

    def __init__(self, window: int, state: str = "paused") -> None:
        zh_state = "已暂停服务" if state == "paused" else "未开放"
        super().__init__(
            f"{window}号窗口{zh_state}，请先恢复服务。",
            f"Window {window} is {state}; resume it first.",
            extra={"state": state},
        )


def window_row(conn: sqlite3.Connection, desk: Desk) -> sqlite3.Row:
    row = queries.window_row(conn, desk.hall.id, desk.window)
    if row is None or desk.hall.window(desk.window) is None:
        raise errors.UnknownWindow(desk.hall.id, desk.window)
    return row


def current_ticket(conn: sqlite3.Connection, desk: Desk) -> sqlite3.Row | None:
    return _active_ticket(conn, window_row(conn, desk))


def _active_ticket(conn: sqlite3.Connection, window: sqlite3.Row) -> sqlite3.Row | None:
    if window["ticket_id"] is None:
        return None
    ticket = queries.ticket_by_id(conn, window["ticket_id"])
    if ticket is None or ticket["status"] not in queries.ACTIVE:
        return None
    return ticket


def _require_free(conn: sqlite3.Connection, desk: Desk) -> None:
    row = window_row(conn, desk)
    if row["state"] != "open":
        raise WindowPaused(desk.window, row["state"])
    busy = _active_ticket(conn, row)
    if busy is not None:
        raise WindowBusy(desk.window, busy["number"], busy["status"])


def _candidates(conn: sqlite3.Connection, desk: Desk) -> list[dispatch.Candidate]:
    """Per (service, priority) only the earliest arrival can win, so fetch just those."""
    rows = conn.execute(
        "SELECT * FROM (SELECT id, service, priority, arrived_at, number, for_window, slot_start,"
        " ROW_NUMBER() OVER (PARTITION BY service, priority, for_window"
        " ORDER BY COALESCE(slot_start, arrived_at), arrived_at, id) AS place FROM tickets"
        " WHERE hall = ? AND business_day = ? AND status = 'waiting'"
        " AND (for_window IS NULL OR for_window = ?)) WHERE place = 1",
        (desk.hall.id, desk.day, desk.window),
    )
    services = set(desk.services)
    return [
        queries.candidate(row)
        for row in rows
        if row["service"] in services or row["for_window"] == desk.window
    ]


def _recent_priorities(conn: sqlite3.Connection, desk: Desk) -> list[str]:
    rows = conn.execute(
        "SELECT priority FROM tickets WHERE hall = ? AND business_day = ? AND window = ?"
        " AND called_at IS NOT NULL ORDER BY called_at DESC LIMIT 10",
        (desk.hall.id, desk.day, desk.window),
    ).fetchall()
    return [row[0] for row in reversed(rows)]


def nothing_to_call(conn: sqlite3.Connection, desk: Desk) -> bool:
    """True if the window is open and free and no eligible ticket waits (a read, no lock).

    Lets "call next" answer 204 without queueing for the write lock; anything else goes the
    locked way, which checks again and raises the precise refusal.
    """
    window = queries.window_row(conn, desk.hall.id, desk.window)
    if window is None or window["state"] != "open" or window["ticket_id"] is not None:
        return False
    marks = ", ".join("?" for _ in desk.services)
    found = conn.execute(
        "SELECT 1 FROM tickets WHERE hall = ? AND business_day = ? AND status = 'waiting'"
        f" AND ((service IN ({marks}) AND for_window IS NULL) OR for_window = ?) LIMIT 1",
        (desk.hall.id, desk.day, *desk.services, desk.window),
    ).fetchone()
    return found is None


def call_next(conn: sqlite3.Connection, desk: Desk, board: BalanceBoard | None = None) -> Result:
    """Claim the next waiting ticket for the window, or (None, []) when nobody waits.

    With the store's `board`, the hall's overloaded services go first (跨窗通办)."""
    _require_free(conn, desk)
    candidates = _candidates(conn, desk)
    extra = tuple(c.service for c in candidates if c.service not in desk.services)
    overloaded = frozenset[str]()
    if board is not None:
        overloaded = hall_overload(conn, desk.district, desk.hall, desk.day, desk.now, board)
    chosen = dispatch.choose_next(
        desk.services + extra,
        candidates,
        desk.now,
        queries.policy_for(desk.district, desk.hall),
        _recent_priorities(conn, desk),
        overloaded,
    )
    if chosen is None:
        return None, []
    return _claim(conn, desk, chosen.ticket_id, reason=None)


def call_number(conn: sqlite3.Connection, desk: Desk, number: str, reason: str) -> Result:
    """Call a specific waiting ticket out of order; the reason goes to the event log."""
    _require_free(conn, desk)
    row = conn.execute(
        "SELECT id, status FROM tickets WHERE hall = ? AND business_day = ? AND number = ?"
        " ORDER BY id DESC LIMIT 1",
        (desk.hall.id, desk.day, number),
    ).fetchone()
    if row is None:
        raise errors.UnknownTicket(number)
    check_transition(row["status"], "called", number)
    return _claim(conn, desk, row["id"], reason=reason)


def _claim(conn: sqlite3.Connection, desk: Desk, ticket_id: int, reason: str | None) -> Result:
    """waiting → called only if still waiting: the one place a ticket is handed to a window."""
    at = stored(desk.now, desk.hall.timezone)
    claimed = conn.execute(
        "UPDATE tickets SET status = 'called', called_at = ?, window = ?, clerk = ?"
        " WHERE id = ? AND status = 'waiting'",
        (at, desk.window, desk.actor, ticket_id),
    ).rowcount
    if claimed != 1:  # another window was faster: say what the ticket is now
        taken = queries.ticket_by_id(conn, ticket_id)
        status = taken["status"] if taken is not None else "cancelled"
        raise errors.IllegalTransition(status, "called", taken["number"] if taken else None)
    conn.execute(
        "UPDATE windows SET ticket_id = ?, clerk = ?, updated_at = ? WHERE hall = ? AND number = ?",
        (ticket_id, desk.actor, at, desk.hall.id, desk.window),
    )
    return _logged(conn, desk, ticket_id, "ticket.called", {"status": "waiting"}, reason)


def _logged(
    conn: sqlite3.Connection,
    desk: Desk,
    ticket_id: int,
    type: str,
    before: dict[str, Any],
    reason: str | None,
) -> Result:
    row = queries.ticket_by_id(conn, ticket_id)
    assert row is not None
    event = record(
        conn, desk.district, type, row, actor=desk.actor, now=desk.now, before=before, reason=reason
    )
    return row, [event]


def _current_or_refuse(conn: sqlite3.Connection, desk: Desk, target: str) -> sqlite3.Row:
    ticket = current_ticket(conn, desk)
    if ticket is None:
        raise errors.IllegalTransition("none", target)
    check_transition(ticket["status"], target, ticket["number"])
    return ticket


def _move(
    conn: sqlite3.Connection,
    desk: Desk,
    ticket: sqlite3.Row,
    target: str,
    type: str,
    sets: str = "",
    args: tuple[Any, ...] = (),
    reason: str | None = None,
) -> Result:
    """Change the state of the window's ticket, guarded by its current state."""
    changed = conn.execute(
        f"UPDATE tickets SET status = ?{sets} WHERE id = ? AND status = ?",
        (target, *args, ticket["id"], ticket["status"]),
    ).rowcount
    if changed != 1:
        raise errors.IllegalTransition(ticket["status"], target, ticket["number"])
    return _logged(conn, desk, ticket["id"], type, {"status": ticket["status"]}, reason)


def recall(conn: sqlite3.Connection, desk: Desk) -> Result:
    ticket = _current_or_refuse(conn, desk, "called")
    if ticket["status"] != "called":
        raise errors.IllegalTransition(ticket["status"], "called", ticket["number"])
    return _move(
        conn, desk, ticket, "called", "ticket.recalled", ", recall_count = recall_count + 1"
    )


def start(conn: sqlite3.Connection, desk: Desk) -> Result:
    ticket = _current_or_refuse(conn, desk, "serving")
    at = stored(desk.now, desk.hall.timezone)
    return _move(conn, desk, ticket, "serving", "ticket.started", ", started_at = ?", (at,))


def finish(conn: sqlite3.Connection, desk: Desk, outcome: str) -> Result:
    ticket = _current_or_refuse(conn, desk, "done")
    at = stored(desk.now, desk.hall.timezone)
    result = _move(
        conn,
        desk,
        ticket,
        "done",
        "ticket.finished",
        ", finished_at = ?, outcome = ?",
        (at, outcome),
    )
    _release(conn, desk, ticket["id"])
    appointments.ticket_served(conn, ticket["id"], desk.hall, desk.now)
    return result


def no_show(conn: sqlite3.Connection, desk: Desk, reason: str | None) -> Result:
    ticket = _current_or_refuse(conn, desk, "no_show")
    at = stored(desk.now, desk.hall.timezone)
    result = _move(
        conn,
        desk,
        ticket,
        "no_show",
        "ticket.no_show",
        ", finished_at = ?, outcome = 'no_show'",
        (at,),
        reason=reason,
    )
    _release(conn, desk, ticket["id"])
    return result


def undo_no_show(conn: sqlite3.Connection, desk: Desk) -> Result:
    """The window's last no-show is called at the window again (within the undo time)."""
    _require_free(conn, desk)
    last = window_row(conn, desk)["last_ticket_id"]
    ticket = queries.ticket_by_id(conn, last) if last is not None else None
    if ticket is None or ticket["window"] != desk.window or ticket["business_day"] != desk.day:
        raise errors.IllegalTransition("none", "called")
    marked = ticket["finished_at"]
    check_no_show_undo(
        ticket["status"],
        ticket["outcome"],
        datetime.fromisoformat(marked) if marked else None,
        desk.now,
        ticket["number"],
    )
    result = _move(
        conn, desk, ticket, "called", "ticket.no_show_undone",
        ", finished_at = NULL, outcome = NULL",
    )  # fmt: skip
    conn.execute(
        "UPDATE windows SET ticket_id = ?, updated_at = ? WHERE hall = ? AND number = ?",
        (ticket["id"], stored(desk.now, desk.hall.timezone), desk.hall.id, desk.window),
    )
    return result


def _release(conn: sqlite3.Connection, desk: Desk, ticket_id: int) -> None:
    conn.execute(
        "UPDATE windows SET ticket_id = NULL, last_ticket_id = ?, updated_at = ?"
        " WHERE hall = ? AND number = ?",
        (ticket_id, stored(desk.now, desk.hall.timezone), desk.hall.id, desk.window),
    )


def transfer(
    conn: sqlite3.Connection,
    desk: Desk,
    to_service: str | None,
    to_window: int | None,
    reason: str | None,
) -> Result:
    """The window's ticket becomes `transferred`; a new waiting ticket keeps number and arrival."""
    ticket = _current_or_refuse(conn, desk, "transferred")
    service = to_service or ticket["service"]
    if service not in desk.hall.services or service not in desk.district.services:
        raise errors.UnknownService(service, desk.hall.id)
    if to_window is not None and desk.hall.window(to_window) is None:
        raise errors.UnknownWindow(desk.hall.id, to_window)
    at = stored(desk.now, desk.hall.timezone)
    _, events = _move(
        conn,
        desk,
        ticket,
        "transferred",
        "ticket.transferred",
        ", finished_at = ?, outcome = 'transferred', transfer_reason = ?",
        (at, reason),
        reason=reason,
    )
    _release(conn, desk, ticket["id"])
    cursor = conn.execute(
        "INSERT INTO tickets (hall, service, number, business_day, token, status, priority, rank,"
        " source, issued_at, arrived_at, recall_count, holder, id_masked, id_hash, kiosk_id,"
        " transferred_from, for_window, id_expired, slot_start, slot_end, phone_sealed,"
        " phone_masked) SELECT hall, ?, number,"
        " business_day, ?, 'waiting', priority, rank, ?, ?, arrived_at, 0, holder, id_masked,"
        " id_hash, kiosk_id, id, ?, id_expired, slot_start, slot_end, phone_sealed, phone_masked"
        " FROM tickets WHERE id = ?",
        (service, secrets.token_urlsafe(12), Source.TRANSFER, at, to_window, ticket["id"]),
    )
    new_id = int(cursor.lastrowid or 0)
    row, more = _logged(conn, desk, new_id, "ticket.issued", {"from_ticket": ticket["id"]}, reason)
    return row, events + more
