"""The Store's 好差评 use cases: a citizen's evaluation by ticket token, the window pad's
evaluation of the prompted ticket, and the hall managers' rectification items."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from typing import Any

from queue_server.engine import errors
from queue_server.engine.evaluation import PAD_CHANNEL, Submission
from queue_server.store import evaluation_export, evaluations, queries, rectifications
from queue_server.store.rectifications import Progress
from queue_server.store.store_base import StoreBase
from queue_server.store.timeutil import local, served
from queue_server.store.views.evaluations import citizen_view, rectification_view


class EvaluationMethods(StoreBase):
    def evaluation(self, token: str) -> dict[str, Any]:
        """The ticket's evaluations, whether one (or the follow-up) may be given, the reply."""
        now = self.now()
        with self.db.read() as conn:
            ticket = self._evaluated_ticket(conn, token)
            return self._citizen(conn, ticket, now)

    def evaluate(self, token: str, entry: Submission) -> dict[str, Any]:
        """Record the citizen's evaluation (or follow-up) of a finished ticket."""
        with self.db.write() as conn:
            now = self.clock()
            ticket = self._evaluated_ticket(conn, token)
            evaluations.record(conn, self.district, ticket, entry, now)
            return self._citizen(conn, ticket, now)

    def pad_prompt(self, hall_id: str, window: int) -> dict[str, Any] | None:
        """The window's open prompt for its pad: {id, number, service_name, expires_at} or None."""
        now = self.now()
        hall = self.hall(hall_id)
        if hall.window(window) is None:
            raise errors.UnknownWindow(hall.id, window)
        with self.db.read() as conn:
            row = evaluations.open_prompt(conn, hall, window, now)
        if row is None:
            return None
        name = self.district.services[row["service"]].name
        return {"id": row["id"], "number": row["number"],
                "service_name": {"zh": name.zh, "en": name.en},
                "expires_at": served(row["expires_at"])}  # fmt: skip

    def evaluate_at_pad(
        self, hall_id: str, window: int, prompt_id: int, entry: Submission
    ) -> dict[str, Any]:
        """Record the evaluation the pad took for its window's open prompt (channel 4)."""
        hall = self.hall(hall_id)
        entry = Submission(entry.level, entry.reasons, entry.text, PAD_CHANNEL, follow_up=False)
        with self.db.write() as conn:
            now = self.clock()
            ticket = evaluations.prompted_ticket(conn, hall, window, prompt_id, now)
            evaluations.record(conn, self.district, ticket, entry, now)
            rows = evaluations.evaluations_of(conn, ticket["id"])
            return {"number": ticket["number"], **citizen_view(
                self.district, ticket, rows, None, now)["evaluations"][-1]}  # fmt: skip

    def rectifications(self, hall_id: str, state: str | None = None) -> list[dict[str, Any]]:
        now = self.now()
        hall = self.hall(hall_id)
        with self.db.read() as conn:
            rows = evaluations.rectifications(conn, hall.id, state)
            return [rectification_view(self.district, row, now) for row in rows]

    def rectification_hall(self, item: int) -> str | None:
        """The hall of rectification item `item`, None if there is no such item."""
        with self.db.read() as conn:
            row = evaluations.rectification(conn, item)
        return None if row is None else str(row["hall"])

    def record_rectification(
        self, hall_id: str, item: int, step: Progress, by: str
    ) -> dict[str, Any]:
        """Record the return visit and/or the reply (which closes the item)."""
        hall = self.hall(hall_id)
        with self.db.write() as conn:
            now = self.clock()
            row = rectifications.update(conn, hall, item, step, by, now)
            return rectification_view(self.district, row, now)

    def _evaluated_ticket(self, conn: sqlite3.Connection, token: str) -> sqlite3.Row:
        row = queries.current_ticket(conn, token)
        if row is None:
            raise errors.UnknownTicket("token")
        return row

    def _citizen(
        self, conn: sqlite3.Connection, ticket: sqlite3.Row, now: datetime
    ) -> dict[str, Any]:
        rows = evaluations.evaluations_of(conn, ticket["id"])
        reply = evaluations.rectification_of_ticket(conn, ticket["id"])
        return citizen_view(self.district, ticket, rows, reply, now)

    def export_evaluations(self, first: date, last: date, kind: str) -> str:
        """The district's evaluations from `first` to `last` as `json` or `csv` text."""
        records = self.evaluation_records(first, last)
        if kind == "csv":
            return evaluation_export.to_csv(records)
        return evaluation_export.to_json(records, first, last)

    def hall_today(self, hall_id: str) -> date:
        """The hall's local date now."""
        return local(self.now(), self.hall(hall_id).timezone).date()

    def evaluation_records(
        self, first: date, last: date, hall_id: str | None = None
    ) -> list[dict[str, Any]]:
        """Evaluations from `first` to `last` (of one hall) in the national data set's fields."""
        hall = None if hall_id is None else self.hall(hall_id).id
        with self.db.read() as conn:
            rows = evaluation_export.rows_between(conn, first, last, hall)
        return [evaluation_export.record(self.district, row) for row in rows]
