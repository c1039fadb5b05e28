"""The Store's appointment use cases: slots, booking (platform push), cancel, reschedule, a
hall's appointments of a day, and the no-show job."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from queue_server.engine import booking as rules_engine
from queue_server.engine.appointment_errors import AppointmentNotFound, BookingRefused
from queue_server.store import appointments as rows
from queue_server.store import booking, checkin
from queue_server.store.store_base import StoreBase
from queue_server.store.tickets import IdCard, holder_of, lookup
from queue_server.store.timeutil import local
from queue_server.store.views.appointments import appointment_view, slot_view


class AppointmentMethods(StoreBase):
    @property
    def check_in_key(self) -> bytes:
        return self.keys.check_in_key

    def slots(
        self, hall_id: str, service: str, first: date | None = None, last: date | None = None
    ) -> list[dict[str, Any]]:
        """The service's slots in the hall from `first` (today) to `last` (a week later), with
        what is still free."""
        hall, _ = lookup(self.district, hall_id, service)
        first = first or local(self.now(), hall.timezone).date()
        days = booking.slot_range(first, last or first + timedelta(days=7))
        with self.db.read() as conn:
            return [
                slot_view(entry)
                for day in days
                for entry in booking.free_slots(conn, self.district, hall, service, day)
            ]

    def book(self, request: booking.BookingRequest, card: IdCard) -> tuple[dict[str, Any], bool]:
        """Book a slot (or the same appointment again for a repeated request)."""
        holder = holder_of(card, self.id_keys)
        request = booking.with_sealed(request, self.keys.phone_key)
        with self.db.write() as conn:
            row, created = booking.book(conn, self.district, request, holder, self.clock())
            return appointment_view(row, self.check_in_key), created

    def appointment(self, external_id: str) -> dict[str, Any]:
        with self.db.read() as conn:
            return appointment_view(self._row(conn, external_id), self.check_in_key)

    def cancel_appointment(self, external_id: str, hall_id: str | None = None) -> dict[str, Any]:
        """Cancel a booking; cancelling twice answers the same. The platform (no `hall_id`) may
        until `cancel_minutes` before the slot; the hall (`hall_id`: closed, say) at any time
        before check-in, and the platform is told (an outcome row)."""
        with self.db.write() as conn:
            row = self._row(conn, external_id)
            if hall_id is not None and row["hall"] != hall_id:
                raise AppointmentNotFound(
                    f"本大厅没有预约编号为 {external_id} 的预约。",
                    f"Hall {hall_id!r} has no appointment {external_id!r}.",
                )
            if row["state"] != rows.CANCELLED:
                self._require_state(row, rows.BOOKED)
                hall = self.hall(row["hall"])
                now = self.clock()
                if hall_id is None:
                    rules = self.district.booking.rules(hall.id, row["service"])
                    start = datetime.fromisoformat(row["slot_start"])
                    rules_engine.check_cancellable(rules, now=now, slot_start=start)
                rows.set_state(conn, row, rows.CANCELLED, hall=hall, now=now,
                               report=hall_id is not None)  # fmt: skip
            return appointment_view(self._row(conn, external_id), self.check_in_key)

    def reschedule(self, external_id: str, slot_start: datetime) -> dict[str, Any]:
        """Move a booking to another slot of the same hall and service (new check-in code)."""
        with self.db.write() as conn:
            row = self._row(conn, external_id)
            self._require_state(row, rows.BOOKED)
            now = self.clock()
            hall = self.hall(row["hall"])
            rules = self.district.booking.rules(hall.id, row["service"])
            start = datetime.fromisoformat(row["slot_start"])
            rules_engine.check_cancellable(rules, now=now, slot_start=start)
            request = booking.BookingRequest(external_id, hall.id, row["service"], slot_start)
            holder = rows.holder_of_row(row)
            _, slot = booking.place(conn, self.district, request, holder, now, moving=row["id"])
            booking.move(conn, row, slot, hall, now)
            return appointment_view(self._row(conn, external_id), self.check_in_key)

    def appointments_of_day(self, hall_id: str, day: date | None = None) -> list[dict[str, Any]]:
        """A hall's appointments of a day (today by default), earliest slot first."""
        hall = self.hall(hall_id)
        when = day or local(self.now(), hall.timezone).date()
        with self.db.read() as conn:
            found = rows.of_day(conn, hall.id, when.isoformat())
            return [appointment_view(row, self.check_in_key) for row in found]

    def check_in(
        self, hall_id: str, *, code: str | None = None, card: IdCard | None = None,
        actor: str, kiosk_id: str | None = None,
    ) -> dict[str, Any]:  # fmt: skip
        """Check in by code or ID card: the appointment's ticket (the same one when repeated)."""
        self.now()  # roll the business day over first if midnight has passed
        hall = self.hall(hall_id)
        hashes = holder_of(card, self.id_keys).id_hashes if card is not None else ()
        with self.db.write() as conn:
            now = self.clock()
            today = local(now, hall.timezone).date()
            if code is not None:
                row = checkin.by_code(conn, self.check_in_key, hall, code, today)
            else:
                row = checkin.by_holder(conn, hall, hashes, today, now)
            ticket, events = checkin.check_in(
                conn, self.district, row, now=now, actor=actor, kiosk_id=kiosk_id
            )
            view = self._view_from(events, ticket, conn, now)
        self._publish(events)
        return view

    def mark_no_shows(self) -> int:
        """No-show job: bookings not checked in `no_show_minutes` after their slot started."""
        now = self.clock()
        marked = 0
        with self.db.write() as conn:
            for row in rows.due_no_shows(conn, now, self.district.timezone):
                hall = self.hall(row["hall"])
                rules = self.district.booking.rules(hall.id, row["service"])
                if rules.no_show_at(datetime.fromisoformat(row["slot_start"])) <= now:
                    rows.set_state(conn, row, rows.NO_SHOW, hall=hall, now=now)
                    marked += 1
        return marked

    def _row(self, conn: Any, external_id: str) -> Any:
        row = rows.by_external_id(conn, external_id)
        if row is None:
            raise AppointmentNotFound(
                f"没有预约编号为 {external_id} 的预约。", f"No appointment {external_id!r}."
            )
        return row

    @staticmethod
    def _require_state(row: Any, state: str) -> None:
        if row["state"] != state:
            raise BookingRefused(
                "wrong_state",
                f"该预约当前状态为 {row['state']}，不能进行此操作。",
                f"The appointment is {row['state']}; only a {state} one can be changed.",
                state=row["state"],
            )
