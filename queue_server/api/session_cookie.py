"""The dashboard's session cookie: who a browser is, and the CSRF check of its changes.

The cookie holds a random session id (HttpOnly, SameSite=Strict, Secure over https, expiring
with the session); the store keeps only its hash, the user and a per-session CSRF token. A
request that comes with the cookie and changes something (any method but GET/HEAD/OPTIONS)
must echo that token in the `X-CSRF-Token` header or a `csrf_token` form field.
"""

from __future__ import annotations

import hmac
from datetime import datetime

from fastapi import Request
from fastapi.responses import Response

from queue_server import auth
from queue_server.api.forms import form_fields
from queue_server.api.state import AppState
from queue_server.engine.errors import Forbidden, Unauthorized
from queue_server.store.sessions import Session

COOKIE = "hq_session"
LOGIN_CSRF_COOKIE = "hq_login_csrf"  # the log-in form's double-submit token (no session yet)
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_TYPE = "application/x-www-form-urlencoded"  # the pages' forms (no multipart parser here)


class LoginRequired(Exception):
    """A page asked for without a live session: the browser is sent to the log-in form."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


class PageRefused(Exception):
    """A page the signed-in user may not see (another hall's, or no manager): a 403 page."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


def session_of(request: Request, state: AppState) -> Session | None:
    """The live session of the request's cookie, if any."""
    session_id = request.cookies.get(COOKIE)
    return state.store.session(session_id) if session_id else None


def principal_of_session(session: Session) -> auth.Principal:
    """The session's user as a login token's principal (same role, hall, window, name)."""
    return auth.Principal(
        session.role, session.hall, session.window, session.username, session.expires
    )


def live_session(request: Request, state: AppState) -> Session:
    """The session of the request's cookie: 401 `unauthorized` without one, `session_expired`
    when it is unknown, expired, logged out or its user disabled."""
    if COOKIE not in request.cookies:
        raise auth.missing_token()
    session = session_of(request, state)
    if session is None:
        raise session_expired()
    return session


def cookie_principal(request: Request, state: AppState) -> auth.Principal:
    """The principal of the session cookie (reads only: no CSRF check)."""
    return principal_of_session(live_session(request, state))


async def checked_cookie_principal(request: Request, state: AppState) -> auth.Principal:
    """The principal of the session cookie, and for a change (not GET) its CSRF token checked."""
    session = live_session(request, state)
    if request.method not in SAFE_METHODS:
        await check_csrf(request, session.csrf)
    return principal_of_session(session)


async def sent_csrf(request: Request) -> str:
    """The CSRF token a request carries: its header, else its form field, else ""."""
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    if request.headers.get("content-type", "").startswith(FORM_TYPE):
        return (await form_fields(request)).get(CSRF_FIELD, [""])[0]
    return ""


async def check_csrf(request: Request, expected: str) -> None:
    if not hmac.compare_digest((await sent_csrf(request)).encode(), expected.encode()):
        raise csrf_failed()


def set_session_cookie(
    response: Response, request: Request, session_id: str, expires: int, now: datetime
) -> None:
    max_age = max(0, expires - int(now.timestamp()))
    response.set_cookie(
        COOKIE, session_id, max_age=max_age, path="/", httponly=True, samesite="strict",
        secure=request.url.scheme == "https",
    )  # fmt: skip


def set_login_csrf_cookie(response: Response, request: Request, token: str) -> None:
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, max_age=3600, path="/manage/login", httponly=True,
        samesite="strict", secure=request.url.scheme == "https",
    )  # fmt: skip


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")


def session_expired() -> Unauthorized:
    return Unauthorized(
        "登录已过期，请重新登录。", "The session has expired; please sign in again.",
        code="session_expired",
    )  # fmt: skip


def csrf_failed() -> Forbidden:
    return Forbidden(
        "页面已失效（缺少或错误的 CSRF 令牌），请刷新后重试。",
        "The page is stale (missing or wrong CSRF token); reload it and try again.",
        code="csrf_failed",
    )
