"""The exchange as the server runs it: pull the feed every `interval_seconds` and send due
outcomes every `outcomes_interval_seconds`, each round on a worker thread so no request waits
for the platform."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from queue_server.clock import Clock
from queue_server.platform.outbox import OutcomeSender, SendReport
from queue_server.platform.pull import PullReport, PullSync
from queue_server.platform.settings import PlatformSettings
from queue_server.platform.sink import Bookings
from queue_server.platform.transport import SignedClient

log = logging.getLogger(__name__)


class PlatformExchange:
    """Both directions of the platform exchange over one `Bookings` (the Store)."""

    def __init__(
        self,
        bookings: Bookings,
        settings: PlatformSettings,
        secret: bytes,
        clock: Clock,
        *,
        sleep: Callable[[float], object] | None = None,
    ) -> None:
        self.bookings, self.settings = bookings, settings
        # one client (and HTTP session) each: the two jobs run on different threads
        self.pull = PullSync(
            bookings, SignedClient(settings, secret, clock), settings, clock, sleep
        )
        self.sender = OutcomeSender(
            bookings, SignedClient(settings, secret, clock), settings, clock
        )

    def pull_once(self) -> PullReport:
        return self.pull.run_once()

    def send_once(self) -> SendReport:
        return self.sender.send_due()

    def stop(self) -> None:
        """Shutting down: end back-off waits now and start no further page or outcome."""
        self.pull.stopping.set()
        self.sender.stopping.set()

    def health(self) -> dict[str, object]:
        """What `/api/health` tells of the exchange: no cursor, no error text (public)."""
        state = self.bookings.sync_state()
        return {
            "ok": state.get("last_error") is None,
            "last_success": state.get("last_success"),
            "pending_outcomes": state.get("pending_outcomes"),
        }

    async def run_pulls(self) -> None:
        await _every(self.settings.interval_seconds, self.pull_once, "platform pull")

    async def run_sends(self) -> None:
        await _every(self.settings.outcomes_interval_seconds, self.send_once, "outcome send")


async def _every(seconds: float, work: Callable[[], object], what: str) -> None:
    """Run `work` on a worker thread, then wait `seconds`, until cancelled."""
    while True:
        try:
            await asyncio.to_thread(work)
        except Exception:  # keep the job alive: its state and errors are in the store
            log.exception("%s failed", what)
        await asyncio.sleep(seconds)
