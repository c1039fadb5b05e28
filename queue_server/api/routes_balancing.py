"""Balancing for managers: which window to switch to which services, with the simulated effect
over the next hour (queue_server.sim.switching)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from queue_server.api.balancing_answers import SwitchSuggestions
from queue_server.api.deps import MANAGER, State, allow, ok
from queue_server.api.errors import HALL, TOKEN, documented
from queue_server.sim.switching import suggestions

router = APIRouter(tags=["balancing"])


@router.get(
    "/api/halls/{hall}/balancing/suggestions",
    response_model=SwitchSuggestions,
    responses=documented(TOKEN, HALL),
    dependencies=[Depends(allow(*MANAGER))],
)
def switch_suggestions(hall: str, state: State) -> JSONResponse:
    """For the most overloaded service, the window switch with the best simulated effect."""
    return ok(suggestions(state.store, hall))
