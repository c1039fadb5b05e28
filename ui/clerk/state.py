"""The console's state and which actions make sense in it (pure: no Qt, no network)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from queue_server.client.models import QueueLength, Ticket, Window


class Action(Enum):
    """Everything a clerk can do at the window, with its shortcut key."""

    CALL_NEXT = "call_next"
    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no_show"
    TRANSFER = "transfer"
    PAUSE = "pause"
    RESUME = "resume"
    CALL_TICKET = "call_ticket"
    UNDO_NO_SHOW = "undo_no_show"  # offered for a few seconds after a no-show (its own bar)


SHORTCUTS: dict[Action, str] = {
    Action.CALL_NEXT: "F1",
    Action.RECALL: "F2",
    Action.START: "F3",
    Action.FINISH: "F4",
    Action.NO_SHOW: "F5",
    Action.TRANSFER: "F6",
    Action.PAUSE: "F7",
    Action.RESUME: "F8",
    Action.CALL_TICKET: "F9",
    Action.UNDO_NO_SHOW: "Ctrl+Z",
}

UNDO_MS = 10_000  # how long the console offers to take a no-show back (the server allows 30 s)

#: the big buttons, in their grid order (undo has a bar of its own)
GRID_ACTIONS: tuple[Action, ...] = tuple(a for a in Action if a is not Action.UNDO_NO_SHOW)

LABELS: dict[Action, tuple[str, str]] = {
    Action.CALL_NEXT: ("叫号", "Call next"),
    Action.RECALL: ("重呼", "Recall"),
    Action.START: ("开始办理", "Start"),
    Action.FINISH: ("办结", "Finish"),
    Action.NO_SHOW: ("过号", "No-show"),
    Action.TRANSFER: ("转移", "Transfer"),
    Action.PAUSE: ("暂停", "Pause"),
    Action.RESUME: ("恢复", "Resume"),
    Action.CALL_TICKET: ("指定叫号", "Call a ticket"),
    Action.UNDO_NO_SHOW: ("撤销过号", "Undo no-show"),
}

OUTCOMES: tuple[tuple[str, str, str], ...] = (
    ("handled", "办件", "Case handled"),
    ("consultation", "咨询", "Consultation only"),
    ("certificate", "领证", "Certificate collected"),
)

#: ticket status -> actions that act on the current ticket in that status
_TICKET_ACTIONS: dict[str, frozenset[Action]] = {
    "called": frozenset({Action.RECALL, Action.START, Action.NO_SHOW, Action.TRANSFER}),
    "serving": frozenset({Action.FINISH, Action.TRANSFER}),
}
_ACTIVE_STATUSES = frozenset(_TICKET_ACTIONS)


@dataclass(frozen=True)
class ConsoleState:
    """What the console knows: the window as the server last described it, plus local flags."""

    window: Window | None = None  # with current_ticket (and queues when read on its own)
    busy: bool = False  # a request is in flight
    disconnected: bool = False  # the event stream dropped and has not come back yet
    queues: tuple[QueueLength, ...] = ()
    chosen: int | None = None  # the window picked, until the server first describes it
    undo: str | None = None  # the number just marked a no-show, while undo is offered

    @property
    def number(self) -> int | None:
        """The window the console is at (None before one is chosen)."""
        return self.window.number if self.window else self.chosen

    @property
    def window_state(self) -> str | None:
        return self.window.state if self.window else None

    @property
    def ticket(self) -> Ticket | None:
        """The ticket at this window, if it is still being called or served."""
        ticket = self.window.current_ticket if self.window else None
        if ticket and ticket.status in _ACTIVE_STATUSES:
            return ticket
        return None

    def enabled(self) -> frozenset[Action]:
        """Actions that make sense now; none while a request is in flight or no window is chosen."""
        if self.busy or self.number is None:
            return frozenset()
        ticket = self.ticket
        if ticket is not None:
            return _TICKET_ACTIONS[ticket.status]
        if self.window_state == "open":
            undo = {Action.UNDO_NO_SHOW} if self.undo else set()
            return frozenset({Action.CALL_NEXT, Action.CALL_TICKET, Action.PAUSE, *undo})
        return frozenset({Action.RESUME})  # paused, closed or not read yet: opened first

    def is_enabled(self, action: Action) -> bool:
        return action in self.enabled()

    def with_window(self, window: Window) -> ConsoleState:
        return replace(self, window=window, queues=window.queues or self.queues)

    def with_ticket(self, ticket: Ticket | None) -> ConsoleState:
        """The window after an action answered with a ticket (or None: nobody at the window)."""
        if self.window is None:  # actions on a ticket need the window read first
            return self
        same_window = ticket is not None and ticket.window == self.window.number
        current = ticket if same_window else None
        return replace(self, window=replace(self.window, current_ticket=current))
