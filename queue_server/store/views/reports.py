"""The contract's Report: parameters, calendar, totals, every day of the period, the scope's
breakdown and the rankings (CONTRACT.md, Reports). Names only: no citizen appears in it."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from queue_server.engine.district import District, Hall
from queue_server.engine.report_scope import BREAKDOWN, Period, Scope
from queue_server.engine.reports import Figures, measures, ranked
from queue_server.store import report_summary, reports
from queue_server.store.timeutil import local

# Rankings each scope offers (performance assessment among the scope's parts).
RANKINGS = {
    "district": ("hall", "service", "window", "clerk"),
    "hall": ("service", "window", "clerk"),
    "service": ("hall", "window", "clerk"),
    "window": ("clerk",),
    "clerk": ("window",),
}


def name_of(district: District, group: str, key: str) -> dict[str, str]:
    """A row's name, Chinese and English: hall and service names, window labels, usernames."""
    if group == "hall" and key in district.halls:
        name = district.halls[key].name
        return {"zh": name.zh, "en": name.en}
    if group == "service" and key in district.services:
        name = district.services[key].name
        return {"zh": name.zh, "en": name.en}
    if group == "window":
        hall_id, _, number = key.partition(":")
        hall = district.halls.get(hall_id)
        window = hall.window(int(number)) if hall and number.isdigit() else None
        if hall and window:
            return {
                "zh": f"{hall.name.zh} {window.label.zh}",
                "en": f"{hall.name.en} {window.label.en}",
            }
    return {"zh": key, "en": key}


def calendar_of(hall: Hall, period: Period) -> dict[str, Any]:
    working = [day for day in period.days if hall.days.is_working_day(day)]
    return {
        "days": len(period.days),
        "working_days": len(working),
        "non_working_days": [d.isoformat() for d in period.days if d not in set(working)],
    }


def report_view(
    conn: sqlite3.Connection, district: District, scope: Scope, halls: Sequence[str],
    period: Period, rank_by: str, now: datetime,
) -> dict[str, Any]:  # fmt: skip
    """The report document of a scope over a period (summaries already up to date)."""
    hall = district.halls[scope.hall or halls[0]]
    months = report_summary.full_months(conn, halls, period.first, period.last)
    query = reports.Query(scope, halls, period, months)
    items = reports.rectification_rows(conn, query, now, hall.timezone)

    def grouped(group: str | None) -> dict[str, Figures]:
        return reports.figures(conn, query, group, items)

    days = calendar_of(hall, period)
    totals = measures(grouped(None).get("", Figures()))
    per_day = grouped("day")
    working = days["working_days"]
    totals["issued_per_working_day"] = (
        round(int(totals["issued"] or 0) / working, 2) if working else None
    )
    parts = {group: grouped(group) for group in {BREAKDOWN[scope.kind], *RANKINGS[scope.kind]}}
    return {
        "parameters": parameters(scope, period, rank_by, hall, now),
        "calendar": days,
        "totals": totals,
        "by_day": [
            {
                "day": day.isoformat(),
                "working_day": hall.days.is_working_day(day),
                **measures(per_day.get(day.isoformat(), Figures())),
            }
            for day in period.days
        ],  # fmt: skip
        "breakdown": _rows(district, BREAKDOWN[scope.kind], parts[BREAKDOWN[scope.kind]]),
        "rankings": {
            group: _ranking(district, group, parts[group], rank_by)
            for group in RANKINGS[scope.kind]
        },
    }


def parameters(
    scope: Scope, period: Period, rank_by: str, hall: Hall, now: datetime
) -> dict[str, Any]:
    return {
        "scope": scope.kind,
        "hall": scope.hall,
        "service": scope.service,
        "window": scope.window,
        "clerk": scope.clerk,
        "period": period.kind,
        "from": period.first.isoformat(),
        "to": period.last.isoformat(),
        "rank_by": rank_by,
        "target_wait_minutes": hall.target_wait_minutes,
        "generated_at": local(now, hall.timezone).isoformat(timespec="seconds"),
    }


def _rows(district: District, group: str, found: dict[str, Figures]) -> dict[str, Any]:
    return {
        "by": group,
        "rows": [
            {"key": key, "name": name_of(district, group, key), **measures(figures)}
            for key, figures in found.items()
        ],
    }


def _ranking(
    district: District, group: str, found: dict[str, Figures], rank_by: str
) -> list[dict[str, Any]]:
    rows = {key: measures(figures) for key, figures in found.items()}
    return [
        {"rank": place, "key": key, "name": name_of(district, group, key), "value": value,
         "served": rows[key]["served"]}
        for place, (key, value) in enumerate(ranked(rows, rank_by), start=1)
    ]  # fmt: skip
