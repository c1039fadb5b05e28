"""Offline hand-over: tickets a kiosk issued while the server was unreachable."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from queue_server.engine import errors
from queue_server.engine.numbering import is_offline_number
from queue_server.store.tickets import IdCard, IssueRequest
from queue_server.store.timeutil import parse_client_time


@dataclass(frozen=True)
class OfflineTicket:
    number: str  # the kiosk's own number, e.g. AK101
    service: str
    issued_at: str  # ISO 8601, as printed on the paper ticket
    idempotency_key: str
    id_card: IdCard | None = None
    priority: str = "normal"


def requests(hall: str, kiosk_id: str, items: Sequence[OfflineTicket]) -> list[IssueRequest]:
    """The batch as issue requests, every item checked first (a bad one raises `Invalid`).

    The kiosk's number is kept and its issue time becomes the ticket's arrival, so the citizen
    keeps their place. Rules (duplicates, caps) are not re-checked: the paper is already out.
    """
    return [_request(hall, kiosk_id, item) for item in items]


def _request(hall: str, kiosk_id: str, item: OfflineTicket) -> IssueRequest:
    if not is_offline_number(item.number):
        raise errors.Invalid(
            f"离线号码 {item.number} 格式无效",
            f"Offline number {item.number!r} is not of the form {{prefix}}K{{kiosk}}{{seq}}",
            code="invalid_input",
        )
    try:
        issued_at = parse_client_time(item.issued_at)
    except ValueError as err:
        raise errors.Invalid(
            f"时间 {item.issued_at} 无效",
            f"issued_at {item.issued_at!r} is not an ISO 8601 time",
            code="invalid_input",
        ) from err
    return IssueRequest(
        hall=hall,
        service=item.service,
        idempotency_key=item.idempotency_key,
        id_card=item.id_card,
        priority=item.priority,
        kiosk_id=kiosk_id,
        number=item.number,
        issued_at=issued_at,
    )
