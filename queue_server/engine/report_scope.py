"""What a report covers: a scope (the district, a hall, a service, a window or a clerk) and a
period (a day, the ISO week or the month of a date, or a range of dates). Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from queue_server.engine.errors import Invalid

SCOPES = ("district", "hall", "service", "window", "clerk")
PERIODS = ("day", "week", "month", "range")
MAX_DAYS = 366  # a report spans at most a year (leap years included)
# What each scope's report breaks down into (its table of rows beside the totals).
BREAKDOWN = {"district": "hall", "hall": "window", "service": "hall", "window": "clerk",
             "clerk": "window"}  # fmt: skip
SCOPE_NAMES = {
    "district": ("全区", "District"),
    "hall": ("大厅", "Hall"),
    "service": ("事项", "Service"),
    "window": ("窗口", "Window"),
    "clerk": ("工作人员", "Clerk"),
}


class ReportInvalid(Invalid):
    default_code = "invalid_report"

    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(zh, en, code=code)


@dataclass(frozen=True)
class Scope:
    kind: str = "district"
    hall: str | None = None
    service: str | None = None
    window: int | None = None
    clerk: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in SCOPES:
            raise ReportInvalid(
                "invalid_scope",
                f"报表范围 {self.kind!r} 无效（district、hall、service、window 或 clerk）。",
                f"Scope {self.kind!r} is not one of district, hall, service, window, clerk.",
            )
        needed = {"hall": self.hall, "service": self.service, "window": self.window,
                  "clerk": self.clerk}  # fmt: skip
        if self.kind == "window" and self.hall is None:
            raise ReportInvalid(
                "hall_required", "窗口报表需指定大厅。", "A window report needs its hall."
            )
        if self.kind != "district" and needed[self.kind] is None:
            raise ReportInvalid(
                f"{self.kind}_required",
                f"请指定{SCOPE_NAMES[self.kind][0]}（{self.kind}）。",
                f"A {self.kind} report needs `{self.kind}`.",
            )


@dataclass(frozen=True)
class Period:
    kind: str
    first: date
    last: date

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]


def period_of(kind: str, anchor: date | None, first: date | None, last: date | None,
              today: date) -> Period:  # fmt: skip
    """The period asked for: `day`/`week`/`month` around `anchor` (default today), or `range`
    from `first` to `last` (a missing end: the same day)."""
    if kind not in PERIODS:
        raise ReportInvalid(
            "invalid_period",
            f"报表周期 {kind!r} 无效（day、week、month 或 range）。",
            f"Period {kind!r} is not one of day, week, month, range.",
        )
    day = anchor or first or today
    if kind == "day":
        return Period(kind, day, day)
    if kind == "week":
        monday = day - timedelta(days=day.weekday())
        return Period(kind, monday, monday + timedelta(days=6))
    if kind == "month":
        following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        return Period(kind, day.replace(day=1), following - timedelta(days=1))
    start, end = first or last or today, last or first or today
    if end < start:
        raise ReportInvalid(
            "invalid_range", "结束日期早于开始日期。", f"`to` {end} is before `from` {start}."
        )
    if (end - start).days >= MAX_DAYS:
        raise ReportInvalid(
            "range_too_long",
            f"报表最长 {MAX_DAYS} 天。",
            f"A report spans at most {MAX_DAYS} days ({start} to {end} is longer).",
        )
    return Period(kind, start, end)
