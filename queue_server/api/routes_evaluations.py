"""好差评: the citizen's evaluation by ticket token, the window pad's evaluation of the
prompted ticket, the reason codes, and the hall managers' rectification items."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from queue_server import auth
from queue_server.api import evaluation_schemas as bodies
from queue_server.api.deps import MANAGER, State, actor, allow, ok
from queue_server.api.errors import HALL, INPUT, TICKET, TOKEN, WINDOW_TOKEN, documented
from queue_server.api.paths import WindowNumber
from queue_server.auth import Principal
from queue_server.engine.errors import Forbidden
from queue_server.engine.evaluation import (
    CITIZEN_CHANNELS,
    PAD_CHANNEL,
    Submission,
    national_codes,
)
from queue_server.engine.evaluation_errors import (
    EvaluationInvalid,
    RectificationNotFound,
    StaffCannotEvaluate,
)
from queue_server.engine.roles import Role
from queue_server.store import evaluation_export
from queue_server.store.rectifications import Progress
from queue_server.store.views.evaluations import codes_view

router = APIRouter(tags=["evaluations"])

CONTENT = ("reason_required", "reason_not_of_level", "duplicate_reason", "text_too_long")
CITIZEN = {
    403: ("staff_cannot_evaluate",),
    409: ("not_finished", "already_evaluated", "follow_up_done", "follow_up_closed",
          "nothing_to_follow_up"),
    422: ("invalid_input", "invalid_level", "invalid_channel", *CONTENT),
}  # fmt: skip
PAD = {
    409: ("prompt_closed", "not_finished", "already_evaluated"),
    422: ("invalid_input", "invalid_level", *CONTENT),
}
RECTIFY = {
    404: ("unknown_hall", "rectification_not_found"),
    409: ("visit_required", "rectification_closed"),
    422: ("invalid_input", "nothing_to_record"),
}
PAD_PATH = "/api/halls/{hall}/windows/{window}/pad"


@router.get("/api/evaluation-codes", response_model=list[bodies.LevelCodes])
async def evaluation_codes() -> JSONResponse:
    """Public: the current national reason codes per level, best level first."""
    return ok(codes_view(national_codes()))


@router.get(
    "/api/tickets/{token}/evaluation",
    response_model=bodies.TicketEvaluation,
    responses=documented(TICKET),
)
async def ticket_evaluation(token: str, state: State) -> JSONResponse:
    """Public: what was recorded, whether (a follow-up) may follow, and the rectification reply."""
    return ok(state.store.evaluation(token))


@router.post(
    "/api/tickets/{token}/evaluation",
    status_code=201,
    response_model=bodies.TicketEvaluation,
    responses=documented(TICKET, CITIZEN),
)
async def evaluate(
    token: str, body: bodies.EvaluationIn, request: Request, state: State
) -> JSONResponse:
    """Public, by the ticket's token: the citizen's evaluation of a finished ticket, or its one
    follow-up (`follow_up`). Staff tokens are refused: nobody evaluates for the citizen."""
    state.store.evaluation(token)  # an unknown token answers 404 before anything else
    if request.headers.get("authorization"):
        raise StaffCannotEvaluate()
    if body.channel not in CITIZEN_CHANNELS:
        raise EvaluationInvalid(
            "invalid_channel",
            "该渠道只能是 1（PC）、2（移动端）或 3（二维码）；4 为窗口评价器。",
            "The channel must be 1 (PC), 2 (mobile) or 3 (QR code); 4 is the window pad's.",
        )
    entry = Submission(
        body.level, tuple(body.reasons), body.text or "", body.channel, body.follow_up
    )
    return ok(await state.write(state.store.evaluate, token, entry), 201)


def _own_window(who: Principal, window: int) -> None:
    """A pad token names its window and acts for that window only."""
    if who.window != window:
        raise Forbidden(
            "该评价器令牌不属于此窗口（评价器令牌须用 --window 绑定窗口）。",
            "This pad token is not this window's (pad tokens are bound with --window).",
            code="wrong_window",
        )


@router.get(PAD_PATH, response_model=bodies.PadState, responses=documented(WINDOW_TOKEN, INPUT))
async def pad_state(
    hall: str,
    window: WindowNumber,
    state: State,
    who: Annotated[Principal, Depends(allow(Role.PAD))],
) -> JSONResponse:
    """The window's open evaluation prompt (the ticket number to rate), or null."""
    _own_window(who, window)
    return ok({"prompt": state.store.pad_prompt(hall, window)})


@router.post(
    PAD_PATH + "/evaluation",
    status_code=201,
    response_model=bodies.PadEvaluation,
    responses=documented(WINDOW_TOKEN, PAD),
)
async def pad_evaluate(
    hall: str,
    window: WindowNumber,
    body: bodies.PadEvaluationIn,
    state: State,
    who: Annotated[Principal, Depends(allow(Role.PAD))],
) -> JSONResponse:
    """The pad's evaluation (channel 4) of the ticket its window's open prompt names."""
    _own_window(who, window)
    entry = Submission(
        body.level, tuple(body.reasons), body.text or "", PAD_CHANNEL, follow_up=False
    )
    return ok(await state.write(state.store.evaluate_at_pad, hall, window, body.prompt, entry), 201)


@router.get(
    "/api/halls/{hall}/rectifications",
    response_model=list[bodies.Rectification],
    responses=documented(TOKEN, HALL, INPUT),
    dependencies=[Depends(allow(*MANAGER))],
)
async def hall_rectifications(
    hall: str,
    state: State,
    wanted: Annotated[Literal["open", "closed"] | None, Query(alias="state")] = None,
) -> JSONResponse:
    """The hall's rectification items of bad reviews, earliest deadline first."""
    return ok(state.store.rectifications(hall, wanted))


@router.post(
    "/api/halls/{hall}/rectifications/{item}",
    response_model=bodies.Rectification,
    responses=documented(TOKEN, RECTIFY),
)
async def record_rectification(
    hall: str,
    item: int,
    body: bodies.RectificationIn,
    state: State,
    who: Annotated[Principal, Depends(allow(*MANAGER))],
) -> JSONResponse:
    """Record the return visit's result (回访) and/or the reply (整改回复, which closes it)."""
    step = Progress(body.visit_result, body.reply)
    return ok(await state.write(state.store.record_rectification, hall, item, step, actor(who)))


@router.post(
    "/api/rectifications/{item}",
    response_model=bodies.Rectification,
    responses=documented(TOKEN, RECTIFY),
)
async def record_rectification_by_id(
    item: int,
    body: bodies.RectificationIn,
    state: State,
    who: Annotated[Principal, Depends(allow(*MANAGER))],
) -> JSONResponse:
    """The same by the item's id alone (the contract's name). A hall's manager gets 403
    `wrong_hall` for any item not of their hall, whether it exists elsewhere or not at all."""
    hall = state.store.rectification_hall(item)
    if hall is None and who.hall == auth.ALL_HALLS:
        raise RectificationNotFound(item)
    if hall is None or not who.covers(hall):
        raise Forbidden(
            "该整改事项不属于您的大厅。",
            f"Rectification item {item} is not one of hall {who.hall!r}'s.",
            code="wrong_hall",
        )
    return await record_rectification(hall, item, body, state, who)


@router.get(
    "/api/halls/{hall}/evaluations/export",
    response_model=bodies.EvaluationExport,
    responses=documented(TOKEN, HALL, INPUT),
    dependencies=[Depends(allow(*MANAGER))],
)
async def export_evaluations(
    hall: str,
    state: State,
    first: Annotated[date | None, Query(alias="from")] = None,
    last: Annotated[date | None, Query(alias="to")] = None,
) -> JSONResponse:
    """The hall's evaluations of those days (default: today) in the national data set's
    fields (JSON; the district's, and CSV, with `queue-server evaluations export`)."""
    today = state.store.hall_today(hall)
    start, end = first or today, last or first or today
    records = state.store.evaluation_records(start, end, hall)
    return ok(evaluation_export.document(records, start, end))
