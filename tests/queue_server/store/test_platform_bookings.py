"""The Store's side of the platform exchange: idempotent upserts that never undo a cancellation,
the outbox of outcomes written with each state change, and the sync state."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

import pytest

from queue_server.clock import MovableClock, shanghai
from queue_server.config_loader import load_district
from queue_server.engine.exchange import PlatformBooking
from queue_server.store import Settings, Store
from tests.queue_server._district import id_number

MONDAY = shanghai(2026, 12, 7, 10)
SLOT = shanghai(2026, 12, 8, 9)
STATED = PlatformBooking("p-1", "qixia", "HJ01", SLOT, "booked", id_number(7), "钱七", None, 1)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(MONDAY)


@pytest.fixture
def store(tmp_path: Path, clock: MovableClock) -> Store:
    return Store(
        tmp_path / "q.db", load_district(), clock=clock, settings=Settings(check_hours=False)
    )


def test_upserts_are_idempotent_and_ordered_by_version(store: Store) -> None:
    assert store.apply_platform_booking(STATED) == "created"
    assert store.apply_platform_booking(STATED) == "unchanged"
    moved = dataclasses.replace(STATED, slot_start=SLOT + timedelta(hours=1), version=3)
    assert store.apply_platform_booking(moved) == "updated"
    assert store.apply_platform_booking(dataclasses.replace(STATED, version=2)) == "stale"
    assert store.appointment("p-1")["slot_start"] == moved.slot_start.isoformat()
    cancelled = dataclasses.replace(moved, state="cancelled", version=4)
    assert store.apply_platform_booking(cancelled) == "cancelled"
    late_created = dataclasses.replace(STATED, version=5)  # out of order: must not revive it
    assert store.apply_platform_booking(late_created) == "unchanged"
    assert store.appointment("p-1")["state"] == "cancelled"
    assert store.pending_outcomes(MONDAY) == []  # the platform's own changes are not echoed


def test_a_broken_rule_is_refused_and_nothing_is_stored(store: Store) -> None:
    holiday = dataclasses.replace(STATED, external_id="p-2", slot_start=shanghai(2027, 2, 8, 9))
    assert store.apply_platform_booking(holiday) == "refused:outside_horizon"
    bad_id = dataclasses.replace(STATED, external_id="p-3", id_number="123")
    assert store.apply_platform_booking(bad_id) == "refused:invalid_id_number"
    assert store.appointments_of_day("qixia", SLOT.date()) == []


def test_outcomes_are_queued_with_each_change_and_retried_until_sent(
    store: Store, clock: MovableClock
) -> None:
    store.apply_platform_booking(STATED)
    clock.set(SLOT - timedelta(minutes=5))
    ticket = store.check_in("qixia", code=store.appointment("p-1")["check_in_code"], actor="k")
    window = store.district.halls["qixia"].windows_serving("HJ01")[0].number
    assert store.call_next("qixia", window, "clerk")["id"] == ticket["id"]  # type: ignore[index]
    store.start("qixia", window, "clerk")
    store.finish("qixia", window, "clerk")
    assert store.appointment("p-1")["state"] == "served"
    due = store.pending_outcomes(clock())
    assert [(o.external_id, o.state, o.attempts) for o in due] == [
        ("p-1", "checked_in", 0), ("p-1", "served", 0),
    ]  # fmt: skip
    store.outcome_failed(due[0].id, clock() + timedelta(minutes=1), "timeout")
    assert [o.state for o in store.pending_outcomes(clock())] == ["served"]
    store.outcome_sent(due[1].id)
    later = store.pending_outcomes(clock() + timedelta(minutes=1))
    assert [(o.state, o.attempts) for o in later] == [("checked_in", 1)]
    assert store.sync_state()["pending_outcomes"] == 1


def test_sync_state_keeps_the_last_success_through_a_failure(store: Store) -> None:
    assert store.sync_state() == {
        "cursor": None,
        "last_success": None,
        "last_error": None,
        "pending_outcomes": 0,
    }
    store.save_sync_state("c-10", MONDAY, None)
    store.save_sync_state(None, None, "feed timed out")
    state = store.sync_state()
    assert (state["cursor"], state["last_error"]) == ("c-10", "feed timed out")
    assert state["last_success"] is not None
