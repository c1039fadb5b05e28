"""Group commit: one writer thread runs queued state changes, many per transaction.

Each job runs in its own SAVEPOINT, so a refused request (a 409, say) rolls back only itself;
the batch then commits once, and only after that commit are results handed back and events
published. Durability per request is unchanged (nothing is acknowledged before its commit), but
one fsync now covers every request that queued up while the previous one was being written.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from queue_server.store.db import Connections

log = logging.getLogger(__name__)
MAX_BATCH = 64


@dataclass
class _Job:
    work: Callable[[], Any]
    future: Future[Any] = field(default_factory=Future)


class GroupWriter:
    """A thread that executes submitted write jobs in batches (see module docstring)."""

    def __init__(self, db: Connections, *, max_batch: int = MAX_BATCH) -> None:
        self.db = db
        self.max_batch = max_batch
        self.commits = 0  # statistics: transactions committed and writes they carried
        self.writes = 0
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="queue-writer", daemon=True)
        self._thread.start()

    def submit(self, work: Callable[..., Any], *args: Any) -> Future[Any]:
        job = _Job(lambda: work(*args))
        self._jobs.put(job)
        return job.future

    def close(self, timeout: float = 10.0) -> None:
        self._jobs.put(None)
        self._thread.join(timeout)

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            batch = [job]
            while len(batch) < self.max_batch:
                try:
                    more = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._execute(batch)
                    return
                batch.append(more)
            self._execute(batch)

    def _execute(self, batch: list[_Job]) -> None:
        outcomes: list[tuple[bool, Any]] = []
        try:
            with self.db.group():
                outcomes = [self._one(job) for job in batch]
            self.commits += 1
            self.writes += len(batch)
        except BaseException as err:  # the commit itself failed: nobody's change is durable
            log.exception("group commit of %d writes failed", len(batch))
            for job in batch:
                job.future.set_exception(err)
            return
        for job, (succeeded, value) in zip(batch, outcomes, strict=True):
            if succeeded:
                job.future.set_result(value)
            else:
                job.future.set_exception(value)

    def _one(self, job: _Job) -> tuple[bool, Any]:
        try:
            with self.db.write():  # a savepoint: a failing job undoes only its own changes
                return True, job.work()
        except Exception as err:  # delivered to the caller through the future
            return False, err
