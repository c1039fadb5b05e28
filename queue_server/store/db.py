"""SQLite connections: a file (one connection per thread, WAL) or memory (one connection shared
by all threads), with explicit write transactions and a durability setting."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from enum import StrEnum
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 30_000
MEMORY = ":memory:"  # the path of a database that lives in memory, for simulations and tests


class Durability(StrEnum):
    """How hard a commit works to survive a crash (PRAGMA synchronous)."""

    FULL = "full"  # the WAL is fsynced at every commit: an acknowledged request survives a crash
    OFF = "off"  # no fsync at all (simulations, tests): a crash may lose recent commits


def create_private(path: Path) -> None:
    """Create an empty database file 0600 unless it exists: SQLite gives its -wal and -shm the
    database file's mode, so they are private too (SQLite itself would create 0644)."""
    if str(path) == MEMORY:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


class Connection(sqlite3.Connection):
    """A connection with a memo: figures worked out from the database that reads may reuse
    while the rows they came from are unchanged. Each user of the memo checks that itself
    (`store.queries.recent_service_times`); a rollback empties it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.memo: dict[Hashable, Any] = {}


def memo_of(conn: sqlite3.Connection) -> dict[Hashable, Any]:
    """The connection's memo (a fresh, forgotten one for a plain sqlite3 connection)."""
    return conn.memo if isinstance(conn, Connection) else {}


def connect(path: Path | str, durability: Durability = Durability.FULL) -> sqlite3.Connection:
    """A connection in autocommit mode (we issue BEGIN ourselves)."""
    conn = sqlite3.connect(
        str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000,
        factory=Connection,
    )  # fmt: skip
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")  # a memory database keeps its own journal mode
    conn.execute(f"PRAGMA synchronous = {durability.value.upper()}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


class Connections:
    """The connections of one database, for any number of threads.

    A file gets one connection per thread. A memory database has one connection, which every
    thread shares under one lock: `read()` and `write()` hold it for the whole block, so no
    thread ever sees another's unfinished transaction.

    Writes go through `write()`: BEGIN IMMEDIATE ... COMMIT. Within one process writers are also
    serialised by a lock (SQLite allows one writer anyway; the lock avoids busy-wait back-off).
    Atomicity never relies on that lock: two processes on one file are still safe.

    Inside `group()` (group commit, see `store.writer`) `write()` becomes a SAVEPOINT of the
    group's transaction, and `after_commit` callbacks wait until the group has committed.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        durability: Durability = Durability.FULL,
        serialize_writes: bool = True,
    ) -> None:
        self.path = Path(path)
        self.memory = str(path) == MEMORY
        self.durability = durability
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        self._shared: sqlite3.Connection | None = None
        self._shared_lock = threading.RLock()  # reentrant: a write may read, a read may roll over
        self._write_lock: threading.Lock | threading.RLock | None = (
            self._shared_lock if self.memory else threading.Lock() if serialize_writes else None
        )
        self._autocheckpoint = True
        create_private(self.path)
        if self.memory:
            self._shared = connect(MEMORY, durability)
            self._all.append(self._shared)

    def get(self) -> sqlite3.Connection:
        """This thread's connection (the shared one for memory: use it inside `read`/`write`)."""
        if self._shared is not None:
            return self._shared
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.path, self.durability)
            if not self._autocheckpoint:
                conn.execute("PRAGMA wal_autocheckpoint = 0")
            self._local.conn = conn
            with self._guard:
                self._all.append(conn)
        return conn

    def read(self) -> AbstractContextManager[sqlite3.Connection]:
        """A connection to read from; fetch every row inside the block."""
        if self._shared is None:
            return nullcontext(self.get())  # a file: this thread's own connection, no lock
        return _Holding(self._shared_lock, self._shared)

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (a savepoint inside a group); rolled back if the block raises."""
        conn = self.get()
        pending = getattr(self._local, "after_commit", None)
        if pending is not None:
            with self._savepoint(conn):
                yield conn
            return
        with self._locked(), _immediate(conn):
            yield conn

    @contextmanager
    def group(self) -> Iterator[sqlite3.Connection]:
        """One transaction for many `write()` blocks: one commit (one fsync) for all of them."""
        conn = self.get()
        with self._locked():
            self._local.after_commit = []
            self._local.depth = 0
            try:
                with _immediate(conn):
                    yield conn
                callbacks = self._local.after_commit
            finally:
                self._local.after_commit = None
        for callback in callbacks:
            callback()

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run `callback` once the current write is durable (now, unless inside a group)."""
        pending = getattr(self._local, "after_commit", None)
        if pending is None:
            callback()
        else:
            pending.append(callback)

    def checkpoint_elsewhere(self) -> None:
        """Stop commits from copying the WAL into the database file now and then (a stall of
        tens of milliseconds); the caller runs `checkpoint()` off the request path instead."""
        self._autocheckpoint = False
        with self._guard:
            for conn in self._all:
                if conn is not self._shared:
                    conn.execute("PRAGMA wal_autocheckpoint = 0")

    def checkpoint(self, *, truncate: bool = False) -> bool:
        """Copy committed WAL pages into the database file without blocking writers; with
        `truncate`, also empty the WAL (waiting for writers). False if readers kept it from
        completing."""
        if self.memory:  # memory has no WAL
            return True
        mode = "TRUNCATE" if truncate else "PASSIVE"
        busy = self.get().execute(f"PRAGMA wal_checkpoint({mode})").fetchone()[0]
        return not busy

    def _locked(self) -> AbstractContextManager[object]:
        return nullcontext() if self._write_lock is None else self._write_lock

    @contextmanager
    def _savepoint(self, conn: sqlite3.Connection) -> Iterator[None]:
        self._local.depth += 1
        name = f"write_{self._local.depth}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
            memo_of(conn).clear()
            raise
        finally:
            self._local.depth -= 1
        conn.execute(f"RELEASE {name}")

    def close(self) -> None:
        with self._guard:
            for conn in self._all:
                with contextlib.suppress(sqlite3.ProgrammingError):  # closed elsewhere already
                    conn.close()
            self._all.clear()
        self._local = threading.local()


class _Holding:
    """The shared connection while holding its lock (a class: cheaper than a generator)."""

    def __init__(self, lock: threading.RLock, conn: sqlite3.Connection) -> None:
        self._lock, self._conn = lock, conn

    def __enter__(self) -> sqlite3.Connection:
        self._lock.acquire()
        return self._conn

    def __exit__(self, *exc: object) -> None:
        self._lock.release()


@contextmanager
def _immediate(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        memo_of(conn).clear()
        raise
    conn.execute("COMMIT")
