"""The manager's administration pages: `/manage/admin` (a hall's windows, notices, clerk
accounts, device tokens; for admins also the hall's hours, target wait and services, and the
services' daily caps) and `/manage/audit` (the audit log and its CSV export).

Server-rendered on the dashboard's shell; `static/admin.js` sends the changes to the JSON routes
(`api.routes_admin`, with the session's CSRF token) and keeps the windows live from the stream.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from queue_server import auth
from queue_server.api.deps import State
from queue_server.api.state import AppState
from queue_server.engine.roles import Role
from queue_server.store.admin import DAY_NAMES
from queue_server.store.timeutil import local
from queue_server.web.dash_pages import PAGE_HEADERS, PAGES, ManagerPage, PageUser, render_page

router = APIRouter(include_in_schema=False)  # pages, not the JSON contract
DISTRICT = "*"  # the audit page's choice of the whole district (hall `*` only)
DAY_LABELS = dict(zip(DAY_NAMES, ("一", "二", "三", "四", "五", "六", "日"), strict=True))
ACTIONS = {  # the audit log's actions, for people
    "window.services": ("窗口事项", "Window services"),
    "window.state": ("窗口状态", "Window state"),
    "hall.notices": ("公告", "Notices"),
    "account.add": ("新增账号", "Account added"),
    "account.disable": ("停用账号", "Account disabled"),
    "account.enable": ("启用账号", "Account enabled"),
    "token.revoke": ("吊销设备令牌", "Device token revoked"),
    "hall.settings": ("大厅设置", "Hall settings"),
    "service.daily_cap": ("每日限额", "Daily cap"),
}
HallQuery = Annotated[str | None, Query()]


def chosen_hall(user: PageUser, wanted: str | None) -> str:
    """The page's hall: the one asked for (403 unless theirs), else the manager's first."""
    hall = wanted or (user.halls[0].id if user.halls else "")
    auth.require_hall(user.principal, hall)
    return hall


def windows_context(state: AppState, hall: str) -> dict[str, Any]:
    """What the windows table shows: each window, and the hall's services by code."""
    store = state.store
    offered = {s["code"]: s["name"] for s in store.services(hall)}
    return {"windows": store.windows(hall), "offered": offered}


@router.get("/manage/admin", response_class=HTMLResponse)
def admin_page(user: ManagerPage, state: State, hall: HallQuery = None) -> HTMLResponse:
    """A hall's administration (the manager's first hall unless `?hall=`)."""
    shown = chosen_hall(user, hall)
    store = state.store
    context = {
        **windows_context(state, shown),
        "notices": store.notices(shown),
        "accounts": store.hall_accounts(shown),
        "tokens": store.hall_device_tokens(shown),
        "is_admin": user.principal.role == Role.ADMIN,
        "district_wide": user.principal.hall == auth.ALL_HALLS,
        "day_labels": DAY_LABELS,
    }
    if context["is_admin"]:
        settings = store.district_settings()
        context["settings"] = next(h for h in settings["halls"] if h["id"] == shown)
        context["services"] = settings["services"]
    return render_page(
        "dash/admin.html", user, active="admin", title=("管理", "Administration"), hall=shown,
        hall_name=store.hall(shown).name, **context,
    )  # fmt: skip


@router.get("/manage/admin/windows", response_class=HTMLResponse)
def admin_windows(user: ManagerPage, state: State, hall: HallQuery = None) -> HTMLResponse:
    """The windows table alone: what admin.js swaps in when a window changes."""
    shown = chosen_hall(user, hall)
    page = PAGES.get_template("dash/admin_windows.html").render(**windows_context(state, shown))
    return HTMLResponse(page, headers=PAGE_HEADERS)


@router.get("/manage/audit", response_class=HTMLResponse)
def audit_page(
    user: ManagerPage,
    state: State,
    hall: HallQuery = None,
    first: Annotated[date | None, Query(alias="from")] = None,
    last: Annotated[date | None, Query(alias="to")] = None,
) -> HTMLResponse:
    """The audit log of a hall, or (hall `*`) of the whole district, with its CSV export."""
    wide = user.principal.hall == auth.ALL_HALLS
    shown = hall or (DISTRICT if wide else chosen_hall(user, None))
    if shown != DISTRICT:
        chosen_hall(user, shown)
    elif not wide:
        auth.require_hall(user.principal, auth.ALL_HALLS)
    today = local(state.store.now(), state.store.district.timezone).date()
    last = last or today
    first = first or last - timedelta(days=30)
    scope = None if shown == DISTRICT else shown
    entries = [
        {**e, "before_text": _shown(e["before"]), "after_text": _shown(e["after"])}
        for e in state.store.audit_entries(
            scope, first.isoformat(), (last + timedelta(days=1)).isoformat()
        )
    ]
    base = "/api/audit.csv" if scope is None else f"/api/halls/{scope}/audit.csv"
    return render_page(
        "dash/audit.html", user, active="audit", title=("审计日志", "Audit log"),
        hall=scope, chosen=shown, wide=wide, entries=entries, actions=ACTIONS,
        first=first.isoformat(), last=last.isoformat(),
        csv_url=f"{base}?from={first.isoformat()}&to={last.isoformat()}",
    )  # fmt: skip


def _shown(value: Any) -> str:
    """A before or after value as people read it (JSON, Chinese as is)."""
    return "—" if value is None else json.dumps(value, ensure_ascii=False)
