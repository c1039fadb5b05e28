"""Performance reports (数据化绩效考核) for managers and admins: JSON, CSV or Excel."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from queue_server import auth
from queue_server.api.deps import MANAGER, State, allow, ok
from queue_server.api.errors import TOKEN, ErrorCodes, documented
from queue_server.auth import Principal
from queue_server.engine.report_scope import Scope, period_of
from queue_server.store import report_export

router = APIRouter(tags=["reports"])

REFUSALS: ErrorCodes = {
    403: ("wrong_hall",),
    404: ("unknown_hall", "unknown_service", "unknown_window"),
    422: ("invalid_input", "invalid_scope", "invalid_period", "invalid_range", "range_too_long",
          "hall_required", "service_required", "window_required", "clerk_required",
          "invalid_rank_by"),
}  # fmt: skip
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/api/reports", responses=documented(TOKEN, REFUSALS))
def report(
    state: State,
    who: Annotated[Principal, Depends(allow(*MANAGER))],
    scope: Annotated[str, Query()] = "district",
    hall: Annotated[str | None, Query()] = None,
    service: Annotated[str | None, Query()] = None,
    window: Annotated[int | None, Query(ge=1, le=9999)] = None,
    clerk: Annotated[str | None, Query(max_length=64)] = None,
    period: Annotated[str, Query()] = "day",
    day: Annotated[date | None, Query(alias="date")] = None,
    first: Annotated[date | None, Query(alias="from")] = None,
    last: Annotated[date | None, Query(alias="to")] = None,
    rank_by: Annotated[str, Query()] = "served",
    format: Annotated[Literal["json", "csv", "xlsx"], Query()] = "json",
) -> Response:
    """The report of a scope (district, hall, service, window, clerk) over a day, the week or
    month of `date`, or `from`..`to`: totals, every day, a breakdown and rankings (CONTRACT.md,
    Reports). A hall's manager reads their hall only."""
    store = state.store
    if who.hall != auth.ALL_HALLS and hall is None:
        hall = who.hall  # a hall's manager: their hall's district, service or clerk figures
    chosen = Scope(scope, hall, service, window, clerk)
    today = store.report_today(hall)
    visible = None if who.hall == auth.ALL_HALLS else (who.hall,)
    found = store.report(chosen, period_of(period, day, first, last, today), visible, rank_by)
    return _answer(found, format)


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
