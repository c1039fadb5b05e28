"""Server-sent events: one hall's stream and the district-wide stream."""

from __future__ import annotations

import re
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from queue_server import auth
from queue_server.api.deps import DEVICES, READERS, STREAM_TOKENS, State, principal_of
from queue_server.api.errors import HALL, TOKEN, documented
from queue_server.engine.errors import QueueError
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


RECHECK_SECONDS = 1.0  # an open stream's token is checked again at most this often


async def _while_token_holds(
    body: AsyncIterator[str], holds: Callable[[], bool]
) -> AsyncIterator[str]:
    """The stream, ended once its token no longer holds (revoked, expired, user disabled):
    checked before the next event or ping, at most every RECHECK_SECONDS."""
    checked = time.monotonic()
    try:
        async for chunk in body:
            if time.monotonic() - checked >= RECHECK_SECONDS:
                if not holds():
                    return
                checked = time.monotonic()
            yield chunk
    finally:
        if isinstance(body, AsyncGenerator):
            await body.aclose()  # now, not at garbage collection: it leaves the broker


def _token_holds(request: Request, state: State) -> Callable[[], bool]:
    def holds() -> bool:
        try:
            principal_of(request, state, query_token=True)
        except QueueError:
            return False
        return True

    return holds


def _last_id(request: Request, state: State, hall: str | None, devices: bool) -> int:
    """Where the stream starts: after `Last-Event-ID` if given, else at the present. Devices
    replay today's events only (yesterday's tickets are nothing they show)."""
    raw = request.headers.get("last-event-id") or request.query_params.get("last_event_id")
    if raw is None or not SEQUENCE.fullmatch(raw.strip()):
        return state.store.last_event_seq()
    last = int(raw)
    if devices:
        last = max(last, state.store.events_before_today(hall))
    return last


def _body(
    request: Request, state: State, who: auth.Principal, hall: str | None
) -> StreamingResponse:
    devices = who.role in DEVICES
    body = stream(
        state.store,
        state.broker,
        hall,
        _last_id(request, state, hall, devices),
        state.settings.heartbeat_seconds,
        devices=devices,
    )
    guarded = _while_token_holds(body, _token_holds(request, state))
    return StreamingResponse(guarded, media_type="text/event-stream", headers=HEADERS)


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
    return _body(request, state, who, hall)


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
    return _body(request, state, who, None)
