"""Which actions the console allows in each window / ticket state (pure, no Qt)."""

from __future__ import annotations

from typing import Any

import pytest

from queue_server.client.models import QueueLength, Ticket, Window
from ui.clerk.state import SHORTCUTS, Action, ConsoleState

A = Action


def window_json(state: str = "open", ticket_status: str | None = None) -> dict[str, Any]:
    ticket = None
    if ticket_status:
        ticket = {"number": "A001", "status": ticket_status, "window": 3}
    return {"number": 3, "state": state, "current_ticket": ticket}


def window(state: str = "open", ticket_status: str | None = None) -> Window:
    return Window.from_json(window_json(state, ticket_status))


@pytest.mark.parametrize(
    ("window_state", "ticket_status", "expected"),
    [
        ("open", None, {A.CALL_NEXT, A.CALL_TICKET, A.PAUSE}),
        ("open", "called", {A.RECALL, A.START, A.NO_SHOW, A.TRANSFER}),
        ("open", "serving", {A.FINISH, A.TRANSFER}),
        ("open", "done", {A.CALL_NEXT, A.CALL_TICKET, A.PAUSE}),
        ("open", "no_show", {A.CALL_NEXT, A.CALL_TICKET, A.PAUSE}),
        ("open", "transferred", {A.CALL_NEXT, A.CALL_TICKET, A.PAUSE}),
        ("paused", None, {A.RESUME}),
        ("closed", None, {A.RESUME}),
        ("paused", "serving", {A.FINISH, A.TRANSFER}),
    ],
)
def test_enabled_actions_per_state(
    window_state: str, ticket_status: str | None, expected: set[Action]
) -> None:
    state = ConsoleState(window=window(window_state, ticket_status))
    assert state.enabled() == expected


def test_nothing_enabled_while_busy_or_before_a_window_is_chosen() -> None:
    assert ConsoleState().enabled() == frozenset()
    assert ConsoleState(window=window(), busy=True).enabled() == frozenset()


def test_with_ticket_tracks_the_ticket_only_while_it_is_at_this_window() -> None:
    state = ConsoleState(window=window())
    called = state.with_ticket(
        Ticket.from_json({"number": "A001", "status": "called", "window": 3})
    )
    assert called.ticket is not None and called.ticket.number == "A001"
    transferred = called.with_ticket(
        Ticket.from_json({"number": "A001", "status": "waiting", "window": None})
    )
    assert transferred.ticket is None
    assert transferred.is_enabled(A.CALL_NEXT)
    assert state.with_ticket(None).ticket is None


def test_with_window_keeps_previous_queues_when_none_sent() -> None:
    queues = [{"service": "HJ01", "waiting": 2, "longest_wait_minutes": 7}]
    state = ConsoleState(window=window()).with_window(
        Window.from_json({**window_json(), "queues": queues})
    )
    paused = state.with_window(window("paused"))
    assert paused.queues == (QueueLength("HJ01", 2, 7),)
    assert paused.window_state == "paused"


def test_every_action_has_its_own_function_key() -> None:
    assert set(SHORTCUTS) == set(Action)
    assert len(set(SHORTCUTS.values())) == len(Action)


def test_a_chosen_window_before_the_server_describes_it() -> None:
    state = ConsoleState(chosen=3)
    assert (state.number, state.window_state, state.ticket) == (3, None, None)
    assert state.enabled() == {A.RESUME}  # as for a window that is not open
    assert state.with_ticket(Ticket.from_json({"number": "A1", "window": 3})) == state
    assert state.with_window(window()).number == 3
