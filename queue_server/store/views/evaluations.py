"""The contract's Evaluation, the citizen's evaluation state of a ticket, and Rectification."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from typing import Any

from queue_server.engine.district import District, Text
from queue_server.engine.evaluation import (
    CHANNELS,
    FOLLOW_UP,
    CodeBook,
    follow_up_until,
    national_codes,
)
from queue_server.engine.evaluation_levels import LEVEL_NAMES
from queue_server.store.timeutil import local, served


def text(value: Text) -> dict[str, str]:
    return {"zh": value.zh, "en": value.en}


def reason_codes(stored: str) -> list[int]:
    return [int(code) for code in stored.split("|") if code]


def reasons_view(book: CodeBook, stored: str) -> list[dict[str, Any]]:
    found = ((code, book.read(code)) for code in reason_codes(stored))
    return [{"code": code, **text(r.text)} for code, r in found if r is not None]


def evaluation_view(row: sqlite3.Row) -> dict[str, Any]:
    """One evaluation as recorded (level in the API's numbering, 5 = 非常满意)."""
    return {
        "count": row["count"],
        "level": row["level"],
        "level_name": text(LEVEL_NAMES[row["level"]]),
        "reasons": reasons_view(national_codes(), row["reasons"]),
        "text": row["text"],
        "channel": row["channel"],
        "channel_name": text(CHANNELS[row["channel"]]),
        "at": served(row["at"]),
    }


def citizen_view(
    district: District, ticket: sqlite3.Row, rows: list[sqlite3.Row],
    rectification: sqlite3.Row | None, now: datetime,
) -> dict[str, Any]:  # fmt: skip
    """What the token unlocks: the ticket's evaluations, what may follow, and the reply."""
    rules = district.evaluation
    done = ticket["status"] == "done"
    until = follow_up_until(rules, datetime.fromisoformat(rows[0]["at"])) if rows else None
    service = district.services[ticket["service"]]
    return {
        "ticket": {
            "number": ticket["number"],
            "hall": ticket["hall"],
            "service_name": text(service.name),
            "status": ticket["status"],
            "finished_at": served(ticket["finished_at"]),
        },
        "evaluations": [evaluation_view(row) for row in rows],
        "can_evaluate": done and not rows,
        "can_follow_up": done and len(rows) == 1 and until is not None and now <= until,
        "follow_up_until": _iso(until) if len(rows) < FOLLOW_UP else None,
        "rectification": citizen_reply(rectification),
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment is not None else None


def citizen_reply(row: sqlite3.Row | None) -> dict[str, Any] | None:
    """What the citizen sees of a bad review's rectification: its state and the reply."""
    if row is None:
        return None
    return {
        "state": row["state"],
        "deadline": row["deadline"],
        "reply": row["reply"],
        "replied_at": served(row["replied_at"]),
    }


def rectification_view(district: District, row: sqlite3.Row, now: datetime) -> dict[str, Any]:
    """A rectification item for the hall's managers (no personal data: the masked forms only)."""
    hall = district.halls[row["hall"]]
    today = local(now, hall.timezone).date()
    visit = None
    if row["visited_at"] is not None:
        visit = {"at": served(row["visited_at"]), "result": row["visit_result"],
                 "by": row["visited_by"]}  # fmt: skip
    reply = None
    if row["replied_at"] is not None:
        reply = {"at": served(row["replied_at"]), "text": row["reply"], "by": row["replied_by"]}
    return {
        "id": row["id"],
        "hall": row["hall"],
        "state": row["state"],
        "opened_at": served(row["opened_at"]),
        "deadline": row["deadline"],
        "overdue": row["state"] == "open" and today > date.fromisoformat(row["deadline"]),
        "ticket": {
            "number": row["number"],
            "service": row["service"],
            "window": row["window"],
            "business_day": row["business_day"],
        },  # fmt: skip
        "evaluation": evaluation_view(row),
        "visit": visit,
        "reply": reply,
    }


def codes_view(book: CodeBook) -> list[dict[str, Any]]:
    """The current reason codes per level, best level first (what a form offers)."""
    return [
        {"level": level, "name": text(name),
         "reasons": [{"code": r.code, **text(r.text)} for r in book.offered(level)]}
        for level, name in LEVEL_NAMES.items()
    ]  # fmt: skip
