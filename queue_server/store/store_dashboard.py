"""The Store's dashboard reads (`views.dashboard`, `views.dash_charts`), the devices last heard
from, and the alerts' state (`alert_rows`): what the alert job and the manager's pages use."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from queue_server.engine import alerts
from queue_server.store import alert_rows
from queue_server.store.store_base import StoreBase
from queue_server.store.timeutil import stored
from queue_server.store.views import dash_charts, dash_staffing
from queue_server.store.views import dashboard as views

Recipients = Callable[[str], Sequence[str]]
SEEN = (  # a token's latest moment heard from (UTC text: its order is time order)
    "INSERT INTO device_seen (token_id, hall, role, last_seen)"
    " SELECT id, hall, role, ? FROM tokens WHERE id = ?"
    " ON CONFLICT (token_id) DO UPDATE SET last_seen = MAX(last_seen, excluded.last_seen)"
)


class DashboardMethods(StoreBase):
    def hall_dashboard(self, hall_id: str, *, charts: bool = True) -> dict[str, Any]:
        """Everything the hall view shows (and the overview sums up), of this moment."""
        now = self.now()
        hall = self.hall(hall_id)
        day = hall.business_day(now)
        with self.db.read() as conn:
            waiting = views.waiting_by_service(conn, hall, day)
            windows = views.window_states(conn, self.district, hall, waiting, now)
            found: dict[str, Any] = {
                "hall": hall.id,
                "name": {"zh": hall.name.zh, "en": hall.name.en},
                "services": views.service_queues(self.district, hall, waiting, now),
                "windows": windows,
                "window_counts": views.window_counts(windows),
                "appointments": views.appointments_today(conn, hall, day),
                "rectifications": views.open_rectifications(conn, hall, now),
                "kiosks": views.kiosk_devices(conn, hall, day),
                "devices": views.device_presence(conn, hall, now),
                "alerts": alert_rows.open_alerts(conn, [hall.id]),
            }
            if charts:
                today = found["charts"] = dash_charts.charts_today(conn, hall, now)
                hours = [row["hour"] for row in today["by_hour"]]  # the charts' span
                today["staffing"] = dash_staffing.staffing_today(
                    conn, self.district, hall, now, range(hours[0], hours[-1] + 1), today["queue"]
                )
        services = found["services"]
        found["waiting"] = sum(s["waiting"] for s in services)
        longest = (s["longest_wait_minutes"] for s in services)
        found["longest_wait_minutes"] = max(longest, default=0)
        return found

    def overview(self, hall_ids: Iterable[str]) -> list[dict[str, Any]]:
        """The overview's line of each hall (the hall view without its lists and charts)."""
        return [_summary(self.hall_dashboard(hall_id, charts=False)) for hall_id in hall_ids]

    def open_alerts(self, hall_ids: Iterable[str]) -> list[dict[str, Any]]:
        with self.db.read() as conn:
            return alert_rows.open_alerts(conn, hall_ids)

    def note_devices_seen(self, seen: Mapping[str, datetime]) -> None:
        """Record when each device token (id → moment) was last heard from."""
        if not seen:
            return
        with self.db.write() as conn:
            conn.executemany(
                SEEN,
                [(stored(moment, "UTC"), token_id) for token_id, moment in seen.items()],
            )

    def apply_alerts(
        self, hall: str, found: list[alerts.Alert], recipients: Recipients
    ) -> alerts.Changes:
        """Raise the alerts of `hall` not open yet (queued for `recipients(hall)`), clear the
        open ones no longer found: one transaction, its events published after the commit."""
        with self.db.read() as conn:
            change = alerts.changes(alert_rows.open_keys(conn, hall), found)
        if not change.raised and not change.cleared:
            return change
        now = self.clock()
        events = []
        with self.db.write() as conn:
            for alert in change.raised:
                events += alert_rows.raise_alert(conn, self.district, alert, now)
                alert_rows.notify_managers(conn, self.district, alert, recipients(alert.hall),
                                           self.keys.phone_key, now)  # fmt: skip
            for key in change.cleared:
                events += alert_rows.clear_alert(conn, self.district, hall, key, now)
        self._publish(events)
        return change


def _summary(hall: dict[str, Any]) -> dict[str, Any]:
    keep = ("hall", "name", "waiting", "longest_wait_minutes", "window_counts", "appointments",
            "alerts")  # fmt: skip
    quiet = {a["data"]["token_id"] for a in hall["alerts"] if a["kind"] == "device_quiet"}
    return {
        **{key: hall[key] for key in keep},
        "bad_reviews_open": hall["rectifications"]["open"],
        "quiet_devices": [d for d in hall["devices"] if d["token_id"] in quiet],  # offline
    }
