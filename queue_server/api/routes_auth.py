"""Login for clerks and managers; health. Times are told in the district's zone."""

from __future__ import annotations

import asyncio
from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from queue_server import auth
from queue_server.api import answers, login_guard
from queue_server.api.deps import State, ok
from queue_server.api.errors import LOGIN, documented
from queue_server.api.schemas import LoginIn
from queue_server.api.state import AppState
from queue_server.store.timeutil import local
from queue_server.store.users import User

router = APIRouter(tags=["auth"])


def district_time(state: AppState, moment: datetime) -> str:
    """`moment` as answers show it: seconds, in the district's zone (not the host's)."""
    return local(moment, state.store.district.timezone).isoformat(timespec="seconds")


@router.get("/api/health", response_model=answers.Health)
async def health(state: State) -> JSONResponse:
    start = state.settings.clock_start
    return ok(
        {
            "status": "ok",
            "time": district_time(state, state.store.clock()),
            "clock_start": district_time(state, start) if start else None,
            "sync": await _sync_health(state),
        }
    )


async def _sync_health(state: AppState) -> dict[str, object] | None:
    """The platform exchange's state (null without `[platform]`), read off the event loop."""
    if state.platform is None:
        return None
    found = await asyncio.to_thread(state.platform.health)
    success = found["last_success"]
    if isinstance(success, str):
        found["last_success"] = district_time(state, datetime.fromisoformat(success))
    return found


@router.post("/api/auth/login", response_model=answers.Login, responses=documented(LOGIN))
async def login(body: LoginIn, request: Request, state: State) -> JSONResponse:
    """Username and password → an expiring bearer token (401 `bad_credentials` otherwise).

    Attempts are limited per username and per client address (429 `too_many_attempts`, no
    hash computed); a few hashes run at once, the rest wait briefly (503 `login_busy`).
    """
    address = request.client.host if request.client else "unknown"
    user = await verified_user(state, body.username, body.password, address)
    if isinstance(user, JSONResponse):
        return user
    return ok(_signed_in(state, user))


async def verified_user(
    state: AppState, username: str, password: str, address: str
) -> User | JSONResponse:
    """The user of a right password under the login's guards, else the refusal (429 or 503);
    401 `bad_credentials` raised. Shared by the token login and the dashboard's log-in form."""
    throttle = state.login_throttle
    wait = throttle.attempt(username, address)
    if wait:
        return login_guard.too_many_attempts(wait)
    try:
        user = await state.hash_slots.run(lambda: state.store.verify_user(username, password))
    except login_guard.LoginBusy:
        throttle.refund(username, address)
        return login_guard.login_busy(state.hash_slots.wait_seconds)
    if user is None:
        raise auth.bad_credentials()
    throttle.succeeded(username, address)
    return user


def _signed_in(state: AppState, user: User) -> dict[str, object]:
    now = state.store.clock()
    ttl = state.settings.login_ttl
    token = auth.mint(
        state.store.token_key,
        role=user.role,
        hall=user.hall,
        window=user.window,
        username=user.username,
        now=now,
        ttl=ttl,
    )
    return {
        "token": token,
        "role": user.role,
        "hall": user.hall,
        "window": user.window,
        "username": user.username,
        "expires_at": district_time(state, now + ttl),
    }
