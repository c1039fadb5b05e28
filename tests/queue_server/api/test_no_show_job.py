"""The server's no-show job (api.jobs): driven by the store's clock, not by waiting."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

from queue_server.api.app import create_app
from queue_server.api.state import AppState
from queue_server.clock import MovableClock, shanghai
from queue_server.config_loader import load_district
from queue_server.store import Settings, Store
from queue_server.store.booking import BookingRequest
from queue_server.store.tickets import IdCard
from tests.queue_server._district import id_number
from tests.queue_server.api._api import TestClient

SLOT = shanghai(2026, 12, 8, 9)


def test_the_running_server_marks_a_booking_not_checked_in_as_a_no_show(tmp_path: Path) -> None:
    clock = MovableClock(shanghai(2026, 12, 7, 10))
    store = Store(
        tmp_path / "q.db", load_district(), clock=clock, settings=Settings(check_hours=False)
    )
    store.book(BookingRequest("n-1", "qixia", "HJ01", SLOT), IdCard(id_number(1), "孙八"))
    clock.set(SLOT + timedelta(minutes=30))
    with TestClient(create_app(AppState(store))):  # the job runs once at start, then each minute
        deadline = time.monotonic() + 10
        while store.appointment("n-1")["state"] != "no_show" and time.monotonic() < deadline:
            time.sleep(0.01)  # polling with a deadline
    assert store.appointment("n-1")["state"] == "no_show"
    assert [o.state for o in store.pending_outcomes(clock())] == ["no_show"]
