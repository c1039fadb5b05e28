"""Tickets: issue (kiosk), offline hand-over, public status by token, today's list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from queue_server.api import answers
from queue_server.api.deps import CLERK, DEVICES, KIOSK, State, actor, allow, ok
from queue_server.api.errors import (
    HALL,
    HAND_OVER,
    INPUT,
    ISSUE,
    LOOKUP,
    PHONE,
    TICKET,
    TOKEN,
    documented,
)
from queue_server.api.schemas import IdCardIn, LookupIn, OfflineBatchIn, PhoneIn, TicketIn
from queue_server.auth import Principal
from queue_server.engine.roles import Role
from queue_server.engine.states import TicketStatus
from queue_server.store import IdCard, IssueRequest
from queue_server.store.offline import OfflineTicket
from queue_server.store.views import audience

router = APIRouter(tags=["tickets"])


def idempotency_caller(who: Principal, kiosk_id: str | None) -> str:
    """Whose idempotency keys a request's are: a user's, a kiosk's (by the id it sends), else
    the device token's role@hall. A key never answers with another caller's ticket."""
    if who.username:
        return f"user:{who.username}"
    if who.role == Role.KIOSK and kiosk_id:
        return f"kiosk:{kiosk_id}"
    return f"token:{actor(who)}"


def _card(card: IdCardIn) -> IdCard:
    return IdCard(card.number, card.name, card.valid_to)


def _request(hall: str, body: TicketIn, who: Principal) -> IssueRequest:
    return IssueRequest(
        hall=hall,
        service=body.service,
        idempotency_key=body.idempotency_key,
        id_card=_card(body.id_card) if body.id_card else None,
        priority=body.priority,
        kiosk_id=body.kiosk_id,
        caller=idempotency_caller(who, body.kiosk_id),
        phone=body.phone,
    )


@router.post(
    "/api/halls/{hall}/tickets",
    status_code=201,
    response_model=answers.Ticket,
    responses={
        200: {"model": answers.Ticket, "description": "A repeated idempotency key: the first."},
        **documented(TOKEN, ISSUE),
    },
)
async def issue_ticket(
    hall: str,
    body: TicketIn,
    state: State,
    who: Annotated[Principal, Depends(allow(*KIOSK))],
) -> JSONResponse:
    """Issue a ticket; the caller's repeated idempotency key answers 200 with the first ticket."""
    ticket, created = await state.write(state.store.issue, _request(hall, body, who), actor(who))
    return ok(
        audience.without_phone(ticket) if who.role in DEVICES else ticket, 201 if created else 200
    )


@router.post(
    "/api/halls/{hall}/tickets/offline",
    response_model=answers.OfflineAnswer,
    responses=documented(TOKEN, HAND_OVER),
)
def offline_tickets(
    hall: str,
    body: OfflineBatchIn,
    state: State,
    who: Annotated[Principal, Depends(allow(*KIOSK))],
) -> JSONResponse:
    """Hand over tickets a kiosk issued while offline: all or none, in order, idempotent per
    key; a refusal names the ticket (`index`, `number`)."""
    items = [
        OfflineTicket(
            number=item.number,
            service=item.service,
            issued_at=item.issued_at,
            idempotency_key=item.idempotency_key,
            priority=item.priority,
            id_card=_card(item.id_card) if item.id_card else None,
            sealed_id_card=item.sealed_id_card,
        )
        for item in body.tickets
    ]
    caller = idempotency_caller(who, body.kiosk_id)
    return ok({"tickets": state.store.hand_over(hall, body.kiosk_id, items, actor(who), caller)})


@router.post(
    "/api/halls/{hall}/tickets/lookup",
    response_model=answers.HeldTickets,
    responses=documented(TOKEN, LOOKUP),
    dependencies=[Depends(allow(*KIOSK))],
)
def held_tickets(hall: str, body: LookupIn, state: State) -> JSONResponse:
    """The card holder's active tickets here today, with their tokens (the card proves they
    are the holder's): the kiosk's duplicate check, reprint and "my place" by ID card."""
    return ok({"tickets": state.store.held_by(hall, _card(body.id_card))})


@router.get("/api/tickets/{token}", response_model=answers.Ticket, responses=documented(TICKET))
async def ticket_status(token: str, state: State) -> JSONResponse:
    """Public: the ticket's state, people ahead and estimated wait."""
    return ok(state.store.ticket(token))


@router.post(
    "/api/halls/{hall}/tickets/{token}/phone",
    response_model=answers.PhoneAttached,
    responses=documented(TOKEN, PHONE),
    dependencies=[Depends(allow(*KIOSK))],
)
async def attach_phone(
    hall: str,
    token: str,
    body: PhoneIn,
    state: State,
) -> JSONResponse:
    """The citizen's phone for a waiting ticket's reminders, asked at the kiosk after issue (the
    ticket's token proves it is theirs): only its masked form is answered."""
    masked = await state.write(state.store.attach_phone, hall, token, body.phone)
    return ok({"phone_masked": masked})


@router.get(
    "/api/halls/{hall}/tickets",
    response_model=list[answers.ListedTicket],
    responses=documented(TOKEN, HALL, INPUT),
)
def list_tickets(
    hall: str,
    state: State,
    who: Annotated[Principal, Depends(allow(*CLERK))],
    status: TicketStatus | None = None,
) -> JSONResponse:
    """Today's tickets of the hall, optionally of one status."""
    return ok(state.store.tickets(hall, None if status is None else status.value))
