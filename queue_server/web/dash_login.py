"""The dashboard's log-in and log-out: `/manage/login` (a form → the session cookie) and
`POST /manage/logout`. Only managers and admins may sign in here."""

from __future__ import annotations

import json
import secrets
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from queue_server.api import session_cookie
from queue_server.api.deps import State
from queue_server.api.forms import form_fields
from queue_server.api.routes_auth import verified_user
from queue_server.engine.errors import QueueError
from queue_server.web.dash_pages import MANAGERS, PAGE_HEADERS, PAGES

router = APIRouter(include_in_schema=False)  # pages, not the JSON contract
HOME = "/manage"
NOT_A_MANAGER = ("此账号不是大厅负责人或管理员。", "This account is no manager or administrator.")
LOGIN_FIELDS = ("username", "password", "next")
SIGNED_OUT = ("已退出登录。", "You have signed out.")


def safe_next(raw: str) -> str:
    """Where to go after signing in: a path of the manager's pages only (no open redirect)."""
    if raw.startswith(HOME) and not raw.startswith("//") and "\\" not in raw:
        return raw
    return HOME


def login_form(
    request: Request, *, next_url: str = HOME, error: tuple[str, str] | None = None,
    notice: tuple[str, str] | None = None, username: str = "", status: int = 200,
) -> HTMLResponse:  # fmt: skip
    """The form, with a fresh double-submit CSRF token in its field and its cookie."""
    token = secrets.token_urlsafe(32)
    page = PAGES.get_template("dash/login.html").render(
        csrf=token, next=next_url, error=error, notice=notice, username=username
    )
    answer = HTMLResponse(page, status_code=status, headers=PAGE_HEADERS)
    session_cookie.set_login_csrf_cookie(answer, request, token)
    return answer


@router.get("/manage/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = HOME, out: int = 0) -> HTMLResponse:
    return login_form(request, next_url=safe_next(next), notice=SIGNED_OUT if out else None)


@router.post("/manage/login", response_class=HTMLResponse)
async def login(request: Request, state: State) -> Response:
    """A right password of a manager or admin → the session cookie and on to `next` (303)."""
    fields = await form_fields(request)
    username, password, next_url = (fields.get(k, [""])[0] for k in LOGIN_FIELDS)
    expected = request.cookies.get(session_cookie.LOGIN_CSRF_COOKIE, "")
    sent = fields.get(session_cookie.CSRF_FIELD, [""])[0]
    if not expected or not secrets.compare_digest(sent.encode(), expected.encode()):
        return _refused(request, session_cookie.csrf_failed(), username, next_url, 403)
    address = request.client.host if request.client else "unknown"
    try:
        user = await verified_user(state, username[:64], password[:256], address)
    except QueueError as err:
        return _refused(request, err, username, next_url, err.http_status)
    if isinstance(user, JSONResponse):  # too many attempts, or the hashes all busy
        return _refused_by_guard(request, user, username, next_url)
    if user.role not in MANAGERS:
        return login_form(request, error=NOT_A_MANAGER, username=username, status=403)
    session_id, expires = state.store.open_session(user.username, state.settings.login_ttl)
    answer = RedirectResponse(safe_next(next_url), status_code=303)
    session_cookie.set_session_cookie(answer, request, session_id, expires, state.store.clock())
    answer.delete_cookie(session_cookie.LOGIN_CSRF_COOKIE, path="/manage/login")
    return answer


def _refused(
    request: Request, err: QueueError, username: str, next_url: str, status: int
) -> HTMLResponse:
    return login_form(
        request, next_url=safe_next(next_url), error=(err.zh, err.en), username=username,
        status=status,
    )  # fmt: skip


def _refused_by_guard(
    request: Request, refusal: JSONResponse, username: str, next_url: str
) -> HTMLResponse:
    """The guard's 429/503 as the form's message, with its Retry-After."""
    said: dict[str, Any] = json.loads(bytes(refusal.body))["error"]
    answer = login_form(
        request, next_url=safe_next(next_url), error=(said["zh"], said["en"]),
        username=username, status=refusal.status_code,
    )  # fmt: skip
    if "retry-after" in refusal.headers:
        answer.headers["Retry-After"] = refusal.headers["retry-after"]
    return answer


@router.post("/manage/logout")
async def logout(request: Request, state: State) -> Response:
    """Ends the session (its CSRF token required) and clears the cookie; → the log-in form."""
    session = session_cookie.session_of(request, state)
    if session is not None:  # an ended session has nothing left to protect
        await session_cookie.check_csrf(request, session.csrf)
        state.store.close_session(request.cookies[session_cookie.COOKIE])
    answer = RedirectResponse("/manage/login?out=1", status_code=303)
    session_cookie.clear_session_cookie(answer)
    return answer


async def _to_login(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, session_cookie.LoginRequired)
    target = f"/manage/login?next={quote(exc.next_url)}"
    answer = RedirectResponse(target, status_code=303)
    if session_cookie.COOKIE in request.cookies:  # an expired or ended session: drop its cookie
        session_cookie.clear_session_cookie(answer)
    return answer


async def _refused_page(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, session_cookie.PageRefused)
    page = PAGES.get_template("dash/refused.html").render(error=(exc.zh, exc.en))
    return HTMLResponse(page, status_code=403, headers=PAGE_HEADERS)


def install(app: FastAPI) -> None:
    """The log-in pages' router; pages without a session sent to the log-in form, a page not
    the user's answered by a 403 page."""
    app.add_exception_handler(session_cookie.LoginRequired, _to_login)
    app.add_exception_handler(session_cookie.PageRefused, _refused_page)
    app.include_router(router)
