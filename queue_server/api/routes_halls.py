"""Halls, services, the display board, device faults and appointment check-in."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from queue_server.api import answers
from queue_server.api.deps import BOARD, CLERK, DEVICES, KIOSK, State, actor, allow, ok
from queue_server.api.errors import CHECK_IN, HALL, INPUT, SERVICE, TOKEN, documented
from queue_server.api.schemas import CheckInIn, FaultIn
from queue_server.auth import Principal
from queue_server.engine import sealing
from queue_server.engine.errors import Invalid
from queue_server.store.tickets import IdCard
from queue_server.store.views import audience

router = APIRouter(tags=["halls"])


@router.get("/api/halls", response_model=list[answers.Hall])
def list_halls(state: State) -> JSONResponse:
    return ok(state.store.halls())


@router.get("/api/halls/{hall}", response_model=answers.Hall, responses=documented(HALL))
def get_hall(hall: str, state: State) -> JSONResponse:
    return ok(state.store.hall_view(hall))


@router.get(
    "/api/halls/{hall}/services",
    response_model=list[answers.Service],
    responses=documented(HALL),
)
def list_services(hall: str, state: State) -> JSONResponse:
    """Every service of the hall with waiting count, estimated wait and availability now."""
    return ok(state.store.services(hall))


@router.get("/api/seal-key", response_model=answers.SealKey)
def seal_key(state: State) -> JSONResponse:
    """Public: the key kiosks seal an offline ticket's ID card to (only the server opens it)."""
    public_key = sealing.encode_key(state.store.seal_public_key)
    return ok({"algorithm": sealing.ALGORITHM, "public_key": public_key})


@router.get(
    "/api/services/{code}/halls",
    response_model=list[answers.HallOffering],
    responses=documented(SERVICE, HALL),
)
def halls_for_service(
    code: str,
    state: State,
    from_hall: Annotated[str, Query(alias="from", max_length=32)] = "",
) -> JSONResponse:
    """Halls offering the service, with waiting and the damped ETA: where else could a citizen
    go; `suggested` marks the hall `from` suggests (without `from`: any hall's suggestion)."""
    return ok(state.store.halls_offering(code, from_hall or None))


@router.get(
    "/api/halls/{hall}/board", response_model=answers.Board, responses=documented(TOKEN, HALL)
)
def board(
    hall: str, state: State, who: Annotated[Principal, Depends(allow(*BOARD))]
) -> JSONResponse:
    board = state.store.board(hall)
    return ok(audience.board_for_devices(board) if who.role in DEVICES else board)


@router.post(
    "/api/halls/{hall}/devices/faults",
    status_code=201,
    response_model=answers.Fault,
    responses=documented(TOKEN, HALL, INPUT),
)
async def report_fault(
    hall: str, body: FaultIn, state: State, who: Annotated[Principal, Depends(allow(*KIOSK))]
) -> JSONResponse:
    """A kiosk reports a device problem (printer out of paper, ...); emits `device.fault`."""
    fault = await state.write(
        state.store.report_fault,
        hall,
        body.kiosk_id,
        body.device,
        body.state,
        body.message,
        actor(who),
    )
    return ok(fault, 201)


@router.get(
    "/api/halls/{hall}/devices/faults",
    response_model=list[answers.Fault],
    responses=documented(TOKEN, HALL),
)
def list_faults(
    hall: str, state: State, who: Annotated[Principal, Depends(allow(*CLERK))]
) -> JSONResponse:
    """Today's device faults of the hall, oldest first (clerk consoles show the open ones)."""
    return ok(state.store.faults_today(hall))


@router.post(
    "/api/halls/{hall}/appointments/check-in",
    response_model=answers.Ticket,
    responses=documented(TOKEN, CHECK_IN),
)
async def appointment_check_in(
    hall: str, body: CheckInIn, state: State, who: Annotated[Principal, Depends(allow(*KIOSK))]
) -> JSONResponse:
    """Check in by the booking's code or the holder's ID card: the appointment ticket (the same
    one when repeated); 409 `too_early` with `opens_at`, 410 `too_late`, 422 `invalid_code`."""
    if (body.code is None) == (body.id_card is None):
        raise Invalid(
            "请提供签到码或身份证（二选一）。",
            "Send either `code` or `id_card`, not both and not neither.",
            code="invalid_input",
        )
    card = IdCard(body.id_card.number, body.id_card.name) if body.id_card else None
    ticket = await state.write(
        partial(
            state.store.check_in,
            hall,
            code=body.code,
            card=card,
            actor=actor(who),
            kiosk_id=body.kiosk_id,
        )  # fmt: skip
    )
    return ok(ticket)  # the holder's own ticket, to print (as `POST .../tickets` answers)
