"""Issuing while the server is unreachable: the ticket goes into the journal with its ID card
sealed to the server's public key, and one card gets one ticket per service.

The duplicate check keeps, in memory only, a keyed hash of (ID number, service) under a key
made anew by each process; nothing of it reaches the disk, and it is forgotten once the journal
is handed over (from then on the server applies the rule itself).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from kiosk.journal import OfflineJournal, hand_over
from queue_server.client.errors import ClientError, Refused
from queue_server.client.models import IdentityCard, SealKey, Service, Ticket
from queue_server.engine import sealing
from queue_server.engine.privacy import normalise_id_number

log = logging.getLogger(__name__)

SEAL_KEY = "seal_key"  # the journal's cache entry: the server's public key, base64


class OfflineDesk:
    """The offline issuing path: journal, seal, and the in-memory one-ticket-per-card check."""

    def __init__(self, journal: OfflineJournal) -> None:
        self.journal = journal
        self._mark_key = secrets.token_bytes(32)  # per process, never written anywhere
        self._held: dict[str, tuple[str, str]] = {}  # mark -> (number, idempotency key)
        self._lock = threading.Lock()  # issuing and hand-over run on background threads
        self.seal_key_fresh = False  # fetched since the server was last reached

    def learn_seal_key(self, fetch: Callable[[], SealKey]) -> bool:
        """Fetch the server's public key and cache it in the journal, so a kiosk restarted
        offline still seals; a failure is logged, the cached key (if any) kept, and False."""
        try:
            key = fetch()
            sealing.decode_key(key.public_key)  # a bad key is refused here, not at a seal
        except (ClientError, sealing.SealError) as err:
            log.warning("no seal key from the server (%s): offline tickets keep %s", err,
                        "the last key" if self.can_seal else "no holder")  # fmt: skip
            return False
        if self.journal.recall(SEAL_KEY) != key.public_key:
            self.journal.remember(SEAL_KEY, key.public_key)
        self.seal_key_fresh = True
        return True

    def issue(
        self,
        service: Service,
        idempotency_key: str,
        identity: IdentityCard | None,
        priority: str,
        now: datetime,
    ) -> Ticket:
        """An offline ticket; Refused `duplicate_ticket` for the card's second of the service."""
        mark = self._mark(identity, service.code)
        with self._lock:
            held = self._held.get(mark) if mark else None
            if held is not None and held[1] != idempotency_key:
                raise duplicate(held[0])
            ticket = self.journal.issue(
                service, idempotency_key, priority, now, self._seal(identity)
            )
            if mark:
                self._held[mark] = (ticket.number, idempotency_key)
        if identity is not None and not self.can_seal:
            log.warning("offline ticket %s issued without the holder: no seal key yet"
                        " (GET /api/seal-key never answered)", ticket.number)  # fmt: skip
        return ticket

    def hand_over(self, send: Callable[[list[dict[str, Any]]], list[Ticket]]) -> int:
        """Hand the journal over (`journal.hand_over`); once nothing is left, forget the marks.
        Issuing is not held up meanwhile: a ticket issued during it is pending, so kept."""
        handed = hand_over(self.journal, send)
        with self._lock:
            if not self.journal.pending():
                self._held.clear()
        return handed

    @property
    def can_seal(self) -> bool:
        return self.journal.recall(SEAL_KEY) is not None

    def _seal(self, identity: IdentityCard | None) -> str | None:
        public_key = self.journal.recall(SEAL_KEY)
        if identity is None or public_key is None:
            return None
        valid_to = identity.valid_to.isoformat() if identity.valid_to else None
        key = sealing.decode_key(public_key)
        return sealing.seal(key, identity.number, identity.name, valid_to)

    def _mark(self, identity: IdentityCard | None, service: str) -> str | None:
        if identity is None:
            return None
        text = f"{normalise_id_number(identity.number)}|{service}".encode()
        return hmac.new(self._mark_key, text, hashlib.sha256).hexdigest()


def duplicate(number: str) -> Refused:
    """The refusal the server would give, so the session shows it as any duplicate."""
    return Refused(
        409,
        "duplicate_ticket",
        f"请勿重复取号：您已有该事项的号票 {number} 号，请留意叫号。",
        f"You already have ticket {number} for this service; please wait for it to be called.",
        {"existing_number": number},
        where="this kiosk, offline",
    )
