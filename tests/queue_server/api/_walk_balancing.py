"""The managers' window-switch suggestion, walked in-process (for test_openapi): a queue left
waiting past the hall's target gets a suggestion; the clock is put back afterwards."""

from __future__ import annotations

from typing import Any

from queue_server.clock import MovableClock
from queue_server.store import Store
from tests.queue_server.api._api import bearer, ticket_body

SUGGESTIONS = "/api/halls/qixia/balancing/suggestions"


def walk_balancing(api: Any, store: Store) -> None:
    clock = store.clock
    assert isinstance(clock, MovableClock)
    began = clock()
    for serial in range(700, 725):
        api.post("/api/halls/qixia/tickets", bearer(store, "kiosk"),
                 json=ticket_body(serial, "MZ05"), expect=201)  # fmt: skip
    clock.advance(minutes=45)
    try:
        answer = api.get(SUGGESTIONS, bearer(store, "manager")).json()
        assert "MZ05" in [o["service"] for o in answer["overloaded"]]
        assert api.get(SUGGESTIONS, bearer(store, "clerk")).status_code == 403
    finally:
        clock.set(began)
