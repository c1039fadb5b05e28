"""SQLite connections: one per thread, WAL, synchronous=FULL, explicit write transactions."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 30_000


def connect(path: Path | str) -> sqlite3.Connection:
    """A connection in autocommit mode (we issue BEGIN ourselves) with durable settings."""
    conn = sqlite3.connect(
        str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
    )
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL: the WAL is fsynced at every commit, so an acknowledged request survives a crash.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


class Connections:
    """Hands each thread its own connection to one database file.

    Writes go through `write()`: BEGIN IMMEDIATE ... COMMIT. Within one process writers are also
    serialised by a lock (SQLite allows one writer anyway; the lock avoids busy-wait back-off).
    Atomicity never relies on that lock: two processes on one file are still safe.

    Inside `group()` (group commit, see `store.writer`) `write()` becomes a SAVEPOINT of the
    group's transaction, and `after_commit` callbacks wait until the group has committed.
    """

    def __init__(self, path: Path | str, *, serialize_writes: bool = True) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        self._write_lock: threading.Lock | None = threading.Lock() if serialize_writes else None
        self._autocheckpoint = True

    def get(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.path)
            if not self._autocheckpoint:
                conn.execute("PRAGMA wal_autocheckpoint = 0")
            self._local.conn = conn
            with self._guard:
                self._all.append(conn)
        return conn

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
                conn.execute("PRAGMA wal_autocheckpoint = 0")

    def checkpoint(self) -> None:
        """Copy committed WAL pages into the database file without blocking writers."""
        self.get().execute("PRAGMA wal_checkpoint(PASSIVE)")

    @contextmanager
    def _locked(self) -> Iterator[None]:
        if self._write_lock is None:
            yield
            return
        with self._write_lock:
            yield

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


@contextmanager
def _immediate(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
