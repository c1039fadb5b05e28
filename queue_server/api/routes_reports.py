"""Performance reports (数据化绩效考核) for managers and admins: JSON, CSV or Excel. The
district's (`/api/reports`: hall `*` only) and a hall's (`/api/halls/{hall}/reports`)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel

from queue_server import auth
from queue_server.api.deps import MANAGER, State, allow, ok
from queue_server.api.errors import HALL, TOKEN, ErrorCodes, documented
from queue_server.auth import Principal
from queue_server.engine.report_scope import Scope, period_of
from queue_server.store import report_export

router = APIRouter(tags=["reports"])

REFUSALS: ErrorCodes = {
    403: ("wrong_hall",),
    422: ("invalid_input", "invalid_scope", "invalid_period", "invalid_range", "range_too_long",
          "hall_required", "service_required", "window_required", "clerk_required",
          "invalid_rank_by", "unknown_service", "unknown_window"),
}  # fmt: skip
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Measures = dict[str, float | int | None]


class Report(BaseModel):
    """CONTRACT.md, Reports."""

    parameters: dict[str, Any]
    calendar: dict[str, Any]
    totals: Measures
    by_day: list[dict[str, Any]]
    breakdown: dict[str, Any]
    rankings: dict[str, list[dict[str, Any]]]


class Asked(BaseModel):
    """The query of a report (both routes)."""

    scope: str = "district"
    service: str | None = None
    window: int | None = None
    clerk: str | None = None
    period: str = "day"
    day: date | None = None
    first: date | None = None
    last: date | None = None
    rank_by: str = "served"
    format: Literal["json", "csv", "xlsx"] = "json"


def asked(
    scope: Annotated[str, Query()] = "district",
    service: Annotated[str | None, Query(max_length=16)] = None,
    window: Annotated[int | None, Query(ge=1, le=9999)] = None,
    clerk: Annotated[str | None, Query(max_length=64)] = None,
    period: Annotated[str, Query()] = "day",
    day: Annotated[date | None, Query(alias="date")] = None,
    first: Annotated[date | None, Query(alias="from")] = None,
    last: Annotated[date | None, Query(alias="to")] = None,
    rank_by: Annotated[str, Query()] = "served",
    format: Annotated[Literal["json", "csv", "xlsx"], Query()] = "json",
) -> Asked:
    return Asked(scope=scope, service=service, window=window, clerk=clerk, period=period, day=day,
                 first=first, last=last, rank_by=rank_by, format=format)  # fmt: skip


AskedQuery = Annotated[Asked, Depends(asked)]


@router.get("/api/reports", response_model=Report, responses=documented(TOKEN, REFUSALS))
def district_report(
    state: State, who: Annotated[Principal, Depends(allow(*MANAGER))], query: AskedQuery
) -> Response:
    """The district's report (admins, and managers of every hall): scope district, service or
    clerk across the halls (CONTRACT.md, Reports)."""
    auth.require_hall(who, auth.ALL_HALLS)
    return _report(state, query, None)


@router.get(
    "/api/halls/{hall}/reports", response_model=Report, responses=documented(TOKEN, HALL, REFUSALS)
)
def hall_report(
    hall: str, state: State, who: Annotated[Principal, Depends(allow(*MANAGER))], query: AskedQuery
) -> Response:
    """A hall's report: scope hall (for `district`, too), service, window or clerk within it."""
    if query.scope == "district":
        query = query.model_copy(update={"scope": "hall"})
    return _report(state, query, state.store.hall(hall).id)


def _report(state: State, query: Asked, hall: str | None) -> Response:
    store = state.store
    scope = Scope(query.scope, hall, query.service, query.window, query.clerk)
    period = period_of(query.period, query.day, query.first, query.last, store.report_today(hall))
    return _answer(store.report(scope, period, rank_by=query.rank_by), query.format)


def _answer(found: dict[str, Any], format: str) -> Response:
    if format == "json":
        return ok(found)
    params = found["parameters"]
    name = f"report-{params['scope']}-{params['from']}-{params['to']}.{format}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if format == "csv":
        return Response(report_export.to_csv(found), media_type="text/csv; charset=utf-8",
                        headers=headers)  # fmt: skip
    return Response(report_export.to_xlsx(found), media_type=XLSX, headers=headers)
