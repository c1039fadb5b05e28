"""Outcomes back to the platform: each pending outcome is posted, signed, on its own; an
acknowledged one is marked sent (never offered again), any other answer is retried later with
exponential back-off. All state is in the store, so a restart resumes where it stopped."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta

from queue_server.clock import Clock
from queue_server.engine.exchange import Outcome
from queue_server.platform.backoff import Backoff
from queue_server.platform.settings import PlatformSettings
from queue_server.platform.sink import Bookings
from queue_server.platform.transport import ExchangeError, SignedClient, Unreachable
from queue_server.platform.wire import outcome_to_json

log = logging.getLogger(__name__)
BATCH = 100
ACKNOWLEDGED = ("accepted", "duplicate")


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0


class OutcomeSender:
    """`send_due` posts what is due now; an unreachable platform ends the round early."""

    def __init__(
        self, bookings: Bookings, client: SignedClient, settings: PlatformSettings, clock: Clock
    ) -> None:
        self.bookings, self.client, self.settings, self.clock = bookings, client, settings, clock
        self.backoff = Backoff(settings.backoff_seconds, settings.backoff_max_seconds)
        self.stopping = threading.Event()  # set on shutdown: the round ends after this post

    def send_due(self) -> SendReport:
        report = SendReport()
        while batch := self.bookings.pending_outcomes(self.clock(), BATCH):
            for outcome in batch:
                if self.stopping.is_set():
                    return report
                failure = self._send(outcome)
                if failure is None:
                    report.sent += 1
                    continue
                report.failed += 1
                if isinstance(failure, Unreachable):
                    return report  # the rest wait for the next round, not a timeout each
        return report

    def _send(self, outcome: Outcome) -> ExchangeError | None:
        """None once acknowledged; else the failure, with the retry booked in the store."""
        try:
            answer = self.client.post(self.settings.outcomes_url, outcome_to_json(outcome))
            _check_ack(answer, outcome)
        except ExchangeError as err:
            wait = self.backoff.delay(outcome.attempts + 1)
            retry_at = self.clock() + timedelta(seconds=wait)
            self.bookings.outcome_failed(outcome.id, retry_at, str(err))
            log.info("outcome %d of %s not acknowledged: %s", outcome.id, outcome.external_id, err)
            return err
        self.bookings.outcome_sent(outcome.id)
        return None


def _check_ack(answer: object, outcome: Outcome) -> None:
    """The platform acknowledges an outcome by its id: anything else is not an acknowledgement."""
    if (
        not isinstance(answer, dict)
        or answer.get("outcome_id") != outcome.id
        or answer.get("status") not in ACKNOWLEDGED
    ):
        raise Unreachable(f"outcome {outcome.id}: the answer is not its acknowledgement")
