"""What the board shows, as a pure model: built from the server's snapshot, advanced by events.

Applying an event is idempotent (the same event twice leaves the same state), so events that
arrive while a snapshot is loading can be applied again on top of it without harm.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from queue_server.client.models import Service

MAX_CALLS = 20
ENDING_EVENTS = ("ticket.finished", "ticket.no_show", "ticket.cancelled", "ticket.transferred")
WINDOW_STATES = {"window.paused": "paused", "window.resumed": "open", "window.closed": "closed"}
UNDO_NO_SHOW = "ticket.no_show_undone"  # the clerk took a no-show back: called at the window again


@dataclass(frozen=True)
class Call:
    number: str
    window: int
    window_label: str
    service: str
    at: str
    recall: bool
    no_show: bool = field(default=False, compare=False)  # marked 过号 since (not part of identity)
    appointment: bool = field(default=False, compare=False)  # an appointment ticket: 预约


@dataclass(frozen=True)
class WindowState:
    number: int
    label: str
    state: str  # open | paused | closed
    pause_reason: str | None = None
    current: str | None = None  # ticket number called or being served here
    current_status: str | None = None  # called | serving
    current_appointment: bool = False  # the ticket here is an appointment ticket (预约)


@dataclass(frozen=True)
class CategoryCount:
    code: str
    zh: str
    en: str
    waiting: int


@dataclass(frozen=True)
class BoardState:
    hall_id: str
    hall_zh: str
    hall_en: str
    calls: tuple[Call, ...] = ()  # newest first
    windows: tuple[WindowState, ...] = ()
    categories: tuple[CategoryCount, ...] = ()
    service_category: tuple[tuple[str, str], ...] = ()  # (service code, category code)
    notices: tuple[tuple[str, str], ...] = ()  # the hall's notice lines (zh, en), from the server

    def window(self, number: int) -> WindowState | None:
        return next((w for w in self.windows if w.number == number), None)


@dataclass(frozen=True)
class Row:
    """One line of 'calls in progress': number → window."""

    number: str
    window: int
    window_label: str
    status: str
    recall: bool
    appointment: bool = False


def is_appointment(ticket: dict[str, Any] | None) -> bool:
    """An appointment ticket (called before walk-ins once its slot has started): marked 预约."""
    return ticket is not None and ticket.get("priority") == "appointment"


def _call(item: dict[str, Any]) -> Call:
    return Call(
        number=str(item["number"]),
        window=int(item["window"]),
        window_label=str(item.get("window_label") or f"{item['window']}号窗口"),
        service=str(item.get("service") or ""),
        at=str(item.get("at") or ""),
        recall=bool(item.get("recall", False)),
        no_show=bool(item.get("no_show", False)),
        appointment=bool(item.get("appointment", False)),
    )


def _window(item: dict[str, Any]) -> WindowState:
    ticket = item.get("current_ticket") or None
    active = ticket is not None and ticket.get("status") in ("called", "serving")
    return WindowState(
        number=int(item["number"]),
        label=str(item.get("label") or f"{item['number']}号窗口"),
        state=str(item.get("state") or "open"),
        pause_reason=item.get("pause_reason"),
        current=str(ticket["number"]) if active and ticket else None,
        current_status=str(ticket["status"]) if active and ticket else None,
        current_appointment=active and is_appointment(ticket),
    )


def _categories(board: dict[str, Any], services: list[Service]) -> tuple[CategoryCount, ...]:
    """Every category of the hall's services (the board lists only those with people waiting)."""
    counts: dict[str, CategoryCount] = {}
    for service in services:
        category = service.category
        known = counts.get(category.code) or CategoryCount(
            category.code, category.name.zh, category.name.en, 0
        )
        counts[category.code] = replace(known, waiting=known.waiting + service.waiting)
    for item in board.get("waiting_by_category", []):
        code = str(item["code"])
        counts[code] = CategoryCount(
            code, str(item.get("zh", "")), str(item.get("en", "")), int(item.get("waiting", 0))
        )
    return tuple(counts.values())


def from_snapshot(board: dict[str, Any], services: list[Service] | None = None) -> BoardState:
    """From GET /api/halls/{hall}/board, plus GET .../services for each service's category."""
    hall = board.get("hall") or {}
    name = hall.get("name") or {}
    mapping = tuple((s.code, s.category.code) for s in services or [])
    windows = sorted((_window(w) for w in board.get("windows", [])), key=lambda w: w.number)
    return BoardState(
        hall_id=str(hall.get("id", "")),
        hall_zh=str(name.get("zh", "")),
        hall_en=str(name.get("en", "")),
        calls=tuple(_call(c) for c in board.get("calls", []))[:MAX_CALLS],
        windows=tuple(windows),
        categories=_categories(board, services or []),
        service_category=mapping,
        notices=_notices(hall.get("notices")),
    )


def _notices(lines: Any) -> tuple[tuple[str, str], ...]:
    """A hall's notice lines (`[{"zh", "en"}]`), as the manager set them."""
    if not isinstance(lines, list):
        return ()
    return tuple(
        (str(line.get("zh", "")), str(line.get("en", "")))
        for line in lines
        if isinstance(line, dict)
    )


def apply_event(state: BoardState, kind: str, data: dict[str, Any]) -> BoardState:
    """The state after one server event (unknown kinds only update the waiting counts)."""
    ticket = data.get("ticket") or {}
    window = data.get("window") or {}
    number = str(ticket.get("number", ""))
    if kind in ("ticket.called", "ticket.recalled") and number and window.get("number") is not None:
        state = _called(state, ticket, window, str(data.get("at") or ""), kind == "ticket.recalled")
    elif kind == "ticket.started" and number and window.get("number") is not None:
        state = _set_current(state, int(window["number"]), number, "serving", ticket)
    elif kind == UNDO_NO_SHOW and number and window.get("number") is not None:
        state = _mark_no_show(state, number, False)
        state = _set_current(state, int(window["number"]), number, "called", ticket)
    elif kind in ENDING_EVENTS and number:
        state = _clear_number(state, number)
        if kind == "ticket.no_show":
            state = _mark_no_show(state, number, True)
    elif kind in WINDOW_STATES and window.get("number") is not None:
        state = _pause(state, int(window["number"]), WINDOW_STATES[kind], data.get("reason"))
    elif kind == "hall.notices":
        state = replace(state, notices=_notices(data.get("notices")))
    if isinstance(data.get("waiting"), dict):
        state = _waiting(state, data["waiting"])
    return state


def _called(
    state: BoardState, ticket: dict[str, Any], window: dict[str, Any], at: str, recall: bool
) -> BoardState:
    number = str(ticket["number"])
    call = Call(
        number=number,
        window=int(window["number"]),
        window_label=str(window.get("label") or f"{window['number']}号窗口"),
        service=str(ticket.get("service") or ""),
        at=at or str(ticket.get("called_at") or ""),
        recall=recall,
        appointment=is_appointment(ticket),
    )
    calls = state.calls if call in state.calls else (call, *state.calls)[:MAX_CALLS]
    state = replace(_clear_number(state, number), calls=calls)
    return _set_current(state, call.window, number, "called", ticket, label=call.window_label)


def _set_current(
    state: BoardState,
    number: int,
    ticket: str,
    status: str,
    sent: dict[str, Any],
    label: str | None = None,
) -> BoardState:
    """Window `number` has `ticket` (`sent`: the event's ticket, for its 预约 mark) now."""
    existing = state.window(number) or WindowState(number, label or f"{number}号窗口", "open")
    appointment = is_appointment(sent)
    updated = replace(existing, current=ticket, current_status=status,
                      current_appointment=appointment)  # fmt: skip
    others = [w for w in state.windows if w.number != number]
    return replace(state, windows=tuple(sorted([*others, updated], key=lambda w: w.number)))


def _clear_number(state: BoardState, ticket: str) -> BoardState:
    windows = tuple(
        replace(w, current=None, current_status=None, current_appointment=False)
        if w.current == ticket
        else w
        for w in state.windows
    )
    return replace(state, windows=windows)


def _mark_no_show(state: BoardState, ticket: str, no_show: bool) -> BoardState:
    """Mark (or unmark) the calls of `ticket` as 过号."""
    calls = tuple(replace(c, no_show=no_show) if c.number == ticket else c for c in state.calls)
    return replace(state, calls=calls)


def _pause(state: BoardState, number: int, now: str, reason: Any) -> BoardState:
    existing = state.window(number) or WindowState(number, f"{number}号窗口", "open")
    updated = replace(
        existing,
        state=now,
        pause_reason=str(reason) if now == "paused" and reason else None,
    )
    others = [w for w in state.windows if w.number != number]
    return replace(state, windows=tuple(sorted([*others, updated], key=lambda w: w.number)))


def _waiting(state: BoardState, waiting: dict[str, Any]) -> BoardState:
    if not state.service_category:
        return state
    totals: dict[str, int] = {}
    for service, category in state.service_category:
        totals[category] = totals.get(category, 0) + int(waiting.get(service, 0) or 0)
    categories = tuple(
        replace(c, waiting=totals[c.code]) if c.code in totals else c for c in state.categories
    )
    return replace(state, categories=categories)


def in_progress(state: BoardState) -> list[Row]:
    """Windows with a ticket called or being served: tickets still to walk to their window
    (called) before those already there (serving), the most recently called first."""
    order: dict[tuple[str, int], tuple[int, bool]] = {}
    for index, call in enumerate(state.calls):
        order.setdefault((call.number, call.window), (index, call.recall))
    ranked: list[tuple[int, Row]] = []
    for w in state.windows:
        if w.current:
            index, recall = order.get((w.current, w.number), (MAX_CALLS + w.number, False))
            status = w.current_status or "called"
            row = Row(w.current, w.number, w.label, status, recall, w.current_appointment)
            ranked.append((index, row))
    ranked.sort(key=lambda item: (item[1].status == "serving", item[0]))
    return [row for _, row in ranked]


def newest(state: BoardState) -> Row | None:
    """The call to highlight: the latest call whose ticket is still at its window."""
    if not state.calls:
        return None
    latest = state.calls[0]
    rows = in_progress(state)
    return next((r for r in rows if (r.number, r.window) == (latest.number, latest.window)), None)


def busiest(state: BoardState) -> list[CategoryCount]:
    """Every category with people waiting, the most first."""
    waiting = [c for c in state.categories if c.waiting > 0]
    return sorted(waiting, key=lambda c: -c.waiting)


def recent(state: BoardState, limit: int) -> list[Call]:
    """Earlier calls no longer at a window (for citizens who missed their number)."""
    current = {(w.current, w.number) for w in state.windows if w.current}
    seen: set[str] = set()
    result = []
    for call in state.calls:
        if (call.number, call.window) in current or call.number in seen:
            continue
        seen.add(call.number)
        result.append(call)
    return result[:limit]
