"""Route dependencies: who is calling (bearer token) and whether that role may act on this hall."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import JSONResponse

from queue_server import auth
from queue_server.api.state import AppState, get_state
from queue_server.engine.roles import Role

State = Annotated[AppState, Depends(get_state)]

KIOSK = (Role.KIOSK, Role.MANAGER, Role.ADMIN)
CLERK = (Role.CLERK, Role.MANAGER, Role.ADMIN)
READERS = (Role.KIOSK, Role.DISPLAY, Role.CLERK, Role.MANAGER, Role.ADMIN)
BOARD = (Role.DISPLAY, Role.CLERK, Role.MANAGER, Role.ADMIN)
MANAGER = (Role.MANAGER, Role.ADMIN)


def principal_of(request: Request, state: AppState, *, query_token: bool = False) -> auth.Principal:
    header = request.headers.get("authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else None
    if token is None and query_token:
        token = request.query_params.get("access_token")
    if not token:
        raise auth.missing_token()
    principal = auth.verify(state.store.token_key, token, state.store.clock())
    if principal.username and not state.store.user_enabled(principal.username):
        raise auth.bad_credentials()
    return principal


def allow(
    *roles: str, query_token: bool = False
) -> Callable[..., Coroutine[Any, Any, auth.Principal]]:
    """A dependency: the caller's principal, checked for one of `roles` and the path's hall."""

    async def dependency(request: Request) -> auth.Principal:
        state: AppState = request.app.state.queue  # not a sub-dependency: cheaper per request
        principal = principal_of(request, state, query_token=query_token)
        auth.require_role(principal, roles)
        hall = request.path_params.get("hall")
        if hall is not None:
            auth.require_hall(principal, hall)
        window = request.path_params.get("window")
        if window is not None and str(window).isdigit():
            auth.require_window(principal, int(window))
        return principal

    return dependency


def actor(principal: auth.Principal) -> str:
    return principal.username or f"{principal.role}@{principal.hall}"


def ok(data: Any, status: int = 200) -> JSONResponse:
    """A JSON answer, serialised directly (no response-model validation on the hot paths)."""
    return JSONResponse(data, status_code=status)
