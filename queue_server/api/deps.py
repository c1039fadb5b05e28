"""Route dependencies: who is calling (bearer token, or the dashboard's session cookie) and
whether that role may act on this hall."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request, Security
from fastapi.params import Depends as Dependency
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyQuery, HTTPAuthorizationCredentials, HTTPBearer

from queue_server import auth
from queue_server.api import session_cookie
from queue_server.api.paths import window_in_path
from queue_server.api.state import AppState, get_state
from queue_server.engine.roles import Role

State = Annotated[AppState, Depends(get_state)]

KIOSK = (Role.KIOSK, Role.MANAGER, Role.ADMIN)
CLERK = (Role.CLERK, Role.MANAGER, Role.ADMIN)
READERS = (Role.KIOSK, Role.DISPLAY, Role.PAD, Role.CLERK, Role.MANAGER, Role.ADMIN)
BOARD = (Role.DISPLAY, Role.CLERK, Role.MANAGER, Role.ADMIN)
MANAGER = (Role.MANAGER, Role.ADMIN)
DEVICES = (Role.KIOSK, Role.DISPLAY, Role.PAD)  # shown no personal data of others (views.audience)

# auto_error=False: a missing token is refused by `principal_for`, in the contract's error body.
BEARER = HTTPBearer(
    scheme_name="bearer",
    auto_error=False,
    description="A token from `POST /api/auth/login` or `queue-server token`.",
)
ACCESS_TOKEN = APIKeyQuery(
    name="access_token",
    scheme_name="access_token",
    auto_error=False,
    description="The bearer token in the query, for EventSource (it cannot set headers).",
)
Bearer = Annotated[HTTPAuthorizationCredentials | None, Security(BEARER)]
# The event streams read their token themselves (`principal_of`); these document both ways.
STREAM_TOKENS: list[Dependency] = [Security(BEARER), Security(ACCESS_TOKEN)]


def principal_of(request: Request, state: AppState, *, query_token: bool = False) -> auth.Principal:
    header = request.headers.get("authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else None
    if token is None and query_token:
        token = request.query_params.get("access_token")
    if token is None and session_cookie.COOKIE in request.cookies:  # the dashboard's streams
        return session_cookie.cookie_principal(request, state)
    return principal_for(state, token)


def principal_for(state: AppState, token: str | None) -> auth.Principal:
    """The principal of a bearer token: 401 if it is missing, bad, expired, its user disabled,
    or (a device token) not on record or revoked: one indexed read per request, so a revocation
    by `queue-server token revoke` (another process) holds from the next request on."""
    if not token:
        raise auth.missing_token()
    store = state.store
    principal = auth.verify(store.token_key, token, store.clock())
    if principal.username is not None:
        if not store.user_enabled(principal.username):
            raise auth.bad_credentials()
    elif principal.token_id is not None:
        store.check_device_token(principal.token_id)
        state.devices_seen.saw(principal.token_id, store.clock())  # "went quiet" is told by it
    return principal


def allow(*roles: str) -> Callable[..., Coroutine[Any, Any, auth.Principal]]:
    """A dependency: the caller's principal, checked for `roles`, the path's hall and window.

    Without a bearer token, the dashboard's session cookie stands for the same login (and a
    change made with the cookie must carry the session's CSRF token: `api.session_cookie`)."""

    async def dependency(
        request: Request,
        bearer: Bearer,
        window: Annotated[int | None, Depends(window_in_path)],  # the route's number, parsed once
    ) -> auth.Principal:
        state: AppState = request.app.state.queue  # not a sub-dependency: cheaper per request
        if bearer is None and session_cookie.COOKIE in request.cookies:
            principal = await session_cookie.checked_cookie_principal(request, state)
        else:
            principal = principal_for(state, bearer.credentials if bearer else None)
        auth.require_role(principal, roles)
        hall = request.path_params.get("hall")
        if hall is not None:
            auth.require_hall(principal, hall)
        if window is not None:
            auth.require_window(principal, window)
        return principal

    return dependency


def actor(principal: auth.Principal) -> str:
    return principal.username or f"{principal.role}@{principal.hall}"


def ok(data: Any, status: int = 200) -> JSONResponse:
    """A JSON answer, serialised directly (no response-model validation on the hot paths)."""
    return JSONResponse(data, status_code=status)
