"""The manager's dashboard as JSON (what its pages show): the district overview (hall `*`)
and one hall's view with its alerts. Managers see only the halls they manage."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from queue_server import auth
from queue_server.api import dashboard_answers
from queue_server.api.deps import MANAGER, State, allow, ok
from queue_server.api.errors import HALL, TOKEN, documented
from queue_server.auth import Principal

router = APIRouter(tags=["dashboard"])
Manager = Annotated[Principal, Depends(allow(*MANAGER))]


@router.get(
    "/api/dashboard", response_model=dashboard_answers.DistrictDashboard,
    responses=documented(TOKEN),
)  # fmt: skip
async def district_dashboard(state: State, who: Manager) -> JSONResponse:
    """Every hall (a district-wide manager or admin; a hall's manager: 403 `wrong_hall`, use
    the hall's): people waiting, longest wait, windows open / paused / closed, today's
    appointments, open bad reviews, devices gone quiet, open alerts (and the district's)."""
    auth.require_hall(who, auth.ALL_HALLS)
    halls = list(state.store.district.halls)
    return ok({"halls": state.store.overview(halls), "alerts": state.store.open_alerts(halls)})


@router.get(
    "/api/halls/{hall}/dashboard", response_model=dashboard_answers.HallDashboard,
    responses=documented(TOKEN, HALL),
)  # fmt: skip
async def hall_dashboard(hall: str, state: State, who: Manager) -> JSONResponse:
    """One hall: each service's queue, each window, each kiosk's devices, the devices' last
    contact, its open alerts (and the district's), today's charts."""
    return ok(state.store.hall_dashboard(state.store.hall(hall).id))
