"""Balancing for managers: which window to switch to which services, with the simulated effect
over the next hour (queue_server.sim.switching)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from queue_server.api.deps import MANAGER, State, allow, ok
from queue_server.api.errors import HALL, documented
from queue_server.auth import Principal
from queue_server.sim.switching import suggestions

router = APIRouter(tags=["balancing"])


@router.get("/api/halls/{hall}/balancing/suggestions", responses=documented(HALL))
def switch_suggestions(
    hall: str, state: State, _: Annotated[Principal, Depends(allow(*MANAGER))]
) -> JSONResponse:
    """For the most overloaded service, the window switch with the best simulated effect."""
    return ok(suggestions(state.store, hall))
