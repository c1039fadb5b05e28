"""Window actions (clerk of the hall, manager, admin): call next, recall, start, finish, ...

Mutating handlers are `async` and hand their change to the loop's group commit (`AppState.write`,
see `store.writer`): the changes of one loop turn share one transaction and one fsync, and each
answer goes out once its change is durable. An idle window's call-next is answered on the loop
from a read. Longer reads stay sync.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response
from fastapi.responses import JSONResponse

from queue_server.api import answers
from queue_server.api.deps import CLERK, DEVICES, READERS, State, actor, allow, ok
from queue_server.api.errors import (
    EVALUATION,
    FREE_WINDOW,
    HALL,
    SERVICE,
    TICKET,
    TICKET_STATE,
    TOKEN,
    UNDO,
    WINDOW,
    WINDOW_TOKEN,
    documented,
)
from queue_server.api.paths import WindowNumber
from queue_server.api.schemas import CallIn, FinishIn, PauseIn, ReasonIn, TransferIn
from queue_server.auth import Principal
from queue_server.store.views import audience

router = APIRouter(tags=["windows"])
Clerk = Annotated[Principal, Depends(allow(*CLERK))]
BASE = "/api/halls/{hall}/windows/{window}"
TICKET_ANSWER: dict[str, Any] = {
    "response_model": answers.TicketAnswer,
    "responses": documented(WINDOW_TOKEN, WINDOW, TICKET_STATE),
}


@router.get(
    "/api/halls/{hall}/windows",
    response_model=list[answers.Window],
    responses=documented(TOKEN, HALL),
)
def list_windows(
    hall: str, state: State, who: Annotated[Principal, Depends(allow(*READERS))]
) -> JSONResponse:
    windows = state.store.windows(hall)
    return ok(audience.windows_for_devices(windows) if who.role in DEVICES else windows)


@router.get(BASE, response_model=answers.WindowDetail, responses=documented(WINDOW_TOKEN, WINDOW))
def get_window(
    hall: str,
    window: WindowNumber,
    state: State,
    who: Annotated[Principal, Depends(allow(*READERS))],
) -> JSONResponse:
    """The window plus the waiting count and longest wait of each service it serves."""
    detail = state.store.window_detail(hall, window)
    return ok(audience.window_for_devices(detail) if who.role in DEVICES else detail)


@router.post(
    BASE + "/call-next",
    response_model=answers.TicketAnswer,
    responses={
        204: {"description": "Nobody waits for this window (no content)."},
        **documented(WINDOW_TOKEN, WINDOW, FREE_WINDOW),
    },
)
async def call_next(hall: str, window: WindowNumber, state: State, who: Clerk) -> Any:
    if state.store.idle(hall, window):
        return Response(status_code=204)  # answered on the loop: no write needed
    ticket = await state.write(state.store.call_next, hall, window, actor(who))
    if ticket is None:
        return Response(status_code=204)
    return ok({"ticket": ticket})


@router.post(
    BASE + "/call",
    response_model=answers.TicketAnswer,
    responses=documented(WINDOW_TOKEN, WINDOW, TICKET, FREE_WINDOW),
)
async def call_number(
    hall: str, window: WindowNumber, body: CallIn, state: State, who: Clerk
) -> JSONResponse:
    """Call a specific waiting ticket out of order; the reason is logged."""
    ticket = await state.write(
        state.store.call_number, hall, window, actor(who), body.number, body.reason
    )
    return ok({"ticket": ticket})


@router.post(BASE + "/recall", **TICKET_ANSWER)
async def recall(hall: str, window: WindowNumber, state: State, who: Clerk) -> JSONResponse:
    return ok({"ticket": await state.write(state.store.recall, hall, window, actor(who))})


@router.post(BASE + "/start", **TICKET_ANSWER)
async def start(hall: str, window: WindowNumber, state: State, who: Clerk) -> JSONResponse:
    return ok({"ticket": await state.write(state.store.start, hall, window, actor(who))})


@router.post(BASE + "/finish", **TICKET_ANSWER)
async def finish(
    hall: str, window: WindowNumber, state: State, who: Clerk, body: FinishIn | None = None
) -> JSONResponse:
    outcome = (body or FinishIn()).outcome
    return ok({"ticket": await state.write(state.store.finish, hall, window, actor(who), outcome)})


@router.post(BASE + "/no-show", **TICKET_ANSWER)
async def no_show(
    hall: str, window: WindowNumber, state: State, who: Clerk, body: ReasonIn | None = None
) -> JSONResponse:
    reason = (body or ReasonIn()).reason
    return ok({"ticket": await state.write(state.store.no_show, hall, window, actor(who), reason)})


@router.post(
    BASE + "/undo-no-show",
    response_model=answers.TicketAnswer,
    responses=documented(WINDOW_TOKEN, WINDOW, FREE_WINDOW, UNDO),
)
async def undo_no_show(hall: str, window: WindowNumber, state: State, who: Clerk) -> JSONResponse:
    """Take back the window's last no-show within 30 s: the ticket is called here again."""
    return ok({"ticket": await state.write(state.store.undo_no_show, hall, window, actor(who))})


@router.post(
    BASE + "/transfer",
    response_model=answers.TicketAnswer,
    responses=documented(WINDOW_TOKEN, WINDOW, SERVICE, TICKET_STATE),
)
async def transfer(
    hall: str, window: WindowNumber, body: TransferIn, state: State, who: Clerk
) -> JSONResponse:
    """The new waiting ticket (same number, original arrival); the old one is `transferred`."""
    ticket = await state.write(
        state.store.transfer,
        hall,
        window,
        actor(who),
        body.to_service,
        body.to_window,
        body.reason,
    )
    return ok({"ticket": ticket})


@router.post(
    BASE + "/pause", response_model=answers.Window, responses=documented(WINDOW_TOKEN, WINDOW)
)
async def pause(
    hall: str, window: WindowNumber, state: State, who: Clerk, body: PauseIn | None = None
) -> JSONResponse:
    reason = (body or PauseIn()).reason
    return ok(await state.write(state.store.pause, hall, window, actor(who), reason))


@router.post(
    BASE + "/resume", response_model=answers.Window, responses=documented(WINDOW_TOKEN, WINDOW)
)
async def resume(hall: str, window: WindowNumber, state: State, who: Clerk) -> JSONResponse:
    return ok(await state.write(state.store.resume, hall, window, actor(who)))


@router.post(
    BASE + "/evaluation-prompt",
    status_code=202,
    response_model=answers.EvaluationPrompt,
    responses=documented(WINDOW_TOKEN, WINDOW, EVALUATION),
)
async def evaluation_prompt(
    hall: str, window: WindowNumber, state: State, who: Clerk
) -> JSONResponse:
    """Ask the citizen just served to rate the service (emits `evaluation.prompt`)."""
    return ok(await state.write(state.store.prompt_evaluation, hall, window, actor(who)), 202)
