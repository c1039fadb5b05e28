"""Ticket states, priority classes, sources and the allowed state transitions.

::

    waiting ──▶ called ──▶ serving ──▶ done
       │  ▲       │ ↺ recall   │
       │  └───────┤ (put back) └──▶ transferred
       │          ├──▶ no_show
       │          ├──▶ transferred
       │          └──▶ cancelled
       ├──▶ cancelled      (the citizen gives up / a manager cancels)
       ├──▶ no_show        (end-of-day close of tickets never called)
       └──▶ transferred    (a manager moves a waiting ticket to another service)

A no-show is final, with one exception: the window that marked it may take it back within
``NO_SHOW_UNDO_SECONDS`` (a mis-tap, or the citizen walks up just then): ``check_no_show_undo``;
the ticket is then ``called`` at that window again.

``called → waiting`` puts a called ticket back in the queue with its original arrival time
(a clerk pauses or closes the window before the citizen arrives). ``done``, ``no_show``,
``cancelled`` and ``transferred`` are final: a transfer creates a *new* waiting ticket.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum

from queue_server.engine.errors import IllegalTransition, UndoExpired

NO_SHOW_UNDO_SECONDS = 30  # the clerk console offers undo for 10 s; the rest absorbs delays


class TicketStatus(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    TRANSFERRED = "transferred"


class Priority(StrEnum):
    NORMAL = "normal"
    GREEN = "green"  # 绿色通道: the elderly, people with disabilities, active military
    APPOINTMENT = "appointment"


class Source(StrEnum):
    WALK_IN = "walk_in"
    APPOINTMENT = "appointment"
    TRANSFER = "transfer"
    OFFLINE = "offline"


S = TicketStatus

TRANSITIONS: Mapping[TicketStatus, frozenset[TicketStatus]] = {
    S.WAITING: frozenset({S.CALLED, S.CANCELLED, S.NO_SHOW, S.TRANSFERRED}),
    S.CALLED: frozenset({S.CALLED, S.SERVING, S.NO_SHOW, S.WAITING, S.TRANSFERRED, S.CANCELLED}),
    S.SERVING: frozenset({S.DONE, S.TRANSFERRED}),
    S.DONE: frozenset(),
    S.NO_SHOW: frozenset(),
    S.CANCELLED: frozenset(),
    S.TRANSFERRED: frozenset(),
}

ACTIVE: frozenset[TicketStatus] = frozenset({S.WAITING, S.CALLED, S.SERVING})
FINAL: frozenset[TicketStatus] = frozenset(s for s, targets in TRANSITIONS.items() if not targets)


def allowed_targets(current: TicketStatus | str) -> frozenset[TicketStatus]:
    """The states a ticket in ``current`` may move to."""
    return TRANSITIONS[TicketStatus(current)]


def is_final(status: TicketStatus | str) -> bool:
    return TicketStatus(status) in FINAL


def check_transition(
    current: TicketStatus | str, target: TicketStatus | str, number: str | None = None
) -> None:
    """Raise `IllegalTransition` unless a ticket may go from ``current`` to ``target``.

    ``number`` (e.g. ``"A001"``) only makes the message clearer. Unknown state names raise
    `IllegalTransition` too, never `ValueError`.
    """
    try:
        allowed = TicketStatus(target) in TRANSITIONS[TicketStatus(current)]
    except ValueError:
        allowed = False
    if not allowed:
        raise IllegalTransition(str(current), str(target), number)


def check_no_show_undo(
    status: str, outcome: str | None, marked_at: datetime | None, now: datetime, number: str
) -> None:
    """Raise unless a no-show marked at `marked_at` may still be undone at `now`."""
    if status != S.NO_SHOW or outcome != "no_show" or marked_at is None:
        raise IllegalTransition(status, S.CALLED, number)
    if (now - marked_at).total_seconds() > NO_SHOW_UNDO_SECONDS:
        raise UndoExpired(number, NO_SHOW_UNDO_SECONDS)
