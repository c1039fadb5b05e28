"""Background jobs while the server runs: roll the business day over at local midnight even if
no request comes (boards get `day.closed` on time), checkpoint the WAL off the request path,
exchange bookings and outcomes with the online platform when `[platform]` is configured, and
mark appointments not checked in 30 minutes after their slot start as no-shows (the store's
clock decides what is due, so tests move the clock and call `Store.mark_no_shows`), and send
the notification outbox (`notify.outbox`), and evaluate the managers' alerts (`alert_job`)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress

from fastapi import FastAPI

from queue_server.api.alert_job import AlertWatch
from queue_server.config_booking import warn_if_provisional
from queue_server.notify.outbox import Notifier
from queue_server.platform.job import PlatformExchange
from queue_server.store import Store

log = logging.getLogger(__name__)
MAX_NAP_SECONDS = 60.0  # re-check at least this often (the clock may be moved in tests)
CHECKPOINT_SECONDS = 1.0
NO_SHOW_SECONDS = 60.0  # no-shows are due at whole minutes after a slot: a minute's delay at most
NOTIFY_SECONDS = 1.0  # "called" should reach the phone while the citizen walks to the window


async def roll_over_at_midnight(store: Store) -> None:
    while True:
        await asyncio.sleep(min(store.seconds_to_roll_over() + 0.01, MAX_NAP_SECONDS))
        try:
            store.now()  # closes the previous day when midnight has passed
        except Exception:  # keep the job alive; the next request retries the roll-over
            log.exception("business-day roll-over failed")


async def checkpoint_in_background(store: Store, every: float = CHECKPOINT_SECONDS) -> None:
    """WAL checkpoints on a worker thread, so no request waits for one."""
    store.checkpoint_elsewhere()
    while True:
        await asyncio.sleep(every)
        try:
            await asyncio.to_thread(store.checkpoint)
        except Exception:  # try again next time; the WAL only grows meanwhile
            log.exception("WAL checkpoint failed")


async def mark_no_shows(store: Store, every: float = NO_SHOW_SECONDS) -> None:
    """No-show job: appointments past `no_show_minutes` after their start, with outcome rows."""
    while True:
        try:
            marked = await asyncio.to_thread(store.mark_no_shows)
            if marked:
                log.info("marked %d appointments as no-shows", marked)
        except Exception:  # try again next time; nothing is lost meanwhile
            log.exception("no-show job failed")
        await asyncio.sleep(every)


async def send_notifications(notifier: Notifier, every: float = NOTIFY_SECONDS) -> None:
    """Notification job: derive the messages owed and send the due ones, on a worker thread
    (a slow gateway never holds up a request); the outbox keeps what is not sent yet."""
    while True:
        try:
            await asyncio.to_thread(notifier.run_once)
        except Exception:  # try again next time; the outbox loses nothing meanwhile
            log.exception("notification job failed")
        await asyncio.sleep(every)


def lifespan(
    store: Store, platform: PlatformExchange | None = None, notifier: Notifier | None = None,
    alerts: AlertWatch | None = None,
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:  # fmt: skip
    """The app's lifespan: runs the background jobs (the platform's only with `platform`, the
    notifier's with `notifier`, the managers' alerts with `alerts`)."""

    @asynccontextmanager
    async def run(app: FastAPI) -> AsyncIterator[None]:
        for hall in list(store.district.halls.values())[:1]:  # one national calendar
            warn_if_provisional(hall.days.calendar, store.clock().date())
        jobs = [
            asyncio.create_task(roll_over_at_midnight(store)),
            asyncio.create_task(checkpoint_in_background(store)),
            asyncio.create_task(mark_no_shows(store)),
        ]
        if platform is not None:  # each round runs on a worker thread (PlatformExchange)
            jobs += [
                asyncio.create_task(platform.run_pulls()),
                asyncio.create_task(platform.run_sends()),
            ]
        if notifier is not None:
            jobs.append(asyncio.create_task(send_notifications(notifier)))
        if alerts is not None:
            jobs.append(asyncio.create_task(alerts.run()))
        try:
            yield
        finally:
            if platform is not None:
                platform.stop()  # its worker threads finish at most their current request
            for job in jobs:
                job.cancel()
                with suppress(asyncio.CancelledError):
                    await job

    return run
