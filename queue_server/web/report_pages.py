"""The manager's report page `/manage/reports`: a form for the scope and period, the totals,
the breakdown, the rankings and every day, with CSV and Excel downloads of the same report
(`GET /api/reports`, which the session cookie also opens). Server-rendered on the dashboard's
shell (`web.dash_pages`)."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from queue_server.api.deps import State
from queue_server.engine.errors import QueueError
from queue_server.engine.report_scope import SCOPE_NAMES, Scope, period_of
from queue_server.engine.reports import RANKABLE
from queue_server.web.dash_pages import ManagerPage, PageUser, render_page

router = APIRouter(include_in_schema=False)

FIELDS = ("scope", "hall", "service", "window", "clerk", "period", "date", "from", "to", "rank_by")
# The columns the page shows (the downloads carry every measure): key, zh, en.
COLUMNS = (
    ("issued", "取号", "Issued"), ("served", "办结", "Served"), ("no_show", "过号", "No-show"),
    ("transferred", "转移", "Transfers"), ("left_at_close", "闭厅未叫", "Left"),
    ("wait_mean_min", "平均等候", "Mean wait"), ("wait_p90_min", "90%等候", "P90 wait"),
    ("within_target_share", "目标内", "In target"), ("service_mean_min", "平均办理", "Service"),
    ("punctuality_share", "预约准时", "Punctual"), ("satisfaction_rate", "满意率", "Satisfied"),
    ("bad_reviews", "差评", "Bad"), ("bad_closed", "已整改", "Rectified"),
    ("pause_min", "暂停(分)", "Paused"), ("idle_min", "空闲(分)", "Idle"),
)  # fmt: skip
PERIOD_NAMES = {"day": ("日", "Day"), "week": ("周", "Week"), "month": ("月", "Month"),
                "range": ("时间段", "Range")}  # fmt: skip
RANK_NAMES = {
    "served": ("办结数", "Served"), "called": ("叫号数", "Called"),
    "wait_mean_min": ("平均等候", "Mean wait"), "wait_p90_min": ("90%等候", "P90 wait"),
    "within_target_share": ("目标内占比", "Within target"),
    "service_mean_min": ("平均办理时长", "Service time"),
    "punctuality_share": ("预约准时率", "Punctuality"),
    "satisfaction_rate": ("满意率", "Satisfaction"), "bad_reviews": ("差评数", "Bad reviews"),
    "no_show": ("过号数", "No-shows"), "pause_min": ("暂停时长", "Paused"),
    "idle_min": ("空闲时长", "Idle"),
}  # fmt: skip
assert set(RANK_NAMES) == set(RANKABLE)


def shown(key: str, value: Any) -> str:
    """A measure as the page shows it: shares in per cent, minutes with one decimal."""
    if value is None:
        return "—"
    if key.endswith(("_share", "_rate")):
        return f"{100 * value:.1f}%"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def asked(request: Request, user: PageUser) -> dict[str, str]:
    """The form's values: the query's, defaulting to the manager's hall for a hall manager."""
    values = {name: request.query_params.get(name, "").strip() for name in FIELDS}
    values["scope"] = values["scope"] or "district"
    values["period"] = values["period"] or "day"
    values["rank_by"] = values["rank_by"] or "served"
    if user.principal.hall != "*" and not values["hall"]:
        values["hall"] = user.principal.hall
    return values


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def build_report(values: dict[str, str], user: PageUser, state: State) -> dict[str, Any]:
    """The report the form asks for; a QueueError (shown on the page) when it is not valid."""
    store = state.store
    hall = values["hall"] or None
    window = int(values["window"]) if values["window"].isdigit() else None
    scope = Scope(values["scope"], hall, values["service"] or None, window, values["clerk"] or None)
    try:
        day, first, last = (_date(values[name]) for name in ("date", "from", "to"))
    except ValueError as err:
        raise QueueError("日期格式应为 YYYY-MM-DD。", "Dates are YYYY-MM-DD.",
                         code="invalid_input") from err  # fmt: skip
    period = period_of(values["period"], day, first, last, store.report_today(hall))
    visible = None if user.principal.hall == "*" else (user.principal.hall,)
    return store.report(scope, period, visible, values["rank_by"])


def _hall_name(state: State, hall: str) -> str | None:
    found = state.store.district.halls.get(hall)
    return found.name.zh if found else None


@router.get("/manage/reports", response_class=HTMLResponse)
def reports_page(request: Request, user: ManagerPage, state: State) -> HTMLResponse:
    """The form, and the report once asked for (any query) or today's district/hall report."""
    values = asked(request, user)
    report, error = None, None
    try:
        report = build_report(values, user, state)
    except QueueError as err:
        error = err
    query = urlencode({k: v for k, v in values.items() if v and k != "hall"})
    base = f"/api/halls/{values['hall']}/reports" if values["hall"] else "/api/reports"
    return render_page(
        "dash/reports.html", user, active="reports", title=("绩效报表", "Performance reports"),
        hall=values["hall"] or None, values=values, report=report, error=error,
        downloads={kind: f"{base}?{query}&format={kind}" for kind in ("csv", "xlsx")},
        scopes=SCOPE_NAMES, periods=PERIOD_NAMES, ranks=RANK_NAMES, columns=COLUMNS,
        services=state.store.district.services, shown=shown, status=422 if error else 200,
        hall_name=_hall_name(state, values["hall"]),
    )  # fmt: skip
