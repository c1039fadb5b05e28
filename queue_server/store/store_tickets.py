"""The Store's ticket use cases: issue, offline hand-over, a ticket by token, a hall's list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from queue_server.engine import errors
from queue_server.store import offline, queries, tickets
from queue_server.store.store_base import StoreBase
from queue_server.store.views.tickets import add_token, ticket_view


class TicketMethods(StoreBase):
    def issue(self, request: tickets.IssueRequest, actor: str) -> tuple[dict[str, Any], bool]:
        """Issue a ticket (or return the first one for a repeated idempotency key)."""
        self.now()  # roll the business day over first if midnight has passed
        hall = self.hall(request.hall)
        tickets.lookup(self.district, request.hall, request.service)
        holder = tickets.holder_of(request.id_card, self.id_keys)
        with self.db.write() as conn:
            now = self.clock()  # read inside the transaction: arrival order = commit order
            row, created, events = tickets.issue(
                conn,
                self.district,
                request,
                now=now,
                day=hall.business_day(now),
                holder=holder,
                actor=actor,
                check_hours=self.settings.check_hours,
            )
            view = self._view_from(events, row, conn, now)
        self._publish(events)
        return view, created

    def hand_over(
        self, hall_id: str, kiosk_id: str, items: Sequence[offline.OfflineTicket], actor: str
    ) -> list[dict[str, Any]]:
        """Register tickets a kiosk issued offline, in order; a key seen before answers with
        its first ticket. The whole batch is checked first, so a retry never sticks halfway."""
        self.hall(hall_id)
        requests = offline.requests(hall_id, kiosk_id, items)
        return [self.issue(request, actor)[0] for request in requests]

    def ticket(self, token: str) -> dict[str, Any]:
        """The ticket for a public token; a transferred ticket answers as its successor."""
        now = self.now()
        with self.db.read() as conn:
            row = queries.ticket_by_token(conn, token)
            if row is None:
                raise errors.UnknownTicket("token")
            while row["status"] == "transferred":
                successor = queries.successor(conn, row["id"])
                if successor is None:
                    break
                row = successor
            view = ticket_view(conn, self.district, row, now, with_token=False)
        return add_token(view, token)

    def tickets(self, hall_id: str, status: str | None = None) -> list[dict[str, Any]]:
        """Today's tickets of a hall (optionally one status), in issue order."""
        now = self.now()
        hall = self.hall(hall_id)
        sql, args = (
            "SELECT * FROM tickets WHERE hall = ? AND business_day = ?",
            [hall.id, hall.business_day(now)],
        )
        if status is not None:
            sql, args = sql + " AND status = ?", [*args, status]
        with self.db.read() as conn:
            rows = conn.execute(sql + " ORDER BY id", args).fetchall()
            return [ticket_view(conn, self.district, row, now, with_token=False) for row in rows]
