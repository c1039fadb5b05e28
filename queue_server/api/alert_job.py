"""The alert job: every few seconds (at once after a device fault) each hall's alerts are
evaluated (`engine.alerts`) on a snapshot of its dashboard; new ones are raised once (an
`alert.raised` event for the pages, a message to the hall's manager contacts through the
notification outbox), resolved ones cleared (`alert.cleared`). It also records when each
device token was last heard from (`DeviceSeen`, filled by every request a device makes)."""

from __future__ import annotations

import asyncio
import logging
import threading
from contextlib import suppress
from datetime import datetime
from typing import Any

from queue_server.engine import alerts
from queue_server.engine.alerts import AlertConfig, HallSnapshot
from queue_server.store import Store
from queue_server.store.eventlog import Event
from queue_server.store.views.dashboard import minutes_since

log = logging.getLogger(__name__)
ALERT_SECONDS = 5.0
WAKE_ON = frozenset({"device.fault"})  # events worth an evaluation at once


class DeviceSeen:
    """When each device token was last heard from, kept in memory between the job's rounds
    (a request costs a dict write, not a database write)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: dict[str, datetime] = {}

    def saw(self, token_id: str, moment: datetime) -> None:
        with self._lock:
            self._seen[token_id] = moment

    def take(self) -> dict[str, datetime]:
        with self._lock:
            seen, self._seen = self._seen, {}
        return seen


def snapshot(dash: dict[str, Any]) -> HallSnapshot:
    """What the rules look at, from `Store.hall_dashboard`."""
    hall = dash["hall"]
    return HallSnapshot(
        hall,
        services=[
            alerts.ServiceLoad(s["service"], (s["name"]["zh"], s["name"]["en"]), s["waiting"],
                               s["longest_wait_minutes"], s["target_minutes"])
            for s in dash["services"]
        ],
        windows=[
            alerts.WindowLoad(w["number"], (w["label"], w["label_en"]), w["idle_minutes"],
                              w["waiting_for_it"])
            for w in dash["windows"]
        ],
        devices=[
            alerts.DeviceState(k["kiosk_id"], device, state)
            for k in dash["kiosks"] for device, state in k["devices"].items()
        ],
        quiet=[
            alerts.QuietDevice(d["token_id"], d["role"], d["label"], d["quiet_minutes"])
            for d in dash["devices"]
        ],
        overdue=[alerts.Overdue(o["id"], o["deadline"]) for o in dash["rectifications"]["overdue"]],
    )  # fmt: skip


class AlertWatch:
    """Evaluates and records the district's alerts (`run_once`; `run` as a background job)."""

    def __init__(
        self, store: Store, config: AlertConfig, seen: DeviceSeen, *, platform: bool = False
    ) -> None:
        self.store, self.config, self.seen, self.platform = store, config, seen, platform
        self.started = store.clock()
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def run_once(self) -> list[alerts.Changes]:
        self.store.note_devices_seen(self.seen.take())
        found = []
        for hall in self.store.district.halls:
            shown = snapshot(self.store.hall_dashboard(hall, charts=False))
            limits = self.config.thresholds_for(hall)
            found.append(self._apply(hall, alerts.hall_alerts(shown, limits)))
        if self.platform:
            failing = self._sync_failing_minutes()
            sync = alerts.sync_alerts(failing, self.config.thresholds)
            found.append(self._apply(alerts.DISTRICT, sync))
        return found

    def _apply(self, hall: str, found: list[alerts.Alert]) -> alerts.Changes:
        return self.store.apply_alerts(hall, found, self.config.recipients_for)

    def _sync_failing_minutes(self) -> float | None:
        """How long the platform's exchange has failed (since its last success, or since the
        server started when it never succeeded); None while it works."""
        state = self.store.sync_state()
        if state.get("last_error") is None:
            return None
        success = state.get("last_success")
        since = datetime.fromisoformat(success) if isinstance(success, str) else self.started
        return minutes_since(since.isoformat(), self.store.clock())

    def _listen(self, events: list[Event]) -> None:
        wake, loop = self._wake, self._loop
        if wake is not None and loop is not None and any(e.type in WAKE_ON for e in events):
            loop.call_soon_threadsafe(wake.set)

    async def run(self, every: float = ALERT_SECONDS) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self.store.subscribe(self._listen)
        while True:
            try:
                await asyncio.to_thread(self.run_once)
            except Exception:  # keep the job alive; the next round tries again
                log.exception("alert job failed")
            self._wake.clear()
            with suppress(TimeoutError):  # no fault meanwhile: the next round on time
                await asyncio.wait_for(self._wake.wait(), every)
