"""Issuing tickets: one write transaction with a per-(hall, prefix, day) counter and idempotency."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from queue_server.engine import errors
from queue_server.engine.district import District, Hall, Service
from queue_server.engine.numbering import format_number
from queue_server.engine.privacy import (
    is_valid_id_number,
    mask_id_number,
    mask_name,
    normalise_id_number,
)
from queue_server.engine.states import Priority, Source
from queue_server.store import eventlog, queries
from queue_server.store.issuing_rules import check_can_issue, held_number
from queue_server.store.phones import SealedPhone
from queue_server.store.timeutil import stored
from queue_server.store.views.audience import without_phone
from queue_server.store.views.tickets import ticket_view


@dataclass(frozen=True)
class IdCard:
    number: str
    name: str | None = None
    valid_to: date | None = None  # the card's expiry as read; None: long-term or not known

    def expired_on(self, day: str) -> bool:
        """True when the card ran out before business day `day` (YYYY-MM-DD)."""
        return self.valid_to is not None and self.valid_to.isoformat() < day


@dataclass(frozen=True)
class IssueRequest:
    hall: str
    service: str
    idempotency_key: str | None = None
    id_card: IdCard | None = None
    priority: str = "normal"
    kiosk_id: str | None = None
    # offline hand-over: the kiosk's number and its issue time become the ticket's own
    number: str | None = None
    issued_at: datetime | None = None
    # whose idempotency key it is (a kiosk, a user, a device token): keys never cross callers
    caller: str = ""
    # an appointment's check-in: the slot (start, end) it was booked for
    slot: tuple[datetime, datetime] | None = None
    # for notifications (the store encrypts it; only its masked form is ever shown)
    phone: str | None = None


@dataclass(frozen=True)
class Holder:
    id_hashes: tuple[str, ...]  # under every ID-hash key kept, current first; () without a card
    id_masked: str | None
    name_masked: str | None

    @property
    def id_hash(self) -> str | None:
        """The hash stored with a new ticket: under the current key."""
        return self.id_hashes[0] if self.id_hashes else None


def id_hash(key: bytes, number: str) -> str:
    """The keyed hash stored instead of an ID number (duplicate checks, appointment lookup)."""
    return hmac.new(key, normalise_id_number(number).encode(), hashlib.sha256).hexdigest()


def holder_of(card: IdCard | None, keys: Sequence[bytes]) -> Holder:
    """The holder as stored: hashed under each of `keys` (current first) and masked."""
    if card is None:
        return Holder((), None, None)
    if not is_valid_id_number(card.number):
        raise errors.InvalidIdNumber()
    name = (mask_name(card.name) or None) if card.name else None  # "": nothing visible left
    hashes = tuple(id_hash(key, card.number) for key in keys)
    return Holder(hashes, mask_id_number(card.number), name)


def lookup(district: District, hall_id: str, service: str) -> tuple[Hall, Service]:
    """The hall and service of a request, or UnknownHall / UnknownService."""
    found = district.halls.get(hall_id)
    if found is None:
        raise errors.UnknownHall(hall_id)
    if service not in found.services or service not in district.services:
        raise errors.UnknownService(service, hall_id)
    return found, district.services[service]


def find_idempotent(
    conn: sqlite3.Connection, hall: str, request: IssueRequest, holder: Holder
) -> sqlite3.Row | None:
    """The caller's first ticket for the request's key; 409 `idempotency_conflict` if the key
    came with another request then."""
    if request.idempotency_key is None:
        return None
    found = conn.execute(
        "SELECT ticket_id, request FROM idempotency WHERE hall = ? AND caller = ? AND key = ?",
        (hall, request.caller, request.idempotency_key),
    ).fetchone()
    if found is None:
        return None
    if not _same_request(json.loads(found["request"]), request_summary(request, holder)):
        raise errors.Conflict(
            "该请求编号（幂等键）已用于另一项取号请求，请换用新的编号。",
            "This idempotency key was already used with a different request; use a new key.",
            code="idempotency_conflict",
        )
    return queries.ticket_by_id(conn, found["ticket_id"])


def request_summary(request: IssueRequest, holder: Holder) -> dict[str, Any]:
    """What an idempotency key stands for, without personal data: the holder's keyed hash and
    masked name stand for the ID card."""
    issued = request.issued_at.astimezone(UTC).isoformat() if request.issued_at else None
    return {
        "service": request.service,
        "priority": request.priority,
        "holder": holder.id_hash,
        "name": holder.name_masked,
        "number": request.number,
        "issued_at": issued,
    }


def _same_request(first: dict[str, Any], again: dict[str, Any]) -> bool:
    """A repeated key must repeat its request. A hand-over may repeat an online request whose
    answer was lost (`_paper_shows_another_number`): the paper carries only its service and
    priority (the kiosk's journal keeps no ID card), plus the number and time it printed."""
    if first["number"] is None and again["number"] is not None:
        return all(first[field] == again[field] for field in ("service", "priority"))
    return first == again


def next_number(conn: sqlite3.Connection, hall: str, prefix: str, day: str) -> tuple[str, int]:
    """Increment the counter inside the caller's write transaction."""
    row = conn.execute(
        "INSERT INTO counters (hall, prefix, day, last) VALUES (?, ?, ?, 1)"
        " ON CONFLICT (hall, prefix, day) DO UPDATE SET last = last + 1 RETURNING last",
        (hall, prefix, day),
    ).fetchone()
    seq = int(row[0])
    return format_number(prefix, seq), seq


def issue(
    conn: sqlite3.Connection,
    district: District,
    request: IssueRequest,
    *,
    now: datetime,
    day: str,
    holder: Holder,
    actor: str,
    check_hours: bool,
    phone: SealedPhone | None = None,
) -> tuple[sqlite3.Row, bool, list[eventlog.Event]]:
    """Inside a write transaction: the first ticket for the idempotency key, or a new one
    (with the holder's encrypted `phone` for notifications, if given)."""
    hall, service = lookup(district, request.hall, request.service)
    existing = find_idempotent(conn, hall.id, request, holder)
    if existing is not None:
        if _paper_shows_another_number(existing, request):
            return _renumber(conn, district, existing, request, now=now, actor=actor)
        return existing, False, []
    number, source = _allocate(conn, hall, service, request, holder, now, day, check_hours)
    ticket_id = _insert(
        conn,
        hall,
        service,
        request,
        holder,
        number=number,
        source=source,
        day=day,
        now=now,
        arrived=_arrival(request, now),
    )
    if phone is not None:
        conn.execute(
            "UPDATE tickets SET phone_sealed = ?, phone_masked = ? WHERE id = ?",
            (phone.sealed, phone.masked, ticket_id),
        )
    if request.idempotency_key is not None:
        summary = json.dumps(request_summary(request, holder), sort_keys=True)
        conn.execute(
            "INSERT INTO idempotency (hall, caller, key, ticket_id, request, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (hall.id, request.caller, request.idempotency_key, ticket_id, summary,
             stored(now, hall.timezone)),
        )  # fmt: skip
    row = queries.ticket_by_id(conn, ticket_id)
    assert row is not None
    event = record(conn, district, "ticket.issued", row, actor=actor, now=now, before=None)
    return row, True, [event]


def _allocate(
    conn: sqlite3.Connection,
    hall: Hall,
    service: Service,
    request: IssueRequest,
    holder: Holder,
    now: datetime,
    day: str,
    check_hours: bool,
) -> tuple[str, Source]:
    """(number, source): the next counter value after the rules, or the kiosk's offline number
    (which keeps only the one-ticket-per-ID rule: the paper is out, but one card gets one)."""
    if request.number is not None:
        _check_offline_number_free(conn, hall, request.number, day)
        held = held_number(conn, hall, service, holder.id_hashes, day)
        if held is not None:
            raise errors.DuplicateTicket(service.code, held)
        return request.number, Source.OFFLINE
    if request.slot is not None:  # its place was booked: no walk-in cap or hours apply
        number, _ = next_number(conn, hall.id, service.prefix, day)
        return number, Source.APPOINTMENT
    check_can_issue(
        conn,
        hall,
        service,
        holder,
        now=now,
        day=day,
        check_hours=check_hours,
        id_number=request.id_card.number if request.id_card else None,
    )
    number, _ = next_number(conn, hall.id, service.prefix, day)
    return number, Source.WALK_IN


def _arrival(request: IssueRequest, now: datetime) -> datetime:
    """When the ticket's wait starts: an appointment's at its slot start (or at check-in, if
    later), so it is measured from the slot, not from an early arrival."""
    if request.slot is not None:
        return max(now, request.slot[0])
    return request.issued_at or now


def _paper_shows_another_number(existing: sqlite3.Row, request: IssueRequest) -> bool:
    """The server issued this key but its answer was lost, so the kiosk printed an offline
    number: the citizen only knows the paper's number."""
    return (
        request.number is not None
        and request.number != existing["number"]
        and existing["status"] == "waiting"
    )


def _renumber(
    conn: sqlite3.Connection,
    district: District,
    existing: sqlite3.Row,
    request: IssueRequest,
    *,
    now: datetime,
    actor: str,
) -> tuple[sqlite3.Row, bool, list[eventlog.Event]]:
    """Give the waiting ticket the number printed on the citizen's paper; place is unchanged."""
    assert request.number is not None
    hall = district.halls[existing["hall"]]
    _check_offline_number_free(conn, hall, request.number, existing["business_day"])
    conn.execute("UPDATE tickets SET number = ? WHERE id = ?", (request.number, existing["id"]))
    row = queries.ticket_by_id(conn, existing["id"])
    assert row is not None
    reason = (
        f"paper ticket {request.number} (answer for {existing['number']} never reached the kiosk)"
    )
    before = {"status": existing["status"], "number": existing["number"]}
    event = record(conn, district, "ticket.renumbered", row, actor=actor, now=now, before=before,
                   reason=reason)  # fmt: skip
    return row, False, [event]


def _check_offline_number_free(conn: sqlite3.Connection, hall: Hall, number: str, day: str) -> None:
    taken = conn.execute(
        "SELECT 1 FROM tickets WHERE hall = ? AND business_day = ? AND number = ?",
        (hall.id, day, number),
    ).fetchone()
    if taken is not None:
        raise errors.Conflict(
            f"离线号码 {number} 今日已登记（幂等键不同）。",
            f"Offline number {number} was already handed over today under another key.",
            code="duplicate_number",
        )


def _insert(
    conn: sqlite3.Connection,
    hall: Hall,
    service: Service,
    request: IssueRequest,
    holder: Holder,
    *,
    number: str,
    source: Source,
    day: str,
    now: datetime,
    arrived: datetime,
) -> int:
    priority = Priority(request.priority) if request.priority in queries.PRIORITY_RANK else None
    if priority is None or (priority is Priority.GREEN and not hall.green_channel):
        priority = Priority.NORMAL
    cursor = conn.execute(
        "INSERT INTO tickets (hall, service, number, business_day, token, status, priority, rank,"
        " source, issued_at, arrived_at, recall_count, holder, id_masked, id_hash, kiosk_id,"
        " id_expired, slot_start, slot_end)"
        " VALUES (?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)",
        (
            hall.id,
            service.code,
            number,
            day,
            secrets.token_urlsafe(12),
            priority,
            queries.PRIORITY_RANK[priority],
            source,
            stored(now, hall.timezone),
            stored(arrived, hall.timezone),
            holder.name_masked,
            holder.id_masked,
            holder.id_hash,
            request.kiosk_id,
            int(request.id_card is not None and request.id_card.expired_on(day)),
            *(
                [stored(moment, hall.timezone) for moment in request.slot]
                if request.slot
                else [None, None]
            ),  # fmt: skip
        ),
    )
    return int(cursor.lastrowid or 0)


def record(
    conn: sqlite3.Connection,
    district: District,
    type: str,
    row: sqlite3.Row,
    *,
    actor: str,
    now: datetime,
    before: dict[str, Any] | None,
    reason: str | None = None,
) -> eventlog.Event:
    """Append a ticket event: the public payload carries the ticket (without its token, and
    without even the masked phone: the event log is kept after the day's phones are erased)."""
    hall = district.halls[row["hall"]]
    waiting = queries.waiting_counts(conn, hall.id, row["business_day"])
    return eventlog.append(
        conn,
        hall,
        type,
        now=now,
        actor=actor,
        ticket=without_phone(ticket_view(conn, district, row, now, with_token=False)),
        ticket_id=row["id"],
        window=hall.window(row["window"]) if row["window"] is not None else None,
        reason=reason,
        before=before,
        after={"status": row["status"], "window": row["window"], "service": row["service"]},
        waiting=waiting,
    )
