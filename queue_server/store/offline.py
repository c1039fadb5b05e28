"""Offline hand-over: tickets a kiosk issued while the server was unreachable."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from queue_server.engine import errors
from queue_server.engine.numbering import is_offline_number
from queue_server.store.tickets import IdCard, IssueRequest
from queue_server.store.timeutil import parse_client_time

if TYPE_CHECKING:
    from queue_server.api.schemas import OfflineBatchIn
    from queue_server.store.store import Store


def hand_over(store: Store, hall: str, batch: OfflineBatchIn, actor: str) -> list[dict[str, Any]]:
    """Register each offline ticket in order; a key seen before answers with its first ticket.

    The kiosk's number is kept and its issue time becomes the ticket's arrival, so the citizen
    keeps their place. Rules (duplicates, caps) are not re-checked: the paper is already out.
    """
    store.hall(hall)
    handed: list[dict[str, Any]] = []
    for item in batch.tickets:
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
        card = IdCard(item.id_card.number, item.id_card.name) if item.id_card else None
        request = IssueRequest(
            hall=hall,
            service=item.service,
            idempotency_key=item.idempotency_key,
            id_card=card,
            priority=item.priority,
            kiosk_id=batch.kiosk_id,
            number=item.number,
            issued_at=issued_at,
        )
        ticket, _ = store.issue(request, actor)
        handed.append(ticket)
    return handed
