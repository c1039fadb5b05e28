"""One hall's business day turned into report cells: visits, waits, service times, windows'
pause and idle time. Pure; the definitions are `engine.reports`' docstring."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from queue_server.engine.reports import BINS, PUNCTUAL_SECONDS, Counts, wait_bin

CLOSED_AT_DAY_END = "closed_at_day_end"  # rollover's outcome for a ticket still being served

Cell = tuple[str, int, str]  # (service, window, clerk); window 0 / clerk "": none
# Histograms per kind: ("hall", ""), ("service", code), ("window", "3"), ("clerk", username).
HistogramKey = tuple[str, str]
Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class TicketFact:
    """A ticket row as the report reads it (times aware)."""

    id: int
    service: str
    status: str
    outcome: str | None
    window: int | None
    clerk: str | None
    issued: datetime
    arrived: datetime
    called: datetime | None
    started: datetime | None
    finished: datetime | None
    slot_start: datetime | None
    transferred_from: int | None


@dataclass
class DayFacts:
    cells: dict[Cell, Counts] = field(default_factory=dict)
    histograms: dict[HistogramKey, list[int]] = field(default_factory=dict)

    def cell(self, key: Cell) -> Counts:
        return self.cells.setdefault(key, Counts())

    def count_wait(self, ticket: TicketFact, seconds: float) -> None:
        keys = [("hall", ""), ("service", ticket.service)]
        if ticket.window is not None:
            keys.append(("window", str(ticket.window)))
        if ticket.clerk:
            keys.append(("clerk", ticket.clerk))
        index = wait_bin(seconds)
        for key in keys:
            self.histograms.setdefault(key, [0] * BINS)[index] += 1


def group_counts(cells: dict[Cell, Counts]) -> dict[HistogramKey, Counts]:
    """The cells summed per hall (key ""), service, window and clerk alone."""
    groups: dict[HistogramKey, Counts] = {}
    for (service, window, clerk), counts in cells.items():
        keys = [("hall", "")]
        keys += [("service", service)] if service else []
        keys += [("window", str(window))] if window else []
        keys += [("clerk", clerk)] if clerk else []
        for key in keys:
            groups.setdefault(key, Counts()).add(counts)
    return groups


@dataclass(frozen=True)
class DayInput:
    """What a day's facts are made from."""

    tickets: Sequence[TicketFact]
    target_seconds: float
    closes_at: datetime  # the hall's closing time that day (midnight on a day without hours)
    evaluations: Sequence[tuple[int, int]] = ()  # (ticket id, level)
    pauses: dict[int, list[Interval]] = field(default_factory=dict)  # window → paused spans


def _where(ticket: TicketFact) -> Cell:
    return (ticket.service, ticket.window or 0, ticket.clerk or "")


def visits(tickets: Iterable[TicketFact]) -> list[list[TicketFact]]:
    """The day's visits: each issued ticket followed by the tickets its transfers made."""
    by_id = {t.id: t for t in tickets}
    made: dict[int, TicketFact] = {
        t.transferred_from: t for t in by_id.values() if t.transferred_from is not None
    }
    chains = []
    for ticket in sorted(by_id.values(), key=lambda t: t.id):
        if ticket.transferred_from is not None and ticket.transferred_from in by_id:
            continue
        chain = [ticket]
        while chain[-1].id in made:
            chain.append(made[chain[-1].id])
        chains.append(chain)
    return chains


def day_facts(day: DayInput) -> DayFacts:
    facts = DayFacts()
    for chain in visits(day.tickets):
        _count_visit(facts, chain, day)
    for ticket in day.tickets:
        _count_ticket(facts, ticket)
    levels = {t.id: t for t in day.tickets}
    for ticket_id, level in day.evaluations:
        if ticket_id in levels:
            counts = facts.cell(_where(levels[ticket_id]))
            counts.evaluations += 1
            counts.satisfied += level >= 3
            counts.bad += level <= 2
    _count_windows(facts, day)
    return facts


def _count_visit(facts: DayFacts, chain: list[TicketFact], day: DayInput) -> None:
    """Issued once; one wait from the first arrival to the first call; requeue waits after."""
    first = chain[0]
    facts.cell((first.service, 0, "")).issued += 1
    called = [t for t in chain if t.called is not None]
    if not called:
        if chain[-1].status == "no_show":  # never called, closed at the day's end
            _count_left(facts, chain[-1], first.arrived, day.closes_at)
        return
    head = min(called, key=lambda t: (t.called, t.id))
    assert head.called is not None
    wait = max(0.0, (head.called - first.arrived).total_seconds())
    counts = facts.cell(_where(head))
    counts.wait_n += 1
    counts.wait_s += wait
    counts.within_target += wait <= day.target_seconds
    facts.count_wait(head, wait)
    if first.slot_start is not None:
        counts.appointments += 1
        counts.punctual += wait <= PUNCTUAL_SECONDS
    for ticket in called:
        if ticket.transferred_from is not None and ticket.called is not None:
            again = facts.cell(_where(ticket))
            again.requeue_n += 1
            again.requeue_s += max(0.0, (ticket.called - ticket.issued).total_seconds())


def _count_left(
    facts: DayFacts, ticket: TicketFact, arrived: datetime, closes_at: datetime
) -> None:
    """A visit still waiting at the close: its wait runs to the hall's closing time at most."""
    end = min(ticket.finished or arrived, closes_at)
    counts = facts.cell((ticket.service, 0, ""))
    counts.left_at_close += 1
    counts.left_wait_s += max(0.0, (end - arrived).total_seconds())
    if ticket.slot_start is not None:
        counts.appointments += 1  # an appointment never called was not punctual


def _count_ticket(facts: DayFacts, ticket: TicketFact) -> None:
    """Per ticket row: called, served (with service time), no-show, transferred, cancelled."""
    counts = facts.cell(_where(ticket))
    counts.called += ticket.called is not None
    if ticket.status == "done":
        counts.served += 1
        begun = ticket.started or ticket.called
        if begun and ticket.finished and ticket.outcome != CLOSED_AT_DAY_END:
            counts.service_n += 1
            counts.service_s += max(0.0, (ticket.finished - begun).total_seconds())
    elif ticket.status == "no_show":
        counts.no_show += ticket.called is not None  # never called: left at close (per visit)
    elif ticket.status == "transferred":
        counts.transferred += 1
    elif ticket.status == "cancelled":
        counts.cancelled += 1


def _count_windows(facts: DayFacts, day: DayInput) -> None:
    """Pause and idle time of each window that called anyone that day (the clerk's, when one
    clerk alone worked there that day)."""
    busy: dict[int, list[Interval]] = {}
    clerks_of: dict[int, set[str]] = {}
    for ticket in day.tickets:
        if ticket.window is not None and ticket.called is not None:
            end = ticket.finished or ticket.called
            busy.setdefault(ticket.window, []).append((ticket.called, end))
            if ticket.clerk:
                clerks_of.setdefault(ticket.window, set()).add(ticket.clerk)
    for window, spans in busy.items():
        start, end = min(s for s, _ in spans), max(e for _, e in spans)
        paused = clip(day.pauses.get(window, []), start, end)
        pause = total(paused)
        taken = total(union([*spans, *paused]))
        clerks = clerks_of.get(window, set())
        clerk = next(iter(clerks)) if len(clerks) == 1 else ""  # the window's one clerk that day
        counts = facts.cell(("", window, clerk))
        counts.pause_s += pause
        counts.idle_s += max(0.0, (end - start).total_seconds() - taken)


def clip(spans: Iterable[Interval], start: datetime, end: datetime) -> list[Interval]:
    """The parts of `spans` within [start, end]."""
    return [(max(s, start), min(e, end)) for s, e in spans if min(e, end) > max(s, start)]


def union(spans: Iterable[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def total(spans: Iterable[Interval]) -> float:
    return sum((e - s).total_seconds() for s, e in union(spans))


def paused_spans(
    changes: Iterable[tuple[datetime, int, bool]], day_end: datetime
) -> dict[int, list[Interval]]:
    """(time, window, paused?) state changes in time order → each window's paused spans; a pause
    not resumed that day lasts to `day_end` (clipped to the window's span later)."""
    since: dict[int, datetime] = {}
    spans: dict[int, list[Interval]] = {}
    for at, window, paused in changes:
        if paused:
            since.setdefault(window, at)
        elif window in since:
            spans.setdefault(window, []).append((since.pop(window), at))
    for window, at in since.items():
        spans.setdefault(window, []).append((at, day_end))
    return spans
