"""One ticket's event stream, for its holder's phone page: public, the ticket's token unlocks it.

It sends the ticket as its holder sees it whenever that changes (called, recalled, transferred,
finished, no-show, people ahead), never another ticket's data. It rides on the hall stream's
machinery: the broker's wake-ups for the ticket's hall, the event log to name the change.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterable
from typing import Any

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from queue_server.api.deps import State
from queue_server.api.errors import TICKET, documented
from queue_server.api.routes_events import EVENT_STREAM
from queue_server.events import BATCH, Broker
from queue_server.store import Store
from queue_server.store.eventlog import Event

router = APIRouter(tags=["events"])
# the holder's own stream: never kept by a proxy (the token is in the path)
HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no", "Referrer-Policy": "no-referrer"}
HIDDEN = ("token", "status_url", "id_masked", "id_expired")  # the page shows the masked name only
SNAPSHOT = "ticket.state"  # the ticket as it is now, first on every (re)connection
AHEAD = "ticket.ahead"  # another ticket's change moved this one's people ahead or wait


def holder_view(ticket: dict[str, Any]) -> dict[str, Any]:
    """The ticket as its phone page shows it: no token, no masked ID number, and no clerk's
    transfer reason (a clerk's words may name the person)."""
    shown = {key: value for key, value in ticket.items() if key not in HIDDEN}
    if isinstance(shown.get("transfer"), dict):
        shown["transfer"] = {**shown["transfer"], "reason": None}
    return shown


def _about(event: Event, followed: set[int]) -> bool:
    return (event.data.get("ticket") or {}).get("id") in followed


def change_of(events: Iterable[Event], followed: set[int]) -> str:
    """The type of the last event about the followed ticket (its id, or its successor's after a
    transfer, whose `ticket.issued` counts as `ticket.transferred`), else `ticket.ahead`."""
    own = [e.type for e in events if _about(e, followed)]
    if not own:
        return AHEAD
    return "ticket.transferred" if own[-1] == "ticket.issued" else own[-1]


def may_change(shown: dict[str, Any], events: Iterable[Event], followed: set[int]) -> bool:
    """Whether the batch can change what the holder sees: anything may move a waiting ticket's
    people ahead or wait; any other ticket changes only by events of its own."""
    if shown["status"] == "waiting":
        return True
    return any(_about(e, followed) for e in events)


def message(seq: int, type: str, ticket: dict[str, Any]) -> str:
    text = json.dumps(ticket, ensure_ascii=False, separators=(",", ":"))
    return f"id: {seq}\nevent: {type}\ndata: {text}\n\n"


def _events_after(store: Store, last: int, hall: str) -> list[Event]:
    events: list[Event] = []
    while True:
        batch = store.events_after(last, hall, BATCH)
        events += batch
        if len(batch) < BATCH:
            return events
        last = batch[-1].seq


async def ticket_stream(
    store: Store, broker: Broker, token: str, hall: str, heartbeat: float
) -> AsyncIterator[str]:
    """The SSE body: the ticket now, then each change of it, with `: ping` comments meanwhile.
    The hall's events (also those another process logged, read after each ping) wake it."""
    sub = broker.subscribe(hall)  # before the first read: no change falls in between
    try:
        last = store.last_event_seq()
        shown = holder_view(store.ticket(token))
        followed = {int(shown["id"])}
        yield "retry: 2000\n\n" + message(last, SNAPSHOT, shown)
        while True:
            try:
                async with asyncio.timeout(heartbeat):
                    await sub.wake.get()
            except TimeoutError:
                yield ": ping\n\n"
            events = _events_after(store, last, hall)
            if not events:
                continue
            last = events[-1].seq
            if not may_change(shown, events, followed):
                continue  # a called or finished ticket: another's change leaves it as it is
            now = holder_view(store.ticket(token))
            followed.add(int(now["id"]))
            if now != shown:
                shown = now
                yield message(last, change_of(events, followed), now)
    finally:
        broker.unsubscribe(sub)


@router.get(
    "/api/tickets/{token}/events",
    response_class=StreamingResponse,
    responses={**EVENT_STREAM, **documented(TICKET)},
)
async def ticket_events(token: str, state: State) -> StreamingResponse:
    """Public: the ticket's own changes, as `GET /api/tickets/{token}` answers it less its
    token and ID mask; 404 `unknown_ticket` before any stream for an unknown token."""
    hall = str(state.store.ticket(token)["hall"])
    body = ticket_stream(state.store, state.broker, token, hall, state.settings.heartbeat_seconds)
    return StreamingResponse(body, media_type="text/event-stream", headers=HEADERS)
