"""The offline journal: tickets a kiosk issues while the server is unreachable, durable on disk.

Numbers take the form `{prefix}K{kiosk_digit}{seq:02}` (CONTRACT.md), which the server never
issues, so they cannot collide with its numbers. Tickets are handed over in issue order with
their idempotency keys, so a hand-over cut short and retried (even after a kiosk restart) never
duplicates a ticket. A ticket the server refuses by name (say, printed yesterday, or by a clock
far off the server's) is set aside with the refusal, so it cannot hold back the others. No
personal data is kept readable here: a ticket's ID card is only kept sealed to the server's
public key (`engine.sealing`), which the kiosk itself cannot open.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from kiosk import KioskError
from queue_server.client.errors import Refused
from queue_server.client.models import Service, Ticket
from queue_server.engine.numbering import business_day, offline_number  # the one definitions

log = logging.getLogger(__name__)

SCHEMA_VERSION = 3  # 2: offline_tickets.refused; 3: offline_tickets.sealed_id_card
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS offline_tickets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    business_day TEXT NOT NULL,
    prefix TEXT NOT NULL,
    seq INTEGER NOT NULL,
    number TEXT NOT NULL,
    service TEXT NOT NULL,
    service_zh TEXT NOT NULL,
    service_en TEXT NOT NULL,
    priority TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    ahead INTEGER NOT NULL,
    eta_minutes INTEGER NOT NULL,
    handed_over_at TEXT,
    server_number TEXT,
    server_token TEXT,
    refused TEXT,
    sealed_id_card TEXT,
    UNIQUE (business_day, prefix, seq)
);
CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class JournalError(KioskError):
    """The journal file cannot be opened or written."""


@dataclass(frozen=True)
class JournalEntry:
    id: int
    number: str
    service: str
    priority: str
    issued_at: str
    idempotency_key: str
    handed_over: bool
    server_number: str | None
    refused: str | None = None  # the server's refusal, when it would not take this ticket
    sealed_id_card: str | None = None  # base64, sealed to the server's key

    def hand_over_item(self) -> dict[str, Any]:
        item = {
            "number": self.number,
            "service": self.service,
            "issued_at": self.issued_at,
            "idempotency_key": self.idempotency_key,
            "priority": self.priority,
        }
        if self.sealed_id_card is not None:
            item["sealed_id_card"] = self.sealed_id_card
        return item


class OfflineJournal:
    """A SQLite file (WAL, synchronous=FULL) safe to use from the kiosk's background threads.

    `timezone` is the hall's (kiosk.toml): offline numbers restart at its midnight.
    """

    def __init__(self, path: Path | str, hall: str, kiosk_digit: int, timezone: str) -> None:
        self.path = Path(path)
        self.hall = hall
        self.kiosk_digit = kiosk_digit
        self.timezone = timezone
        self.zone = ZoneInfo(timezone)
        self._lock = threading.Lock()
        try:
            if str(path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(_SCHEMA)
            self._upgrade()
        except sqlite3.Error as err:
            raise JournalError(f"offline journal {self.path}: {err}") from err

    def _upgrade(self) -> None:
        """Bring a journal written by an older kiosk to `SCHEMA_VERSION`."""
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(offline_tickets)")}
        if "refused" not in columns:  # version 1
            self._db.execute("ALTER TABLE offline_tickets ADD COLUMN refused TEXT")
        if "sealed_id_card" not in columns:  # version 2
            self._db.execute("ALTER TABLE offline_tickets ADD COLUMN sealed_id_card TEXT")
        self._db.execute(
            "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
        )

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                yield self._db
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    # -- issuing --------------------------------------------------------------------------
    def issue(
        self,
        service: Service,
        idempotency_key: str,
        priority: str,
        now: datetime,
        sealed_id_card: str | None = None,
    ) -> Ticket:
        """Issue (or, for a known key, return again) an offline ticket; durable on return.
        `sealed_id_card`: the holder's card, already sealed (never a readable one)."""
        local = now.astimezone(self.zone)
        day = business_day(now, self.timezone).isoformat()
        with self._write() as db:
            row = db.execute(
                "SELECT * FROM offline_tickets WHERE idempotency_key = ?", (idempotency_key,)
            ).fetchone()
            if row is None:
                row = self._insert(db, service, idempotency_key, priority, local, day,
                                   sealed_id_card)  # fmt: skip
        return self._ticket(row)

    def _insert(
        self,
        db: sqlite3.Connection,
        service: Service,
        key: str,
        priority: str,
        local: datetime,
        day: str,
        sealed: str | None,
    ) -> sqlite3.Row:
        (seq,) = db.execute(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM offline_tickets"
            " WHERE business_day = ? AND prefix = ?",
            (day, service.prefix),
        ).fetchone()
        (pending_same,) = db.execute(
            "SELECT COUNT(*) FROM offline_tickets WHERE service = ? AND business_day = ?"
            " AND handed_over_at IS NULL",
            (service.code, day),
        ).fetchone()
        ahead = service.waiting + pending_same
        eta = round(service.eta_minutes * (ahead + 1) / (service.waiting + 1))
        number = offline_number(service.prefix, self.kiosk_digit, seq)
        values = (
            day, service.prefix, seq, number, service.code, service.name.zh, service.name.en,
            priority, local.isoformat(timespec="seconds"), key, ahead, eta, sealed,
        )  # fmt: skip
        db.execute(
            "INSERT INTO offline_tickets (business_day, prefix, seq, number, service, service_zh,"
            " service_en, priority, issued_at, idempotency_key, ahead, eta_minutes,"
            " sealed_id_card) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            values,
        )
        log.info("offline ticket %s issued for %s", number, service.code)
        row: sqlite3.Row = db.execute(
            "SELECT * FROM offline_tickets WHERE idempotency_key = ?", (key,)
        ).fetchone()
        return row

    def _ticket(self, row: sqlite3.Row) -> Ticket:
        item = dict(row)
        return Ticket.from_json(
            {
                "number": item["number"],
                "service": item["service"],
                "service_name": {"zh": item["service_zh"], "en": item["service_en"]},
                "hall": self.hall,
                "status": "waiting",
                "ahead": item["ahead"],
                "eta_minutes": item["eta_minutes"],
                "token": None,
                "priority": item["priority"],
                "issued_at": item["issued_at"],
                "source": "offline",
            }
        )

    # -- hand-over ------------------------------------------------------------------------
    def entries(self, pending_only: bool = False) -> list[JournalEntry]:
        sql = (
            "SELECT id, number, service, priority, issued_at, idempotency_key,"
            " handed_over_at IS NOT NULL, server_number, refused, sealed_id_card"
            " FROM offline_tickets"
        )
        if pending_only:
            sql += " WHERE handed_over_at IS NULL AND refused IS NULL"
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY id").fetchall()
        return [
            JournalEntry(
                id=row[0],
                number=row[1],
                service=row[2],
                priority=row[3],
                issued_at=row[4],
                idempotency_key=row[5],
                handed_over=bool(row[6]),
                server_number=row[7],
                refused=row[8],
                sealed_id_card=row[9],
            )
            for row in rows
        ]

    def pending(self) -> list[JournalEntry]:
        """Tickets not yet handed over (nor set aside), in issue order."""
        return self.entries(pending_only=True)

    def set_aside(self, entry: JournalEntry, refusal: str) -> None:
        """The server will not take this ticket: keep it, with why, but hand it over no more."""
        with self._write() as db:
            db.execute(  # the sealed card is of no further use: keep no more than needed
                "UPDATE offline_tickets SET refused = ?, sealed_id_card = NULL WHERE id = ?",
                (refusal, entry.id),
            )
        log.error("offline ticket %s set aside, the server refused it: %s", entry.number, refusal)

    def drop_seal(self, entry: JournalEntry) -> None:
        """The server cannot open this ticket's sealed card: hand the ticket over without it."""
        with self._write() as db:
            db.execute("UPDATE offline_tickets SET sealed_id_card = NULL WHERE id = ?", (entry.id,))
        log.error("offline ticket %s: the server cannot open its sealed ID card; handing it"
                  " over without the holder", entry.number)  # fmt: skip

    def mark_handed_over(self, entries: list[JournalEntry], tickets: list[Ticket]) -> None:
        if len(entries) != len(tickets):
            raise JournalError(f"hand-over answered {len(tickets)} tickets for {len(entries)} sent")
        now = datetime.now(self.zone).isoformat(timespec="seconds")
        with self._write() as db:
            for entry, ticket in zip(entries, tickets, strict=True):
                db.execute(
                    "UPDATE offline_tickets SET handed_over_at = ?, server_number = ?,"
                    " server_token = ?, sealed_id_card = NULL WHERE id = ?",
                    (now, ticket.number, ticket.token, entry.id),
                )

    # -- last known hall state, so a kiosk restarted offline still knows its services -------
    def remember(self, key: str, value: Any) -> None:
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO cache VALUES (?, ?)",
                (key, json.dumps(value, ensure_ascii=False)),
            )

    def recall(self, key: str) -> Any:
        with self._lock:
            row = self._db.execute("SELECT value FROM cache WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None


def hand_over(
    journal: OfflineJournal, send: Callable[[list[dict[str, Any]]], list[Ticket]], batch: int = 50
) -> int:
    """Hand the pending tickets over in issue order, `batch` at a time; how many were taken.

    The server takes a batch whole or not at all, and names the ticket it refuses (`index`):
    that one is set aside and the rest are sent again, so one bad paper cannot hold back every
    later ticket; a sealed card the server cannot open is dropped instead, so the paper stays
    valid. Any other refusal (`Refused`) is raised with every ticket kept for a retry.
    """
    handed = 0
    while pending := journal.pending()[:batch]:
        try:
            tickets = send([entry.hand_over_item() for entry in pending])
        except Refused as err:
            index = err.extra.get("index")
            if not isinstance(index, int) or not 0 <= index < len(pending):
                raise
            if err.code == "invalid_sealed_id_card" and pending[index].sealed_id_card:
                journal.drop_seal(pending[index])
            else:
                journal.set_aside(pending[index], f"{err.status} {err.code}: {err.en}")
            continue
        journal.mark_handed_over(pending, tickets)
        handed += len(tickets)
    return handed
