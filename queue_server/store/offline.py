"""Offline hand-over: tickets a kiosk issued while the server was unreachable."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

from queue_server.engine import errors, sealing
from queue_server.engine.district import District, Hall
from queue_server.engine.handover import check_issue_time, check_offline_number
from queue_server.keys import Keyring
from queue_server.store.tickets import Holder, IdCard, IssueRequest, holder_of, lookup


@dataclass(frozen=True)
class OfflineTicket:
    number: str  # the kiosk's own number, e.g. AK101
    service: str
    issued_at: str  # ISO 8601 with offset, as printed on the paper ticket
    idempotency_key: str
    id_card: IdCard | None = None
    priority: str = "normal"
    sealed_id_card: str | None = None  # the card sealed to the server's key (engine.sealing)


@dataclass(frozen=True)
class Batch:
    """Who hands the tickets over, and what the server's rules are at that moment."""

    hall: Hall
    kiosk_id: str
    caller: str  # whose idempotency keys they are
    now: datetime
    check_hours: bool


@contextmanager
def naming(index: int, number: str) -> Iterator[None]:
    """A refusal raised inside names the ticket of the batch it is about: `index` (from 0) and
    `number`, so the kiosk knows which paper ticket the server would not take."""
    try:
        yield
    except errors.QueueError as err:
        err.extra.update(index=index, number=number)
        raise


def requests(
    district: District, batch: Batch, items: Sequence[OfflineTicket], keys: Keyring
) -> list[tuple[IssueRequest, Holder]]:
    """The batch as issue requests, every item checked before any is written (the first bad
    one raises, named by `naming`).

    The kiosk's number is kept and its issue time becomes the ticket's arrival, so the citizen
    keeps their place; that is why both are checked (`engine.handover`). A sealed ID card is
    opened here, in memory. Caps and hours are not re-checked, the paper is already out; the
    one-ticket-per-ID rule is, when writing (`tickets.issue`).
    """
    checked = []
    for index, item in enumerate(items):
        with naming(index, item.number):
            checked.append(_request(district, batch, item, keys))
    return checked


def _request(
    district: District, batch: Batch, item: OfflineTicket, keys: Keyring
) -> tuple[IssueRequest, Holder]:
    _, service = lookup(district, batch.hall.id, item.service)
    check_offline_number(item.number, service)
    issued_at = _issue_time(item.issued_at)
    check_issue_time(batch.hall, issued_at, batch.now, enforce_hours=batch.check_hours)
    card = _card(item, keys)
    request = IssueRequest(
        hall=batch.hall.id,
        service=item.service,
        idempotency_key=item.idempotency_key,
        id_card=card,
        priority=item.priority,
        kiosk_id=batch.kiosk_id,
        number=item.number,
        issued_at=issued_at,
        caller=batch.caller,
    )
    return request, holder_of(card, keys.id_keys)


def _card(item: OfflineTicket, keys: Keyring) -> IdCard | None:
    """The ticket's ID card: as sent, or opened from its seal."""
    if item.sealed_id_card is None:
        return item.id_card
    if item.id_card is not None:
        raise errors.Invalid(
            "离线号票只能带一种身份证信息：id_card 或 sealed_id_card。",
            "An offline ticket carries either id_card or sealed_id_card, not both.",
            code="invalid_sealed_id_card",
        )
    try:
        opened = sealing.unseal(keys.seal_key, item.sealed_id_card)
    except sealing.SealError as err:
        raise errors.Invalid(
            "离线号票的加密身份证信息无法打开（不是用本服务器的公钥加密的，或已损坏）。",
            f"The ticket's sealed ID card does not open: {err}.",
            code="invalid_sealed_id_card",
        ) from err
    return IdCard(opened.number, opened.name or None, _expiry(opened.valid_to))


def _expiry(value: str | None) -> date | None:
    """The sealed card's expiry; an unreadable one counts as unknown (the paper is out)."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _issue_time(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError as err:
        raise errors.Invalid(
            f"取号时间 {value} 不是 ISO 8601 时间",
            f"issued_at {value!r} is not an ISO 8601 time",
            code="invalid_issued_at",
        ) from err
