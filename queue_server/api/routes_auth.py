"""Login for clerks and managers; health."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from queue_server import auth
from queue_server.api import answers
from queue_server.api.deps import State, ok
from queue_server.api.errors import LOGIN, documented
from queue_server.api.schemas import LoginIn

router = APIRouter(tags=["auth"])


@router.get("/api/health", response_model=answers.Health)
async def health(state: State) -> JSONResponse:
    start = state.settings.clock_start
    return ok(
        {
            "status": "ok",
            "time": state.store.clock().astimezone().isoformat(timespec="seconds"),
            "clock_start": start.isoformat(timespec="seconds") if start else None,
        }
    )


@router.post("/api/auth/login", response_model=answers.Login, responses=documented(LOGIN))
def login(body: LoginIn, state: State) -> JSONResponse:
    """Username and password → an expiring bearer token (401 `bad_credentials` otherwise)."""
    store = state.store
    user = store.verify_user(body.username, body.password)
    if user is None:
        raise auth.bad_credentials()
    now = store.clock()
    ttl = state.settings.login_ttl
    token = auth.mint(
        store.token_key,
        role=user.role,
        hall=user.hall,
        window=user.window,
        username=user.username,
        now=now,
        ttl=ttl,
    )
    return ok(
        {
            "token": token,
            "role": user.role,
            "hall": user.hall,
            "window": user.window,
            "username": user.username,
            "expires_at": datetime.fromtimestamp((now + ttl).timestamp())
            .astimezone()
            .isoformat(timespec="seconds"),
        }
    )
