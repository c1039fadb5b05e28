"""Server-sent events: one hall's stream and the district-wide stream."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from queue_server import auth
from queue_server.api.deps import READERS, State, principal_of
from queue_server.engine.roles import Role
from queue_server.events import stream

router = APIRouter(tags=["events"])
HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def _last_id(request: Request, state: State) -> int:
    raw = request.headers.get("last-event-id") or request.query_params.get("last_event_id")
    if raw is not None and raw.strip().isdigit():
        return int(raw)
    return state.store.last_event_seq()


@router.get("/api/halls/{hall}/events", response_class=StreamingResponse)
async def hall_events(hall: str, request: Request, state: State) -> StreamingResponse:
    """Any token of the hall; `Last-Event-ID` (or `?last_event_id=`) replays what was missed."""
    who = principal_of(request, state, query_token=True)
    auth.require_role(who, (*READERS, Role.PLATFORM))
    auth.require_hall(who, state.store.hall(hall).id)
    body = stream(
        state.store, state.broker, hall, _last_id(request, state), state.settings.heartbeat_seconds
    )
    return StreamingResponse(body, media_type="text/event-stream", headers=HEADERS)


@router.get("/api/events", response_class=StreamingResponse)
async def district_events(request: Request, state: State) -> StreamingResponse:
    """The whole district (manager, admin, or a display token with hall `*`)."""
    who = principal_of(request, state, query_token=True)
    auth.require_role(who, (Role.MANAGER, Role.ADMIN, Role.DISPLAY))
    auth.require_hall(who, auth.ALL_HALLS)
    body = stream(
        state.store, state.broker, None, _last_id(request, state), state.settings.heartbeat_seconds
    )
    return StreamingResponse(body, media_type="text/event-stream", headers=HEADERS)
