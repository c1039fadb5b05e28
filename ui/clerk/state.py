"""The console's state and which actions make sense in it (pure: no Qt, no network)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum


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
}

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

    window: dict | None = None  # Window object (with current_ticket, queues)
    busy: bool = False  # a request is in flight
    disconnected: bool = False  # the event stream dropped and has not come back yet
    queues: tuple[dict, ...] = field(default_factory=tuple)

    @property
    def window_state(self) -> str | None:
        return self.window.get("state") if self.window else None

    @property
    def ticket(self) -> dict | None:
        """The ticket at this window, if it is still being called or served."""
        ticket = self.window.get("current_ticket") if self.window else None
        if ticket and ticket.get("status") in _ACTIVE_STATUSES:
            return ticket
        return None

    def enabled(self) -> frozenset[Action]:
        """Actions that make sense now; none while a request is in flight or no window is chosen."""
        if self.busy or self.window is None:
            return frozenset()
        ticket = self.ticket
        if ticket is not None:
            return _TICKET_ACTIONS[ticket["status"]]
        if self.window_state == "open":
            return frozenset({Action.CALL_NEXT, Action.CALL_TICKET, Action.PAUSE})
        return frozenset({Action.RESUME})  # paused or closed: the clerk opens it first

    def is_enabled(self, action: Action) -> bool:
        return action in self.enabled()

    def with_window(self, window: dict) -> ConsoleState:
        queues = tuple(window.get("queues") or self.queues)
        return replace(self, window=window, queues=queues)

    def with_ticket(self, ticket: dict | None) -> ConsoleState:
        """The window after an action answered with a ticket (or None: nobody at the window)."""
        window = dict(self.window or {})
        same_window = ticket is not None and ticket.get("window") == window.get("number")
        window["current_ticket"] = ticket if same_window else None
        return replace(self, window=window)
