"""The Store's window use cases: read windows, call, recall, start, finish, no-show, transfer,
pause, resume and the evaluation prompt. Each action is one write transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from queue_server.store import calling, evaluations
from queue_server.store import windows as window_rows
from queue_server.store.store_base import StoreBase
from queue_server.store.views.windows import hall_windows, one_window, window_queues

Action = Callable[[sqlite3.Connection, calling.Desk], calling.Result]


class WindowMethods(StoreBase):
    # --- reading ----------------------------------------------------------------------------

    def windows(self, hall_id: str) -> list[dict[str, Any]]:
        now = self.now()
        hall = self.hall(hall_id)
        with self.db.read() as conn:
            return hall_windows(conn, self.district, hall, now)

    def window(self, hall_id: str, window: int) -> dict[str, Any]:
        now = self.now()
        hall = self.hall(hall_id)
        with self.db.read() as conn:
            return one_window(conn, self.district, hall, window, now)

    def window_detail(self, hall_id: str, window: int) -> dict[str, Any]:
        """The window plus the waiting count and longest wait of each service it serves."""
        now = self.now()
        hall = self.hall(hall_id)
        with self.db.read() as conn:
            view = one_window(conn, self.district, hall, window, now)
            view["queues"] = window_queues(conn, hall, window, now)
        return view

    def idle(self, hall_id: str, window: int) -> bool:
        """True if the window is open and free and nobody waits for it (a read, no lock)."""
        now = self.now()
        hall = self.hall(hall_id)
        desk = calling.Desk(self.district, hall, window, "", now, hall.business_day(now))
        with self.db.read() as conn:
            return calling.nothing_to_call(conn, desk)

    # --- calling and serving ----------------------------------------------------------------

    def call_next(self, hall_id: str, window: int, actor: str) -> dict[str, Any] | None:
        """The next ticket for the window, or None; an idle window's poll takes no write lock."""
        if self.idle(hall_id, window):
            return None
        return self._act(hall_id, window, actor, lambda c, d: calling.call_next(c, d, self.balance))

    def call_number(
        self, hall_id: str, window: int, actor: str, number: str, reason: str
    ) -> dict[str, Any]:
        """Call a specific waiting ticket out of order; the reason goes to the event log."""
        return self._ticket_of(
            hall_id, window, actor, lambda c, d: calling.call_number(c, d, number, reason)
        )

    def recall(self, hall_id: str, window: int, actor: str) -> dict[str, Any]:
        return self._ticket_of(hall_id, window, actor, calling.recall)

    def start(self, hall_id: str, window: int, actor: str) -> dict[str, Any]:
        return self._ticket_of(hall_id, window, actor, calling.start)

    def finish(
        self, hall_id: str, window: int, actor: str, outcome: str = "handled"
    ) -> dict[str, Any]:
        return self._ticket_of(hall_id, window, actor, lambda c, d: calling.finish(c, d, outcome))

    def no_show(
        self, hall_id: str, window: int, actor: str, reason: str | None = None
    ) -> dict[str, Any]:
        return self._ticket_of(hall_id, window, actor, lambda c, d: calling.no_show(c, d, reason))

    def undo_no_show(self, hall_id: str, window: int, actor: str) -> dict[str, Any]:
        """The window's last no-show, called at the window again (within the undo time)."""
        return self._ticket_of(hall_id, window, actor, calling.undo_no_show)

    def transfer(
        self,
        hall_id: str,
        window: int,
        actor: str,
        to_service: str | None = None,
        to_window: int | None = None,
        reason: str | None = None,
    ) -> dict[str, Any]:
        """The new waiting ticket (same number, original arrival); the old one is `transferred`."""
        return self._ticket_of(
            hall_id,
            window,
            actor,
            lambda c, d: calling.transfer(c, d, to_service, to_window, reason),
        )

    # --- the window itself ------------------------------------------------------------------

    def pause(self, hall_id: str, window: int, actor: str, reason: str) -> dict[str, Any]:
        return self._set_state(hall_id, window, actor, "paused", reason)

    def resume(self, hall_id: str, window: int, actor: str) -> dict[str, Any]:
        return self._set_state(hall_id, window, actor, "open", None)

    def prompt_evaluation(self, hall_id: str, window: int, actor: str) -> dict[str, Any]:
        """Emit `evaluation.prompt` for the window's last finished ticket: {seq, ticket}."""
        hall = self.hall(hall_id)
        now = self.now()
        with self.db.write() as conn:
            answer, event = evaluations.prompt(
                conn, self.district, hall, window, actor=actor, now=now
            )
        self._publish([event])
        return answer

    # --- plumbing ---------------------------------------------------------------------------

    def _act(self, hall_id: str, window: int, actor: str, action: Action) -> dict[str, Any] | None:
        """Run one window action in a write transaction; the resulting ticket, or None."""
        self.now()
        hall = self.hall(hall_id)
        with self.db.write() as conn:
            now = self.clock()
            desk = calling.Desk(self.district, hall, window, actor, now, hall.business_day(now))
            row, events = action(conn, desk)
            view = self._view_from(events, row, conn, now) if row is not None else None
        self._publish(events)
        return view

    def _ticket_of(self, hall_id: str, window: int, actor: str, action: Action) -> dict[str, Any]:
        """An action that always has a ticket to show (it raises otherwise)."""
        view = self._act(hall_id, window, actor, action)
        assert view is not None, "only call-next may find nobody"
        return view

    def _set_state(
        self, hall_id: str, window: int, actor: str, state: str, reason: str | None
    ) -> dict[str, Any]:
        now = self.now()
        hall = self.hall(hall_id)
        with self.db.write() as conn:
            event = window_rows.set_state(
                conn, hall, window, state=state, reason=reason, actor=actor, now=now
            )
        self._publish([event])
        return self.window(hall_id, window)
