"""The manager's dashboard as JSON (what its pages show): the district overview, one hall's
view and the open alerts. Managers see only the halls they manage; admins all of them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from queue_server.api.deps import MANAGER, State, allow, ok
from queue_server.api.errors import HALL, TOKEN, documented
from queue_server.auth import Principal

router = APIRouter(tags=["dashboard"])
Manager = Annotated[Principal, Depends(allow(*MANAGER))]


def halls_of(state: State, who: Principal) -> list[str]:
    """The halls `who` manages, in the district's order."""
    return [hall for hall in state.store.district.halls if who.covers(hall)]


@router.get("/api/dashboard", responses=documented(TOKEN))
async def district_dashboard(state: State, who: Manager) -> JSONResponse:
    """Every hall the caller manages: people waiting, longest wait, windows open / paused /
    closed, today's appointments, open bad reviews, quiet devices and open alerts."""
    halls = halls_of(state, who)
    return ok({"halls": state.store.overview(halls), "alerts": state.store.open_alerts(halls)})


@router.get("/api/halls/{hall}/dashboard", responses=documented(TOKEN, HALL))
async def hall_dashboard(hall: str, state: State, who: Manager) -> JSONResponse:
    """One hall: each service's queue, each window, each kiosk's devices, alerts, charts."""
    return ok(state.store.hall_dashboard(state.store.hall(hall).id))


@router.get("/api/alerts", responses=documented(TOKEN))
async def open_alerts(state: State, who: Manager) -> JSONResponse:
    """The open alerts of the caller's halls (and the district's), newest first."""
    return ok({"alerts": state.store.open_alerts(halls_of(state, who))})
