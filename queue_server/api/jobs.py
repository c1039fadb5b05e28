"""Background jobs while the server runs: roll the business day over at local midnight even if
no request comes (boards get `day.closed` on time), checkpoint the WAL off the request path, and
exchange bookings and outcomes with the online platform when `[platform]` is configured."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress

from fastapi import FastAPI

from queue_server.platform.job import PlatformExchange
from queue_server.store import Store

log = logging.getLogger(__name__)
MAX_NAP_SECONDS = 60.0  # re-check at least this often (the clock may be moved in tests)
CHECKPOINT_SECONDS = 1.0


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


def lifespan(
    store: Store, platform: PlatformExchange | None = None
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """The app's lifespan: runs the background jobs (the platform's only with `platform`)."""

    @asynccontextmanager
    async def run(app: FastAPI) -> AsyncIterator[None]:
        jobs = [
            asyncio.create_task(roll_over_at_midnight(store)),
            asyncio.create_task(checkpoint_in_background(store)),
        ]
        if platform is not None:  # each round runs on a worker thread (PlatformExchange)
            jobs += [
                asyncio.create_task(platform.run_pulls()),
                asyncio.create_task(platform.run_sends()),
            ]
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
