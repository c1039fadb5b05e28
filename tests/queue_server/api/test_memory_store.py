"""The whole app on a store in memory, as a simulation would run it (group commit included)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from queue_server.api.app import create_app
from queue_server.api.state import AppState
from queue_server.clock import MovableClock, shanghai
from queue_server.config_loader import load_district
from queue_server.store import MEMORY, Durability, Settings, Store
from tests.queue_server.api._api import TestClient, bearer, ticket_body


@pytest.fixture
def memory_store() -> Iterator[Store]:
    clock = MovableClock(shanghai(2026, 11, 27, 10, 0))
    store = Store(
        MEMORY,
        load_district(),
        clock=clock,
        settings=Settings(check_hours=False),
        durability=Durability.OFF,
    )
    yield store
    store.close()


def test_a_day_at_window_one_on_a_memory_store(memory_store: Store) -> None:
    store, clerk = memory_store, bearer(memory_store, "clerk")
    w1 = "/api/halls/qixia/windows/1"
    with TestClient(create_app(AppState(store))) as client:
        for serial in (1, 2, 3):
            answer = client.post(
                "/api/halls/qixia/tickets", json=ticket_body(serial), headers=bearer(store, "kiosk")
            )
            assert answer.status_code == 201, answer.text
        called = client.post(w1 + "/call-next", headers=clerk).json()["ticket"]
        assert called["number"] == "A001"
        assert client.post(w1 + "/start", headers=clerk).status_code == 200
        done = client.post(w1 + "/finish", json={"outcome": "handled"}, headers=clerk).json()
        board = client.get("/api/halls/qixia/board", headers=bearer(store, "display")).json()
    assert done["ticket"]["status"] == "done"
    assert [c["number"] for c in board["calls"]] == ["A001"] and board["hall"]["waiting"] == 2
    types = [e.type for e in store.events_after(0, "qixia")]
    assert types == ["ticket.issued"] * 3 + ["ticket.called", "ticket.started", "ticket.finished"]
