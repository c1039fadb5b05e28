"""The Store's report use cases: a performance report of a scope and period, and building the
day summaries ahead (`queue-server report build`, benchmarks)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from queue_server.engine import errors
from queue_server.engine.report_scope import Period, ReportInvalid, Scope
from queue_server.engine.reports import RANKABLE
from queue_server.store import report_summary
from queue_server.store.store_base import StoreBase
from queue_server.store.views.reports import report_view


class ReportMethods(StoreBase):
    def report(
        self, scope: Scope, period: Period, visible: Sequence[str] | None = None,
        rank_by: str = "served",
    ) -> dict[str, Any]:  # fmt: skip
        """The report (CONTRACT.md, Reports) over the halls `visible` to the caller (None: all);
        the period's summaries are brought up to date first (one write transaction)."""
        halls = self._report_halls(scope, visible)
        if rank_by not in RANKABLE:
            raise ReportInvalid(
                "invalid_rank_by",
                f"排名指标 {rank_by!r} 无效。",
                f"Ranking measure {rank_by!r} is not one of {', '.join(RANKABLE)}.",
            )
        now = self.now()
        with self.db.write() as conn:
            report_summary.ensure(conn, self.district, halls, period.first, period.last, now=now)
            return report_view(conn, self.district, scope, halls, period, rank_by, now)

    def build_report_summaries(self, first: date, last: date) -> int:
        """Build the summaries of every hall's days from `first` to `last`; how many built."""
        now = self.now()
        with self.db.write() as conn:
            return report_summary.ensure(
                conn, self.district, tuple(self.district.halls), first, last, now=now
            )

    def _report_halls(self, scope: Scope, visible: Sequence[str] | None) -> tuple[str, ...]:
        """The halls the report sums: the scope's hall, or every hall the caller sees."""
        allowed = tuple(self.district.halls) if visible is None else tuple(visible)
        if scope.hall is not None:
            hall = self.hall(scope.hall)
            if hall.id not in allowed:
                raise errors.Forbidden(
                    "您无权查看该大厅的报表。",
                    f"You may not read hall {hall.id!r}'s reports.",
                    code="wrong_hall",
                )
            if scope.window is not None and hall.window(scope.window) is None:
                raise ReportInvalid("unknown_window", f"{hall.name.zh}没有 {scope.window} 号窗口。",
                                    f"Hall {hall.id!r} has no window {scope.window}.")  # fmt: skip
            allowed = (hall.id,)
        if scope.service is not None and scope.service not in self.district.services:
            raise ReportInvalid("unknown_service", f"没有事项 {scope.service!r}。",
                                f"There is no service {scope.service!r}.")  # fmt: skip
        return allowed

    def report_today(self, hall_id: str | None = None) -> date:
        """Today's business day of the hall (or of the district's time zone)."""
        now = self.now()
        if hall_id is not None:
            return date.fromisoformat(self.hall(hall_id).business_day(now))
        first = next(iter(self.district.halls.values()))
        return date.fromisoformat(first.business_day(now))
