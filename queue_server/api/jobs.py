"""Background job: roll the business day over at local midnight even if no request comes, so
boards and consoles get `day.closed` on time."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress

from fastapi import FastAPI

from queue_server.store import Store

log = logging.getLogger(__name__)
MAX_NAP_SECONDS = 60.0  # re-check at least this often (the clock may be moved in tests)


async def roll_over_at_midnight(store: Store) -> None:
    while True:
        await asyncio.sleep(min(store.seconds_to_roll_over() + 0.01, MAX_NAP_SECONDS))
        try:
            store.now()  # closes the previous day when midnight has passed
        except Exception:  # keep the job alive; the next request retries the roll-over
            log.exception("business-day roll-over failed")


def lifespan(store: Store) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """The app's lifespan: runs the midnight roll-over job while the server runs."""

    @asynccontextmanager
    async def run(app: FastAPI) -> AsyncIterator[None]:
        job = asyncio.create_task(roll_over_at_midnight(store))
        try:
            yield
        finally:
            job.cancel()
            with suppress(asyncio.CancelledError):
                await job

    return run
