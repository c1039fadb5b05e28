"""The Store's ticket use cases: issue, offline hand-over, a ticket by token, a hall's list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from queue_server.engine import errors
from queue_server.store import eventlog, offline, phones, queries, tickets
from queue_server.store.issuing_rules import held_tickets
from queue_server.store.store_base import StoreBase
from queue_server.store.views.audience import without_phone
from queue_server.store.views.tickets import add_token, ticket_view


class TicketMethods(StoreBase):
    def issue(self, request: tickets.IssueRequest, actor: str) -> tuple[dict[str, Any], bool]:
        """Issue a ticket (or return the first one for a repeated idempotency key)."""
        self.now()  # roll the business day over first if midnight has passed
        hall = self.hall(request.hall)
        tickets.lookup(self.district, request.hall, request.service)
        holder = tickets.holder_of(request.id_card, self.id_keys)
        phone = phones.seal_optional(self.keys.phone_key, request.phone)
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
                phone=phone,
            )
            view = self._view_from(events, row, conn, now)
        self._publish(events)
        return view, created

    def hand_over(
        self,
        hall_id: str,
        kiosk_id: str,
        items: Sequence[offline.OfflineTicket],
        actor: str,
        caller: str = "",
    ) -> list[dict[str, Any]]:
        """Register tickets a kiosk issued offline, in order, all or none: the whole batch is
        checked, then written in one transaction; a refusal names the ticket (`index`,
        `number`): a sealed ID card that does not open, or the card's second active ticket for
        the service. A key `caller` sent before answers with its first ticket."""
        self.now()  # roll the business day over first if midnight has passed
        hall = self.hall(hall_id)
        views: list[dict[str, Any]] = []
        events: list[eventlog.Event] = []
        with self.db.write() as conn:
            now = self.clock()  # one moment for the whole batch: its checks and its day
            day = hall.business_day(now)
            batch = offline.Batch(hall, kiosk_id, caller, now, self.settings.check_hours)
            checked = offline.requests(self.district, batch, items, self.keys)
            for index, (request, holder) in enumerate(checked):
                with offline.naming(index, items[index].number):
                    row, _, issued = tickets.issue(
                        conn, self.district, request, now=now, day=day, holder=holder,
                        actor=actor, check_hours=self.settings.check_hours,
                    )  # fmt: skip
                views.append(self._view_from(issued, row, conn, now))
                events += issued
        self._publish(events)
        return views

    def held_by(self, hall_id: str, card: tickets.IdCard) -> list[dict[str, Any]]:
        """The card holder's active tickets in the hall today (waiting, called, serving), with
        their tokens: the card proves they are the holder's (duplicate check, reprint, my place)."""
        now = self.now()
        hall = self.hall(hall_id)
        holder = tickets.holder_of(card, self.id_keys)
        with self.db.read() as conn:
            rows = held_tickets(conn, hall.id, holder.id_hashes, hall.business_day(now))
            return [ticket_view(conn, self.district, row, now) for row in rows]

    def ticket(self, token: str) -> dict[str, Any]:
        """The ticket for a public token; a transferred ticket answers as its successor."""
        now = self.now()
        with self.db.read() as conn:
            row = queries.current_ticket(conn, token)
            if row is None:
                raise errors.UnknownTicket("token")
            view = ticket_view(conn, self.district, row, now, with_token=False)
        return add_token(without_phone(view), token)

    def attach_phone(self, hall: str, token: str, phone: str) -> str:
        """Keep a phone for a waiting ticket's notifications, as issue does (encrypted, masked):
        its masked form. Another hall's ticket is not known here."""
        with self.db.write() as conn:
            row = queries.current_ticket(conn, token)
            if row is None or row["hall"] != hall:
                raise errors.UnknownTicket("token")
            sealed = phones.seal(self.keys.phone_key, phone)
            if row["status"] != "waiting":
                raise errors.NotWaiting(row["status"])
            conn.execute(
                "UPDATE tickets SET phone_sealed = ?, phone_masked = ? WHERE id = ?",
                (sealed.sealed, sealed.masked, row["id"]),
            )
        return sealed.masked

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
