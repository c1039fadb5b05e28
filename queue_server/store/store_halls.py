"""The Store's hall use cases: halls and their services, the cross-hall suggestion, the display
board and the kiosks' device faults."""

from __future__ import annotations

from typing import Any

from queue_server.store import faults
from queue_server.store.store_base import StoreBase
from queue_server.store.views import halls as hall_views


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
        """Every service of the hall with waiting count, estimated wait and availability now."""
        hall = self.hall(hall_id)
        now = self.now()
        with self.db.read() as conn:
            return hall_views.service_views(conn, self.district, hall, now, check_hours=self._hours)

    def halls_offering(self, service: str) -> list[dict[str, Any]]:
        """Halls offering the service, with waiting and ETA: where else could a citizen go."""
        now = self.now()
        with self.db.read() as conn:
            return hall_views.halls_offering(
                conn, self.district, service, now, check_hours=self._hours
            )

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
