"""The Store's hall use cases: halls and their services, the cross-hall suggestion, the display
board and the kiosks' device faults."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from queue_server.engine import errors
from queue_server.store import booking, faults, queries
from queue_server.store.store_base import StoreBase
from queue_server.store.tickets import lookup
from queue_server.store.timeutil import local
from queue_server.store.views import alternatives, elsewhere
from queue_server.store.views import halls as hall_views
from queue_server.store.views.elsewhere import Balancing
from queue_server.store.views.estimates import newcomer_estimates


class HallMethods(StoreBase):
    def halls(self) -> list[dict[str, Any]]:
        """Every hall of the district as the contract's Hall object."""
        now = self.now()
        with self.db.read() as conn:
            return [
                hall_views.hall_view(conn, self.district, hall, now, check_hours=self._hours)
                for hall in self.district.halls.values()
            ]

    def hall_view(self, hall_id: str) -> dict[str, Any]:
        """One hall as the contract's Hall object (waiting, ETA now)."""
        hall = self.hall(hall_id)
        now = self.now()
        with self.db.read() as conn:
            return hall_views.hall_view(conn, self.district, hall, now, check_hours=self._hours)

    def services(self, hall_id: str) -> list[dict[str, Any]]:
        """Every service of the hall with waiting count, estimated wait and availability now,
        and `elsewhere`: a much faster hall of the district offering it, or None."""
        hall = self.hall(hall_id)
        ctx = self._balancing()
        with self.db.read() as conn:
            views = hall_views.service_views(
                conn, self.district, hall, ctx.now, check_hours=self._hours
            )
            ctx.remember(hall, {v["code"]: (v["eta_minutes"], v["eta_range"]) for v in views})
            for view in views:
                view["elsewhere"] = elsewhere.suggest(
                    conn, ctx, hall, view["code"], view["eta_minutes"]
                )
        return views

    def estimates(self, hall_id: str) -> dict[str, int]:
        """Each service's estimated wait in minutes for a ticket issued now: the figures of the
        kiosk's service screen, without the rest of `services` (the simulator's citizens)."""
        hall = self.hall(hall_id)
        now = self.now()
        day = hall.business_day(now)
        with self.db.read() as conn:
            waiting = queries.waiting_counts(conn, hall.id, day)
            found = newcomer_estimates(conn, self.district, hall, now, day, waiting)
        return {code: minutes for code, (minutes, _) in found.items()}

    def suggest_hall(self, hall_id: str, service: str) -> dict[str, Any] | None:
        """The `elsewhere` object for a newcomer to the service at the hall (damped), or None."""
        hall = self.hall(hall_id)
        if service not in hall.services:
            raise errors.UnknownService(service, hall.id)
        ctx = self._balancing()
        with self.db.read() as conn:
            here = elsewhere.live(conn, ctx, hall, service)
            return elsewhere.suggest(conn, ctx, hall, service, here.eta_minutes)

    def halls_offering(self, service: str, from_hall: str | None = None) -> list[dict[str, Any]]:
        """Halls offering the service, with waiting and the damped ETA there, and `suggested`:
        the hall `from_hall` suggests (without it: the halls some other hall suggests now)."""
        origin = self.hall(from_hall) if from_hall is not None else None
        ctx = self._balancing()
        with self.db.read() as conn:
            return hall_views.halls_offering(conn, ctx, service, origin)

    def booking_offer(
        self, hall_id: str, service: str, first: date | None = None, last: date | None = None
    ) -> dict[str, Any]:
        """Whether the hall is busy for booking the service (`from` today, `to` a week on) and,
        if so, the less busy halls offering it with their free slots."""
        hall, _ = lookup(self.district, hall_id, service)
        first = first or local(self.now(), hall.timezone).date()
        days = booking.slot_range(first, last or first + timedelta(days=7))
        ctx = self._balancing()
        with self.db.read() as conn:
            return alternatives.booking_offer(conn, ctx, hall, service, days)

    def _balancing(self) -> Balancing:
        return Balancing(self.district, self.balance, self.now(), self._hours)

    def board(self, hall_id: str) -> dict[str, Any]:
        """The display board: recent calls (newest first), waiting by category, windows."""
        hall = self.hall(hall_id)
        now = self.now()
        with self.db.read() as conn:
            return hall_views.board(conn, self.district, hall, now, check_hours=self._hours)

    def report_fault(
        self, hall_id: str, kiosk_id: str, device: str, state: str, message: str, actor: str
    ) -> dict[str, Any]:
        """A kiosk reports a device problem (printer out of paper, ...); emits `device.fault`."""
        hall = self.hall(hall_id)
        now = self.now()
        with self.db.write() as conn:
            fault, event = faults.report(
                conn,
                hall,
                kiosk_id=kiosk_id,
                device=device,
                state=state,
                message=message,
                actor=actor,
                now=now,
            )
        self._publish([event])
        return fault

    def faults_today(self, hall_id: str) -> list[dict[str, Any]]:
        hall = self.hall(hall_id)
        now = self.now()
        with self.db.read() as conn:
            return faults.today(conn, hall, now)

    @property
    def _hours(self) -> bool:
        return self.settings.check_hours
