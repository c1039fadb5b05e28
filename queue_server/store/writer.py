"""Group commit on the event loop: the state changes requested during one turn of the asyncio
loop run one after another in a single transaction, committed once (one fsync) at the end of
that turn.

Each change runs in its own SAVEPOINT, so a refused request (a 409, say) rolls back only itself.
Results are handed back, and events published, only after the commit: nothing is acknowledged
before it is durable. Running on the loop rather than on a writer thread avoids handing the GIL
back and forth, which costs more than the commit wait on a small machine.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from queue_server.store.db import Connections

log = logging.getLogger(__name__)
MAX_BATCH = 64

Outcome = tuple[bool, Any]  # (succeeded, result or exception)


def run_batch(db: Connections, works: list[Callable[[], Any]]) -> list[Outcome]:
    """Run `works` in one transaction, each in a savepoint; raises if the commit fails."""
    with db.group():
        return [_run_one(db, work) for work in works]


def _run_one(db: Connections, work: Callable[[], Any]) -> Outcome:
    try:
        with db.write():  # a savepoint inside the group
            return True, work()
    except Exception as err:  # delivered to the caller that asked for this change
        return False, err


class GroupWriter:
    """Collects writes submitted on the running loop and commits them in batches."""

    def __init__(self, db: Connections, *, max_batch: int = MAX_BATCH) -> None:
        self.db = db
        self.max_batch = max_batch
        self.commits = 0  # statistics: transactions committed and the writes they carried
        self.writes = 0
        self._pending: list[tuple[Callable[[], Any], asyncio.Future[Any]]] = []

    async def submit(self, work: Callable[..., Any], *args: Any) -> Any:
        """Run `work(*args)` in the next batch; its result once the batch has committed."""
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[Any] = loop.create_future()
        if not self._pending:
            loop.call_soon(self._flush)  # after the requests already parsed this turn
        self._pending.append((lambda: work(*args), answer))
        return await answer

    def _flush(self) -> None:
        while self._pending:
            batch = self._pending[: self.max_batch]
            del self._pending[: self.max_batch]
            self._commit(batch)

    def _commit(self, batch: list[tuple[Callable[[], Any], asyncio.Future[Any]]]) -> None:
        try:
            outcomes = run_batch(self.db, [work for work, _ in batch])
        except Exception as err:  # the commit failed: none of these changes is durable
            log.exception("group commit of %d writes failed", len(batch))
            outcomes = [(False, err)] * len(batch)
        else:
            self.commits += 1
            self.writes += len(batch)
        for (_, answer), (succeeded, value) in zip(batch, outcomes, strict=True):
            if answer.cancelled():
                continue
            if succeeded:
                answer.set_result(value)
            else:
                answer.set_exception(value)
