"""What every part of the Store shares: the database, the clock, the business day and its
roll-over, the event log and its listeners. The use cases live in `store_*.py` beside this."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from queue_server.clock import Clock, system_clock
from queue_server.engine import errors
from queue_server.engine.district import District, Hall
from queue_server.keys import KeyFile, KeyFileError, Keyring, Source, default_path
from queue_server.store import eventlog, meta, rollover, schema
from queue_server.store import windows as window_rows
from queue_server.store.balancing import BalanceBoard
from queue_server.store.db import Connections, Durability
from queue_server.store.users import SCRYPT_N
from queue_server.store.views.tickets import add_token, ticket_view
from queue_server.store.writer import GroupWriter

log = logging.getLogger(__name__)

Listener = Callable[[list[eventlog.Event]], None]


@dataclass(frozen=True)
class Settings:
    check_hours: bool = True  # False: issue at any time of day (tests, demos)
    password_cost: int = SCRYPT_N  # scrypt n of new hashes and re-hashes (lower: tests only)


class StoreBase:
    """Queue state in one SQLite database: a file, or memory (`db.MEMORY`) for simulations.

    `clock` is injected so tests and simulations drive time; `durability` is FULL for `serve`
    and may be OFF where a crash loses nothing of value (simulations, tests).

    `keys`, the secrets (never kept in the database): a Keyring as it is; a KeyFile to load, or
    to create with a new database; None: fresh keys in memory for a memory store, and the
    default key file beside a database file (`queue.db` -> `queue.keys`).
    """

    def __init__(
        self,
        path: Path | str,
        district: District,
        *,
        clock: Clock = system_clock,
        keys: Keyring | KeyFile | None = None,
        settings: Settings | None = None,
        durability: Durability = Durability.FULL,
        serialize_writes: bool = True,
    ) -> None:
        self.district = district
        self.clock = clock
        self.settings = settings or Settings()
        self.db = Connections(path, durability=durability, serialize_writes=serialize_writes)
        self._listeners: list[Listener] = []
        self._boundary_lock = threading.Lock()
        self.balance = BalanceBoard()  # smoothed cross-hall estimates, suggestions, overloads
        self.keys = self._open_keys(keys)
        with self.db.write() as conn:
            window_rows.seed(conn, district, clock())
        self._boundary = rollover.next_boundary(clock(), district)
        self._close_stale(clock())

    def _open_keys(self, given: Keyring | KeyFile | None) -> Keyring:
        """The keyring, the schema migrated, and any secrets an older database held moved out."""
        with self.db.read() as conn:
            old = schema.schema_version(conn) > 0
            legacy = meta.legacy_keyring(conn, self.clock()) if old else None
            bound = old and meta.uses_key_file(conn)
        file = None
        if isinstance(given, Keyring) or self.db.memory:
            ring = given if isinstance(given, Keyring) else Keyring.generate(self.clock())
            ring = ring.completed(self.clock())
        else:
            file = given or KeyFile(default_path(self.db.path), Source.DEFAULT)
            ring = self._key_file_ring(file, bound=bound, legacy=legacy)
        with self.db.read() as conn:
            schema.migrate(conn)
        if legacy is not None:
            self._forget_legacy(legacy, ring, f"key file {file}" if file else "keyring given")
        if file is not None and not bound:
            with self.db.write() as conn:
                meta.mark_key_file(conn)
        return ring

    def _key_file_ring(self, file: KeyFile, *, bound: bool, legacy: Keyring | None) -> Keyring:
        """Load the key file; create one for a database that has had none (with the secrets an
        older database still holds, if any)."""
        if file.exists():
            return file.load(self.clock())
        if bound:  # new keys would orphan every token and ID hash the database relies on
            raise KeyFileError(
                f"no key file at {file} for the database {self.db.path}: pass the key file it"
                " was created with (--keys, $QUEUE_SERVER_KEYS) or restore it from its backup"
            )
        ring = (legacy or Keyring.generate(self.clock())).completed(self.clock())
        file.create(ring)
        log.info("created the key file %s", file)
        return ring

    def _forget_legacy(self, legacy: Keyring, ring: Keyring, where: str) -> None:
        """Erase the secrets an older database kept in its meta table once the keyring has
        them; refuse to guess when the keyring holds other keys."""
        if legacy.token_key != ring.token_key or legacy.id_key not in ring.id_keys:
            raise KeyFileError(
                f"the database {self.db.path} still holds secrets of its own and they differ"
                f" from the {where}: give the key file this database was made with, or move"
                " that key file away so the database's secrets go into a new one"
            )
        with self.db.write() as conn:
            meta.forget_secrets(conn)
        if not self.db.checkpoint(truncate=True):
            log.warning("%s: erased secrets stay in the file until a checkpoint", self.db.path)
        log.info("moved the secrets of %s out of the database into the %s", self.db.path, where)

    @property
    def token_key(self) -> bytes:
        """The key that signs every bearer token."""
        return self.keys.token_key

    @property
    def id_key(self) -> bytes:
        """The current ID-hash key (new tickets); `id_keys` has the older ones too."""
        return self.keys.id_key

    @property
    def id_keys(self) -> tuple[bytes, ...]:
        return self.keys.id_keys

    @property
    def seal_public_key(self) -> bytes:
        """The public key kiosks seal offline tickets' ID cards to."""
        return self.keys.seal_public_key

    @property
    def path(self) -> Path:
        """The database file (ValueError for a store in memory, which has none)."""
        if self.db.memory:
            raise ValueError("an in-memory store has no database file")
        return self.db.path

    def close(self) -> None:
        self.db.close()

    def subscribe(self, listener: Listener) -> None:
        """`listener(events)` is called after each commit that appended events (any thread)."""
        self._listeners.append(listener)

    def group_writer(self) -> GroupWriter:
        """A group-commit writer for this store's database (see `store.writer`)."""
        return GroupWriter(self.db)

    def checkpoint_elsewhere(self) -> None:
        """Commits stop checkpointing the WAL; the caller runs `checkpoint()` off the hot path."""
        self.db.checkpoint_elsewhere()

    def checkpoint(self) -> None:
        self.db.checkpoint()

    # --- the business day -------------------------------------------------------------------

    def hall(self, hall_id: str) -> Hall:
        """The configured hall, or UnknownHall."""
        found = self.district.halls.get(hall_id)
        if found is None:
            raise errors.UnknownHall(hall_id)
        return found

    def now(self) -> datetime:
        """The current time; the first call after a local midnight closes the previous day."""
        moment = self.clock()
        # Never wait for another thread's roll-over: it may be waiting for our write lock.
        if moment >= self._boundary and self._boundary_lock.acquire(blocking=False):
            try:
                if moment >= self._boundary:
                    self._close_stale(moment)
                    self._boundary = rollover.next_boundary(moment, self.district)
            finally:
                self._boundary_lock.release()
        return moment

    def seconds_to_roll_over(self) -> float:
        """Seconds until the next local midnight of any hall (when `now()` closes the day)."""
        return max(0.0, (self._boundary - self.clock()).total_seconds())

    def close_day(self, actor: str = "system") -> int:
        """End-of-day job: close every unfinished ticket up to and including today."""
        events = self._close_halls(self.now(), actor, include_today=True)
        return sum(1 for e in events if e.type != "day.closed")

    def _close_stale(self, moment: datetime) -> None:
        events = self._close_halls(moment, "system", include_today=False)
        if events:
            log.info("business day rolled over: closed %d stale tickets", len(events))

    def _close_halls(
        self, moment: datetime, actor: str, *, include_today: bool
    ) -> list[eventlog.Event]:
        events: list[eventlog.Event] = []
        with self.db.write() as conn:
            for hall in self.district.halls.values():
                events += rollover.close_hall(
                    conn, self.district, hall, now=moment, actor=actor, include_today=include_today
                )
        self._publish(events)
        return events

    # --- the event log ----------------------------------------------------------------------

    def events_after(
        self, seq: int, hall: str | None = None, limit: int = 1000
    ) -> list[eventlog.Event]:
        with self.db.read() as conn:
            return eventlog.after_seq(conn, seq, hall, limit)

    def events_before_today(self, hall: str | None = None) -> int:
        """The last event logged before today's business day (of `hall`, or of every hall)."""
        now = self.now()
        days = {hall_id: hall.business_day(now) for hall_id, hall in self.district.halls.items()}
        with self.db.read() as conn:
            return eventlog.before_day(conn, days, hall)

    def last_event_seq(self) -> int:
        with self.db.read() as conn:
            return eventlog.last_seq(conn)

    def _publish(self, events: list[eventlog.Event]) -> None:
        """Tell listeners about events once they are durable (after the group commit, if any)."""
        if events:
            self.db.after_commit(lambda: self._notify(events))

    def _notify(self, events: list[eventlog.Event]) -> None:
        for listener in self._listeners:
            try:
                listener(events)
            except Exception:  # a broken subscriber must not undo a committed change
                log.exception("event listener %r failed", listener)

    def _view_from(
        self,
        events: list[eventlog.Event],
        row: sqlite3.Row,
        conn: sqlite3.Connection,
        now: datetime,
    ) -> dict[str, Any]:
        """The ticket as its last event in this transaction showed it (saves recomputing)."""
        for event in reversed(events):
            shown = event.data.get("ticket")
            if shown is not None and shown["id"] == row["id"]:
                return add_token(dict(shown), row["token"])
        return ticket_view(conn, self.district, row, now)
