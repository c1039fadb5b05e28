"""The manager's pages share this: the signed-in manager (`ManagerPage`), and `render_page`,
which renders a template into the shell `templates/dash/base.html` (nav, log-out, CSRF token).

Every label is shown Chinese first with English beside it (`bi("总览", "Overview")`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from queue_server import auth
from queue_server.api.session_cookie import (
    LoginRequired,
    PageRefused,
    principal_of_session,
    session_of,
)
from queue_server.api.state import AppState
from queue_server.engine.district import Hall
from queue_server.engine.errors import Forbidden
from queue_server.engine.roles import Role
from queue_server.store.timeutil import local
from queue_server.web import evaluation_pages

# the manager's pages: never cached, never framed, scripts and styles only from this server
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
}
NAV = (  # (key, path, zh, en): the shell's navigation; `{hall}` is the page's or first hall
    ("overview", "/manage", "总览", "Overview"),
    ("hall", "/manage/halls/{hall}", "大厅", "Hall"),
    ("reports", "/manage/reports", "报表", "Reports"),
    ("admin", "/manage/admin", "管理", "Admin"),
    ("audit", "/manage/audit", "审计", "Audit"),
)
MANAGERS = (Role.MANAGER, Role.ADMIN)


def bi(zh: str, en: str) -> Markup:
    """A label, Chinese first with its English beside it (escaped)."""
    return Markup('{} <span class="en" lang="en">{}</span>').format(escape(zh), escape(en))


def clock(iso: str | None, zone: str = "Asia/Shanghai") -> str:
    """An ISO time as the pages show it: HH:MM in the hall's zone ("—" for none)."""
    return local(datetime.fromisoformat(iso), zone).strftime("%H:%M") if iso else "—"


PAGES = evaluation_pages.PAGES.overlay()  # the same templates folder and settings
PAGES.globals = {**PAGES.globals, "bi": bi}  # this overlay's own, not the citizens' pages
PAGES.filters = {**PAGES.filters, "clock": clock}
PAGES.globals["device_words"] = {  # a device's state and a terminal's role, as the pages say it
    "ok": "正常 OK", "paper_out": "缺纸 paper out", "paper_near_end": "纸将尽 paper low",
    "cover_open": "盖未关 cover open", "offline": "未连接 unplugged", "unknown": "未知 unknown",
    "kiosk": "取号机 kiosk", "display": "显示屏 display",
}  # fmt: skip


@dataclass(frozen=True)
class PageUser:
    """The signed-in manager or admin of a page: who, the session's CSRF token, and the halls
    they may see (all for hall `*`), in the district's order."""

    principal: auth.Principal
    csrf: str
    halls: list[Hall] = field(default_factory=list)

    def may_see(self, hall: str) -> bool:
        return self.principal.covers(hall)


def page_user(request: Request, state: AppState) -> PageUser:
    """The page's manager: LoginRequired (→ the log-in form) without a live session, PageRefused
    (a 403 page) for a user who is no manager or admin or a hall in the path not theirs."""
    session = session_of(request, state)
    if session is None:
        raise LoginRequired(str(request.url.path))
    principal = principal_of_session(session)
    hall = request.path_params.get("hall")
    try:
        auth.require_role(principal, MANAGERS)
        if hall is not None:
            auth.require_hall(principal, state.store.hall(hall).id)
    except Forbidden as err:
        raise PageRefused(err.zh, err.en) from err
    halls = [h for h in state.store.district.halls.values() if principal.covers(h.id)]
    return PageUser(principal, session.csrf, halls)


async def manager_page(request: Request) -> PageUser:
    return page_user(request, request.app.state.queue)


ManagerPage = Annotated[PageUser, Depends(manager_page)]


def render_page(
    template: str,
    user: PageUser,
    *,
    active: str,
    title: tuple[str, str],
    hall: str | None = None,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    """`template` (extending dash/base.html) with the shell's context: `user`, `csrf`, `nav`,
    `active`, `title` (zh, en), `hall` (the page's hall id, if any) and `halls`."""
    first = hall or (user.halls[0].id if user.halls else "")
    nav = [(key, path.format(hall=first), zh, en) for key, path, zh, en in NAV]
    page = PAGES.get_template(template).render(
        user=user.principal, csrf=user.csrf, halls=user.halls, nav=nav, active=active,
        title=title, hall=hall, **context,
    )  # fmt: skip
    return HTMLResponse(page, status_code=status, headers=PAGE_HEADERS)


def render_part(template: str, **context: Any) -> HTMLResponse:
    """A page's live part alone (no shell), as `dash.js` fetches it after an event."""
    return HTMLResponse(PAGES.get_template(template).render(**context), headers=PAGE_HEADERS)
