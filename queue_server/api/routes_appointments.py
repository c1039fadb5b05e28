"""Appointments: slots (public), the platform's signed push API, and a hall's day list.

Platform requests carry a platform bearer token AND an `engine.signing` signature under the key
file's platform secret over the raw body; a stale or replayed signature is refused (401
`invalid_signature` with its `reason`)."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from queue_server import auth
from queue_server.api import answers
from queue_server.api.deps import CLERK, MANAGER, Bearer, State, allow, ok, principal_for
from queue_server.api.errors import APPOINTMENT, BOOKING, HALL, INPUT, SERVICE, TOKEN, documented
from queue_server.api.schemas import BookingIn, RescheduleIn
from queue_server.api.state import AppState
from queue_server.engine import signing
from queue_server.engine.appointment_errors import BadSignature
from queue_server.engine.roles import Role
from queue_server.store.booking import BookingRequest
from queue_server.store.tickets import IdCard

router = APIRouter(tags=["appointments"])
SIGNED = {**TOKEN, 401: (*TOKEN[401], "invalid_signature")}


async def signed_platform(request: Request, bearer: Bearer) -> auth.Principal:
    """The platform's principal, once its token and the request's signature are checked."""
    state: AppState = request.app.state.queue
    principal = principal_for(state, bearer.credentials if bearer else None)
    auth.require_role(principal, (Role.PLATFORM,))
    body = await request.body()
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    sent = {
        name: value
        for name in (signing.TIMESTAMP_HEADER, signing.SIGNATURE_HEADER)
        if (value := request.headers.get(name)) is not None
    }
    now = state.store.clock().timestamp()
    try:
        signing.verify(state.store.keys.platform_secret, request.method, path, body, sent, now,
                       state.replays)  # fmt: skip
    except signing.SignatureError as err:
        raise BadSignature(err.reason, str(err)) from err
    return principal


Platform = Annotated[auth.Principal, Depends(signed_platform)]


def _days(
    first: Annotated[date | None, Query(alias="from")] = None,
    last: Annotated[date | None, Query(alias="to")] = None,
) -> tuple[date | None, date | None]:
    """The days of slots and alternatives: `from` (today) and `to` (a week after `from`)."""
    return first, last


Days = Annotated[tuple[date | None, date | None], Depends(_days)]


@router.get(
    "/api/halls/{hall}/services/{code}/slots",
    response_model=list[answers.SlotAnswer],
    responses=documented(HALL, SERVICE, INPUT),
)
def list_slots(hall: str, code: str, state: State, days: Days) -> JSONResponse:
    """Public: the service's slots in the hall, day by day, with what is still free (`from`
    defaults to today, `to` to a week after `from`; at most 31 days)."""
    return ok(state.store.slots(hall, code, *days))


@router.get(
    "/api/halls/{hall}/services/{code}/alternatives",
    response_model=answers.BookingOffer,
    responses=documented(HALL, SERVICE, INPUT),
)
def booking_alternatives(hall: str, code: str, state: State, days: Days) -> JSONResponse:
    """Public: whether the hall is busy for booking the service over the days (as for slots)
    and, if so, the less busy halls of the district offering it, with their free slots."""
    return ok(state.store.booking_offer(hall, code, *days))


@router.post(
    "/api/appointments",
    status_code=201,
    response_model=answers.Appointment,
    responses={
        200: {"model": answers.Appointment, "description": "The same request again: the same."},
        **documented(SIGNED, HALL, SERVICE, BOOKING, INPUT),
    },
)
async def book(body: BookingIn, state: State, who: Platform) -> JSONResponse:
    """Book a slot (201); the same external_id and body again answers 200 with the same."""
    auth.require_hall(who, body.hall)
    request = BookingRequest(body.external_id, body.hall, body.service, body.slot_start,
                             phone=body.phone)  # fmt: skip
    card = IdCard(body.id_card.number, body.id_card.name)
    view, created = await state.write(state.store.book, request, card)
    return ok(view, 201 if created else 200)


@router.get(
    "/api/appointments/{external_id}",
    response_model=answers.Appointment,
    responses=documented(SIGNED, APPOINTMENT),
)
def get_appointment(external_id: str, state: State, who: Platform) -> JSONResponse:
    view = state.store.appointment(external_id)
    auth.require_hall(who, view["hall"])
    return ok(view)


@router.post(
    "/api/appointments/{external_id}/cancel",
    response_model=answers.Appointment,
    responses=documented(SIGNED, APPOINTMENT, BOOKING),
)
async def cancel(external_id: str, state: State, who: Platform) -> JSONResponse:
    """Cancel up to 2 hours (`cancel_minutes`) before the slot; twice answers the same."""
    auth.require_hall(who, state.store.appointment(external_id)["hall"])
    return ok(await state.write(state.store.cancel_appointment, external_id))


@router.post(
    "/api/appointments/{external_id}/reschedule",
    response_model=answers.Appointment,
    responses=documented(SIGNED, APPOINTMENT, BOOKING, INPUT),
)
async def reschedule(
    external_id: str, body: RescheduleIn, state: State, who: Platform
) -> JSONResponse:
    """Move the booking to another slot (same hall and service): a new check-in code."""
    auth.require_hall(who, state.store.appointment(external_id)["hall"])
    return ok(await state.write(state.store.reschedule, external_id, body.slot_start))


@router.post(
    "/api/halls/{hall}/appointments/{external_id}/cancel",
    response_model=answers.Appointment,
    responses=documented(TOKEN, HALL, APPOINTMENT, {409: ("wrong_state",)}),
)
async def cancel_by_hall(
    hall: str,
    external_id: str,
    state: State,
    who: Annotated[auth.Principal, Depends(allow(*MANAGER))],
) -> JSONResponse:
    """Managers: the hall cancels a booking (closed, say) before check-in; the platform is
    told through the outcomes."""
    state.store.hall(hall)
    return ok(await state.write(partial(state.store.cancel_appointment, external_id, hall)))


@router.get(
    "/api/halls/{hall}/appointments",
    response_model=list[answers.Appointment],
    responses=documented(TOKEN, HALL, INPUT),
)
def appointments_of_day(
    hall: str,
    state: State,
    who: Annotated[auth.Principal, Depends(allow(*CLERK))],
    day: Annotated[date | None, Query(alias="date")] = None,
) -> JSONResponse:
    """Clerks and managers: the hall's appointments of a day (today by default)."""
    return ok(state.store.appointments_of_day(hall, day))
