"""The pull sync into the server's own Store, with the fake platform's faults on: booking by
booking, the store ends as the platform intends (states and slots), whatever the order."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

import pytest

from queue_server.clock import MovableClock, shanghai
from queue_server.config_loader import load_district
from queue_server.store import Settings, Store
from tests.queue_server.platform.conftest import MakeFake, book_many, exchange_for
from tests.queue_server.platform.test_pull import FAULTS, pull_until_caught_up

FRIDAY = shanghai(2026, 12, 4, 10)  # the slots (Monday 2026-12-07) are then bookable


def stored_as(store: Store, external_id: str) -> tuple[str, datetime | None]:
    """The state, and the slot of a booking that holds one (a cancelled one keeps its last)."""
    found = store.appointment(external_id)
    held = found["state"] != "cancelled"
    return found["state"], datetime.fromisoformat(found["slot_start"]) if held else None


@pytest.mark.parametrize("name", ["out of order", "duplicates", "all at once"])
def test_the_store_ends_as_the_platform_intends(
    name: str, make_fake: MakeFake, clock: MovableClock, tmp_path: Path
) -> None:
    fake = make_fake(dataclasses.replace(FAULTS[name], seed=FAULTS[name].seed or 3))
    book_many(fake, 24)  # within the sample hall's bookable room for HJ01 that Monday
    settings = Settings(check_hours=False)
    store = Store(tmp_path / "q.db", load_district(), clock=MovableClock(FRIDAY), settings=settings)
    pull_until_caught_up(exchange_for(fake, store, clock))  # type: ignore[arg-type]
    wrong = [
        f"{key}: intended {want.state} at {want.slot_start}, stored {stored_as(store, key)}"
        for key, want in fake.intended.items()
        if stored_as(store, key)
        != (want.state, None if want.state == "cancelled" else want.slot_start)
    ]
    assert wrong == []
    assert store.sync_state()["last_error"] is None
