"""The Store: the one writer of queue state. Thread-safe; every method is one transaction."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from queue_server.district import District, Hall
from queue_server.engine import errors
from queue_server.store import calling, eventlog, meta, rollover, schema, tickets, users, views
from queue_server.store import windows as window_rows
from queue_server.store.db import Connections
from queue_server.store.timeutil import Clock, stored, system_clock

log = logging.getLogger(__name__)

Listener = Callable[[list[eventlog.Event]], None]


@dataclass(frozen=True)
class Settings:
    check_hours: bool = True  # False: issue at any time of day (tests, demos)


class Store:
    """Queue state in one SQLite file. `now` is injectable so tests can move time."""

    def __init__(
        self,
        path: Path | str,
        district: District,
        *,
        clock: Clock = system_clock,
        settings: Settings | None = None,
        serialize_writes: bool = True,
    ) -> None:
        self.district = district
        self.clock = clock
        self.settings = settings or Settings()
        self.db = Connections(path, serialize_writes=serialize_writes)
        self._listeners: list[Listener] = []
        self._boundary_lock = threading.Lock()
        conn = self.db.get()
        schema.migrate(conn)
        with self.db.write() as conn:
            self.id_key = meta.ensure_secret(conn, meta.ID_HASH_KEY)
            self.token_key = meta.ensure_secret(conn, meta.TOKEN_KEY)
            window_rows.seed(conn, district, clock())
        self._boundary = rollover.next_boundary(clock(), district)
        self._close_stale(clock())

    @property
    def path(self) -> Path:
        return self.db.path

    def close(self) -> None:
        self.db.close()

    def subscribe(self, listener: Listener) -> None:
        """`listener(events)` is called after each commit that appended events (any thread)."""
        self._listeners.append(listener)

    # --- plumbing ---------------------------------------------------------------------------

    def hall(self, hall_id: str) -> Hall:
        found = self.district.halls.get(hall_id)
        if found is None:
            raise errors.UnknownHall(hall_id)
        return found

    def now(self) -> datetime:
        """The current time; the first call after a local midnight closes the previous day."""
        moment = self.clock()
        # Never wait for another thread's roll-over: it may be waiting for our write lock.
        if moment >= self._boundary and self._boundary_lock.acquire(blocking=False):
            try:
                if moment >= self._boundary:
                    self._close_stale(moment)
                    self._boundary = rollover.next_boundary(moment, self.district)
            finally:
                self._boundary_lock.release()
        return moment

    def seconds_to_roll_over(self) -> float:
        """Seconds until the next local midnight of any hall (when `now()` closes the day)."""
        return max(0.0, (self._boundary - self.clock()).total_seconds())

    def _publish(self, events: list[eventlog.Event]) -> None:
        """Tell listeners about events once they are durable (after the group commit, if any)."""
        if events:
            self.db.after_commit(lambda: self._notify(events))

    def _notify(self, events: list[eventlog.Event]) -> None:
        for listener in self._listeners:
            try:
                listener(events)
            except Exception:  # a broken subscriber must not undo a committed change
                log.exception("event listener %r failed", listener)

    def _close_stale(self, moment: datetime) -> None:
        events: list[eventlog.Event] = []
        with self.db.write() as conn:
            for hall in self.district.halls.values():
                events += rollover.close_hall(
                    conn, self.district, hall, now=moment, actor="system", include_today=False
                )
        if events:
            log.info("business day rolled over: closed %d stale tickets", len(events))
        self._publish(events)

    def close_day(self, actor: str = "system") -> int:
        """End-of-day job: close every unfinished ticket up to and including today."""
        moment = self.now()
        events: list[eventlog.Event] = []
        with self.db.write() as conn:
            for hall in self.district.halls.values():
                events += rollover.close_hall(
                    conn, self.district, hall, now=moment, actor=actor, include_today=True
                )
        self._publish(events)
        return sum(1 for e in events if e.type != "day.closed")

    def day(self, hall: Hall, now: datetime) -> str:
        return rollover.business_day(now, hall)

    # --- tickets ----------------------------------------------------------------------------

    def issue(self, request: tickets.IssueRequest, actor: str) -> tuple[dict[str, Any], bool]:
        """Issue a ticket (or return the first one for a repeated idempotency key)."""
        self.now()  # roll the business day over first if midnight has passed
        hall = self.hall(request.hall)
        tickets.lookup(self.district, request.hall, request.service)
        holder = tickets.holder_of(request.id_card, self.id_key)
        with self.db.write() as conn:
            now = self.clock()  # read inside the transaction: arrival order = commit order
            row, created, events = tickets.issue(
                conn,
                self.district,
                request,
                now=now,
                day=self.day(hall, now),
                holder=holder,
                actor=actor,
                check_hours=self.settings.check_hours,
            )
            view = self._view_from(events, row, conn, now)
        self._publish(events)
        return view, created

    def _view_from(
        self,
        events: list[eventlog.Event],
        row: sqlite3.Row,
        conn: sqlite3.Connection,
        now: datetime,
    ) -> dict[str, Any]:
        """The ticket as its last event in this transaction showed it (saves recomputing)."""
        for event in reversed(events):
            shown = event.data.get("ticket")
            if shown is not None and shown["id"] == row["id"]:
                return views.add_token(dict(shown), row)
        return views.ticket_view(conn, self.district, row, now)

    def ticket(self, token: str) -> dict[str, Any]:
        """The ticket for a public token; a transferred ticket answers as its successor."""
        now = self.now()
        conn = self.db.get()
        row = views.ticket_by_token(conn, token)
        if row is None:
            raise errors.UnknownTicket("token")
        while row["status"] == "transferred":
            successor = conn.execute(
                "SELECT * FROM tickets WHERE transferred_from = ?", (row["id"],)
            ).fetchone()
            if successor is None:
                break
            row = successor
        view = views.ticket_view(conn, self.district, row, now)
        view["token"], view["status_url"] = token, f"/t/{token}"
        return view

    def tickets(self, hall_id: str, status: str | None = None) -> list[dict[str, Any]]:
        """Today's tickets of a hall (optionally one status), in issue order."""
        now = self.now()
        hall = self.hall(hall_id)
        conn = self.db.get()
        sql, args = (
            "SELECT * FROM tickets WHERE hall = ? AND business_day = ?",
            [hall.id, self.day(hall, now)],
        )
        if status is not None:
            sql, args = sql + " AND status = ?", [*args, status]
        rows = conn.execute(sql + " ORDER BY id", args).fetchall()
        return [views.ticket_view(conn, self.district, row, now, with_token=False) for row in rows]

    # --- windows ----------------------------------------------------------------------------

    def window_action(
        self,
        hall_id: str,
        window: int,
        actor: str,
        action: Callable[[sqlite3.Connection, calling.Desk], calling.Result],
    ) -> dict[str, Any] | None:
        """Run one window action in a write transaction; the resulting ticket, or None."""
        self.now()
        hall = self.hall(hall_id)
        with self.db.write() as conn:
            now = self.clock()
            desk = calling.Desk(self.district, hall, window, actor, now, self.day(hall, now))
            row, events = action(conn, desk)
            view = self._view_from(events, row, conn, now) if row is not None else None
        self._publish(events)
        return view

    def call_next(self, hall_id: str, window: int, actor: str) -> dict[str, Any] | None:
        """The next ticket for the window, or None; an idle window's poll takes no write lock."""
        if self.idle(hall_id, window):
            return None
        return self.window_action(hall_id, window, actor, calling.call_next)

    def idle(self, hall_id: str, window: int) -> bool:
        """True if the window is open and free and nobody waits for it (a read, no lock)."""
        now = self.now()
        hall = self.hall(hall_id)
        desk = calling.Desk(self.district, hall, window, "", now, self.day(hall, now))
        return calling.nothing_to_call(self.db.get(), desk)

    def set_window_state(
        self, hall_id: str, window: int, state: str, reason: str | None, actor: str
    ) -> dict[str, Any]:
        now = self.now()
        hall = self.hall(hall_id)
        with self.db.write() as conn:
            event = window_rows.set_state(
                conn, self.district, hall, window, state=state, reason=reason, actor=actor, now=now
            )
        self._publish([event])
        return self.window(hall_id, window)

    def window(self, hall_id: str, window: int) -> dict[str, Any]:
        now = self.now()
        hall = self.hall(hall_id)
        conn = self.db.get()
        row = views.window_row(conn, hall.id, window)
        if row is None or hall.window(window) is None:
            raise errors.UnknownWindow(hall.id, window)
        return views.window_view(conn, self.district, hall, row, now)

    def windows(self, hall_id: str) -> list[dict[str, Any]]:
        now = self.now()
        hall = self.hall(hall_id)
        conn = self.db.get()
        rows = conn.execute("SELECT * FROM windows WHERE hall = ? ORDER BY number", (hall.id,))
        return [
            views.window_view(conn, self.district, hall, row, now)
            for row in rows
            if hall.window(row["number"]) is not None
        ]

    # --- users and events -------------------------------------------------------------------

    def add_user(
        self,
        username: str,
        password: str,
        role: str,
        hall: str,
        window: int | None = None,
        *,
        cost: int = users.SCRYPT_N,
    ) -> users.User:
        if hall != "*" and hall not in self.district.halls:
            raise users.UserError(f"user {username!r}: unknown hall {hall!r}")
        with self.db.write() as conn:
            return users.add(
                conn,
                username,
                password,
                role,
                hall,
                window,
                created_at=stored(self.clock(), "UTC"),
                n=cost,
            )

    def events_after(
        self, seq: int, hall: str | None = None, limit: int = 1000
    ) -> list[eventlog.Event]:
        return eventlog.after_seq(self.db.get(), seq, hall, limit)

    def last_event_seq(self) -> int:
        return eventlog.last_seq(self.db.get())

    def append_event(
        self,
        hall: Hall,
        type: str,
        actor: str,
        payload: dict[str, Any],
        window: int | None = None,
        reason: str | None = None,
    ) -> eventlog.Event:
        """Log and publish an event that changes no ticket (device fault, evaluation prompt)."""
        now = self.now()
        with self.db.write() as conn:
            waiting = views.waiting_counts(conn, hall.id, self.day(hall, now))
            body = eventlog.payload(type, hall, now, waiting=waiting, reason=reason, **payload)
            event = eventlog.append(
                conn,
                at=stored(now, hall.timezone),
                type=type,
                hall=hall.id,
                actor=actor,
                payload=body,
                window=window,
                reason=reason,
            )
        self._publish([event])
        return event
