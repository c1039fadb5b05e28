from __future__ import annotations

from typing import Any

from queue_server.client.models import Service
from ui.display.board_state import apply_event, from_snapshot, in_progress, newest, recent

BOARD: dict[str, Any] = {
    "hall": {"id": "qixia", "name": {"zh": "栖霞区政务服务中心", "en": "Qixia Centre"}},
    "calls": [
        {
            "number": "A002",
            "window": 2,
            "window_label": "2号窗口",
            "service": "HJ01",
            "at": "2026-11-28T09:02:00+08:00",
            "recall": False,
        },
        {
            "number": "A001",
            "window": 1,
            "window_label": "1号窗口",
            "service": "HJ01",
            "at": "2026-11-28T09:01:00+08:00",
            "recall": False,
        },
    ],
    "waiting_by_category": [
        {"code": "hj", "zh": "户籍", "en": "Household", "waiting": 4},
        {"code": "sb", "zh": "社保", "en": "Social insurance", "waiting": 1},
    ],
    "windows": [
        {"number": 1, "label": "1号窗口", "state": "open", "current_ticket": None},
        {
            "number": 2,
            "label": "2号窗口",
            "state": "open",
            "current_ticket": {"number": "A002", "status": "serving"},
        },
        {"number": 3, "label": "3号窗口", "state": "open", "current_ticket": None},
    ],
}
HJ = {"code": "hj", "zh": "户籍", "en": "Household"}
SB = {"code": "sb", "zh": "社保", "en": "Social insurance"}
SERVICES = [
    Service.from_json({"code": code, "name": code, "category": category, "prefix": prefix})
    for code, category, prefix in (("HJ01", HJ, "A"), ("HJ02", HJ, "B"), ("SB01", SB, "C"))
]


def event(number: str, window: int, **extra: Any) -> dict[str, Any]:
    return {
        "ticket": {"number": number, "service": "HJ01"},
        "window": {"number": window, "label": f"{window}号窗口"},
        "at": "2026-11-28T09:05:00+08:00",
        **extra,
    }


def test_snapshot_rows_recent_and_counts() -> None:
    state = from_snapshot(BOARD, SERVICES)
    assert [(r.number, r.window, r.status) for r in in_progress(state)] == [("A002", 2, "serving")]
    assert [c.number for c in recent(state, 5)] == ["A001"]  # A001 has left window 1
    assert [(c.zh, c.waiting) for c in state.categories] == [("户籍", 4), ("社保", 1)]
    assert newest(state) is not None and newest(state).number == "A002"  # type: ignore[union-attr]


def test_call_puts_number_on_top_and_highlights_it() -> None:
    state = from_snapshot(BOARD, SERVICES)
    state = apply_event(state, "ticket.called", event("A003", 3, waiting={"HJ01": 2, "SB01": 1}))
    rows = in_progress(state)
    assert [(r.number, r.window) for r in rows] == [("A003", 3), ("A002", 2)]
    assert newest(state).number == "A003"  # type: ignore[union-attr]
    assert [(c.code, c.waiting) for c in state.categories] == [("hj", 2), ("sb", 1)]


def test_events_are_idempotent() -> None:
    once = apply_event(from_snapshot(BOARD, SERVICES), "ticket.called", event("A003", 3))
    twice = apply_event(once, "ticket.called", event("A003", 3))
    assert once == twice


def test_recall_start_finish_and_pause() -> None:
    state = apply_event(from_snapshot(BOARD, SERVICES), "ticket.called", event("A003", 3))
    state = apply_event(state, "ticket.recalled", event("A003", 3, at="2026-11-28T09:06:00+08:00"))
    assert in_progress(state)[0].recall
    state = apply_event(state, "ticket.started", event("A003", 3))
    assert state.window(3).current_status == "serving"  # type: ignore[union-attr]
    state = apply_event(state, "ticket.finished", event("A003", 3))
    assert state.window(3).current is None  # type: ignore[union-attr]
    assert [c.number for c in recent(state, 5)][0] == "A003"
    state = apply_event(state, "window.paused", {"window": {"number": 3}, "reason": "午休"})
    assert (state.window(3).state, state.window(3).pause_reason) == ("paused", "午休")  # type: ignore[union-attr]
    state = apply_event(state, "window.resumed", {"window": {"number": 3}})
    assert state.window(3).state == "open"  # type: ignore[union-attr]


def test_transfer_clears_the_window_showing_the_number() -> None:
    state = from_snapshot(BOARD, SERVICES)
    state = apply_event(state, "ticket.transferred", {"ticket": {"number": "A002"}, "window": None})
    assert in_progress(state) == []


def test_newest_is_none_when_latest_call_has_left() -> None:
    state = apply_event(from_snapshot(BOARD, SERVICES), "ticket.called", event("A003", 3))
    state = apply_event(state, "ticket.no_show", event("A003", 3))
    assert newest(state) is None


def test_a_category_nobody_waits_for_is_named_from_the_services() -> None:
    quiet = {**BOARD, "waiting_by_category": BOARD["waiting_by_category"][:1]}
    state = from_snapshot(quiet, SERVICES)
    assert [(c.code, c.zh, c.en, c.waiting) for c in state.categories] == [
        ("hj", "户籍", "Household", 4), ("sb", "社保", "Social insurance", 0),
    ]  # fmt: skip
    assert state.service_category == (("HJ01", "hj"), ("HJ02", "hj"), ("SB01", "sb"))


def test_a_no_show_is_marked_and_its_undo_calls_it_again() -> None:
    state = from_snapshot({"hall": {"id": "qixia", "name": {"zh": "栖霞", "en": "Qixia"}}})
    ticket = {"number": "A009", "service": "HJ01"}
    called = {"ticket": ticket, "window": {"number": 4, "label": "4号窗口"}, "at": "x"}
    state = apply_event(state, "ticket.called", called)
    state = apply_event(state, "ticket.no_show", called)
    assert state.calls[0].no_show and state.window(4).current is None  # type: ignore[union-attr]
    assert apply_event(state, "ticket.no_show", called) == state  # idempotent
    state = apply_event(state, "ticket.no_show_undone", called)
    assert not state.calls[0].no_show
    assert state.window(4).current == "A009"  # type: ignore[union-attr]


def test_an_appointment_ticket_is_marked_while_at_its_window_and_among_earlier_calls() -> None:
    snapshot = {
        **BOARD,
        "calls": [{**BOARD["calls"][0], "appointment": True}, BOARD["calls"][1]],
        "windows": [
            {"number": 2, "label": "2号窗口", "state": "open",
             "current_ticket": {"number": "A002", "status": "serving", "priority": "appointment"}},
        ],
    }  # fmt: skip
    state = from_snapshot(snapshot)
    assert [(r.number, r.appointment) for r in in_progress(state)] == [("A002", True)]
    booked = {"number": "A003", "service": "HJ01", "priority": "appointment"}
    called = {"ticket": booked, "window": {"number": 1, "label": "1号窗口"}, "at": "x"}
    state = apply_event(state, "ticket.called", called)
    state = apply_event(state, "ticket.started", called)
    rows = {r.number: r.appointment for r in in_progress(state)}
    assert rows == {"A003": True, "A002": True}
    state = apply_event(state, "ticket.finished", called)
    state = apply_event(state, "ticket.called", event("A004", 1))  # a walk-in after it
    assert [(r.number, r.appointment) for r in in_progress(state)][0] == ("A004", False)
    earlier = [(c.number, c.appointment) for c in recent(state, 5)]
    assert earlier == [("A003", True), ("A001", False)]
