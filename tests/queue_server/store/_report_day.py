"""Drive a hall's day through the real Store at explicit times, for the hand-checked reports."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from queue_server.clock import MovableClock, shanghai
from queue_server.config_booking import BUNDLED_CALENDAR, load_calendar
from queue_server.engine.calendar import HallDays
from queue_server.engine.district import District
from queue_server.engine.evaluation import Submission
from queue_server.store import Store
from queue_server.store.tickets import IssueRequest
from tests.queue_server._district import small_district

HALL = "qixia"


def calendar_district() -> District:
    """The small district with the bundled 2026/2027 working-day calendar (holidays, 调休)."""
    district = small_district()
    days = HallDays(load_calendar(BUNDLED_CALENDAR))
    halls = {key: replace(hall, days=days) for key, hall in district.halls.items()}
    return replace(district, halls=halls)


class HallDay:
    """One hall's day at explicit clock times: `at(9, 5)` then an action."""

    def __init__(self, store: Store, clock: MovableClock, year: int, month: int, day: int):
        self.store, self.clock = store, clock
        self.date = (year, month, day)
        self.tokens: dict[str, str] = {}

    def at(self, hour: int, minute: int) -> HallDay:
        self.clock.set(shanghai(*self.date, hour, minute))
        return self

    def issue(self, service: str, slot: tuple[datetime, datetime] | None = None) -> str:
        ticket, _ = self.store.issue(IssueRequest(HALL, service, slot=slot), actor="kiosk")
        self.tokens[ticket["number"]] = ticket["token"]
        return str(ticket["number"])

    def slot(self, hour: int, minute: int, length: int = 30) -> tuple[datetime, datetime]:
        start = shanghai(*self.date, hour, minute)
        return start, shanghai(*self.date, hour + (minute + length) // 60, (minute + length) % 60)

    def call(self, window: int, clerk: str, number: str) -> None:
        self.store.call_number(HALL, window, clerk, number, reason="test fixture")

    def start(self, window: int, clerk: str) -> None:
        self.store.start(HALL, window, clerk)

    def finish(self, window: int, clerk: str) -> dict[str, Any]:
        return self.store.finish(HALL, window, clerk)

    def transfer(self, window: int, clerk: str, service: str) -> dict[str, Any]:
        return self.store.transfer(HALL, window, clerk, to_service=service, reason="wrong queue")

    def evaluate(self, token: str, level: int, reason: int) -> None:
        self.store.evaluate(token, Submission(level, (reason,), "", 2, False))
