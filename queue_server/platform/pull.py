"""The pull sync: read the platform's booking feed page by page from the stored cursor and
upsert each booking through `Bookings`. The cursor moves on only once its page is applied, so a
fetch that fails midway loses nothing; upserts are idempotent and versioned, so a duplicate, a
late older version or a feed that starts again from an older cursor changes nothing."""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from queue_server.clock import Clock
from queue_server.platform.backoff import Backoff
from queue_server.platform.settings import PlatformSettings
from queue_server.platform.sink import REFUSED_PREFIX, Bookings
from queue_server.platform.transport import ExchangeError, Refused, SignedClient, Unreachable
from queue_server.platform.wire import Page, WireError, page_from_json

log = logging.getLogger(__name__)
MAX_PAGES_PER_RUN = 1000  # a feed that never says "no more" cannot hold the job forever
PROBLEMS_SHOWN = 5
CURSOR_EXPIRED = "cursor_expired"


@dataclass
class PullReport:
    """What one run did: results by kind, the bookings refused or unreadable, the error."""

    pages: int = 0
    results: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    error: str | None = None

    def summary(self) -> str | None:
        """The run's errors as `sync status` shows them, or None for a clean run."""
        parts = [self.error] if self.error else []
        if self.problems:
            shown = "; ".join(self.problems[:PROBLEMS_SHOWN])
            more = len(self.problems) - PROBLEMS_SHOWN
            parts.append(f"{len(self.problems)} bookings not taken: {shown}")
            if more > 0:
                parts[-1] += f" (and {more} more)"
        return " | ".join(parts) or None


class _Stopping(Exception):
    """The server is shutting down: the run ends without recording an error."""


class PullSync:
    """One run (`run_once`) reads the feed to its end, or until a page cannot be fetched."""

    def __init__(
        self,
        bookings: Bookings,
        client: SignedClient,
        settings: PlatformSettings,
        clock: Clock,
        sleep: Callable[[float], object] | None = None,
    ) -> None:
        self.bookings, self.client, self.settings, self.clock = bookings, client, settings, clock
        self.stopping = threading.Event()  # set on shutdown: a back-off wait ends at once
        self.sleep = sleep or self.stopping.wait
        self.backoff = Backoff(settings.backoff_seconds, settings.backoff_max_seconds)

    def run_once(self) -> PullReport:
        report = PullReport()
        cursor = _cursor(self.bookings.sync_state())
        while report.pages < MAX_PAGES_PER_RUN and not self.stopping.is_set():
            try:
                page = self._fetch_from(cursor)
            except _Stopping:
                break  # shutting down: the cursor stays where the last applied page left it
            except ExchangeError as err:
                return self._failed(report, cursor, err)
            self._apply(page, report)
            cursor = page.next_cursor if page.next_cursor is not None else cursor
            self.bookings.save_sync_state(cursor, self.clock(), report.summary())
            report.pages += 1
            if not page.has_more or not page.bookings:
                break
        return report

    def _fetch_from(self, cursor: str | None) -> Page:
        """The page at `cursor`; from the start when the platform no longer knows the cursor."""
        try:
            return self._fetch(cursor)
        except Refused as err:
            if err.code != CURSOR_EXPIRED or cursor is None:
                raise
        log.warning("the platform no longer knows cursor %r: reading from the start", cursor)
        return self._fetch(None)

    def _fetch(self, cursor: str | None) -> Page:
        """One page, retried with back-off while the platform is unreachable."""
        query = {"limit": str(self.settings.page_size)}
        if cursor is not None:
            query["cursor"] = cursor
        for attempt in range(1, self.settings.attempts + 1):
            try:
                return page_from_json(self.client.get(self.settings.feed_url, query))
            except WireError as err:
                failure: ExchangeError = Unreachable(f"the feed's answer is malformed: {err}")
            except Unreachable as err:
                failure = err
            if attempt == self.settings.attempts:
                raise failure
            log.info("feed attempt %d failed (%s); retrying", attempt, failure)
            self.sleep(self.backoff.delay(attempt))
            if self.stopping.is_set():
                raise _Stopping
        raise AssertionError("unreachable: attempts >= 1")

    def _apply(self, page: Page, report: PullReport) -> None:
        report.problems += [f"invalid item {problem}" for problem in page.invalid]
        for booking in page.bookings:
            result = self.bookings.apply_platform_booking(booking)
            report.results[result.partition(":")[0]] += 1
            if result.startswith(REFUSED_PREFIX):
                report.problems.append(f"{booking.external_id} {result[len(REFUSED_PREFIX) :]}")
                log.warning("platform booking %s refused: %s", booking.external_id, result)

    def _failed(self, report: PullReport, cursor: str | None, err: ExchangeError) -> PullReport:
        report.error = str(err)
        log.warning("platform sync stopped at cursor %r: %s", cursor, err)
        self.bookings.save_sync_state(cursor, None, report.summary())
        return report


def _cursor(state: dict[str, object]) -> str | None:
    cursor = state.get("cursor")
    return cursor if isinstance(cursor, str) else None
