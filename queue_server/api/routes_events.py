"""Server-sent events: one hall's stream and the district-wide stream."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from queue_server import auth
from queue_server.api.deps import READERS, STREAM_TOKENS, State, principal_of
from queue_server.api.errors import HALL, TOKEN, documented
from queue_server.engine.roles import Role
from queue_server.events import stream

router = APIRouter(tags=["events"])
SEQUENCE = re.compile(r"[0-9]{1,18}")  # one of ours (SQLite's int64); anything else is ignored
HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
EVENT_STREAM: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Server-sent events: `retry: 2000`, then per event `id: <seq>`, "
        "`event: <type>`, `data: <json>` (CONTRACT.md, Events), and `: ping` comments.",
        "content": {"text/event-stream": {"schema": {"type": "string"}}},
    }
}
REPLAY: dict[str, Any] = {
    "parameters": [
        {
            "name": name,
            "in": where,
            "required": False,
            "description": "A sequence number: every later event comes first (else ignored).",
            "schema": {"type": "string", "examples": ["1234"]},
        }
        for name, where in (("Last-Event-ID", "header"), ("last_event_id", "query"))
    ]
}


def _last_id(request: Request, state: State) -> int:
    raw = request.headers.get("last-event-id") or request.query_params.get("last_event_id")
    if raw is not None and SEQUENCE.fullmatch(raw.strip()):
        return int(raw)
    return state.store.last_event_seq()


@router.get(
    "/api/halls/{hall}/events",
    response_class=StreamingResponse,
    dependencies=STREAM_TOKENS,
    responses={**EVENT_STREAM, **documented(TOKEN, HALL)},
    openapi_extra=REPLAY,
)
async def hall_events(hall: str, request: Request, state: State) -> StreamingResponse:
    """Any token of the hall; `Last-Event-ID` (or `?last_event_id=`) replays what was missed."""
    who = principal_of(request, state, query_token=True)
    auth.require_role(who, (*READERS, Role.PLATFORM))
    auth.require_hall(who, state.store.hall(hall).id)
    body = stream(
        state.store, state.broker, hall, _last_id(request, state), state.settings.heartbeat_seconds
    )
    return StreamingResponse(body, media_type="text/event-stream", headers=HEADERS)


@router.get(
    "/api/events",
    response_class=StreamingResponse,
    dependencies=STREAM_TOKENS,
    responses={**EVENT_STREAM, **documented(TOKEN)},
    openapi_extra=REPLAY,
)
async def district_events(request: Request, state: State) -> StreamingResponse:
    """The whole district (manager, admin, or a display token with hall `*`)."""
    who = principal_of(request, state, query_token=True)
    auth.require_role(who, (Role.MANAGER, Role.ADMIN, Role.DISPLAY))
    auth.require_hall(who, auth.ALL_HALLS)
    body = stream(
        state.store, state.broker, None, _last_id(request, state), state.settings.heartbeat_seconds
    )
    return StreamingResponse(body, media_type="text/event-stream", headers=HEADERS)
