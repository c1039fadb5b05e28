"""What one simulated day records: each ticket's wait and the estimates it was shown, the
windows' busy time, refusals, balking, cross-hall crossings and the queue over the day."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class TicketLog:
    """One issued ticket, from the kiosk to the window."""

    hall: str
    service: str
    priority: str
    arrived: datetime  # when its wait starts (an appointment's slot start at the earliest)
    eta_minutes: int  # what the store told the citizen at issue
    queue_length_minutes: float  # the plain queue-length predictor, same moment
    last_entered_minutes: float  # the last-to-enter-service predictor, same moment
    slot_start: datetime | None = None
    called_at: datetime | None = None
    window: int | None = None
    no_show: bool = False
    crossed: bool = False  # came here on a cross-hall suggestion

    @property
    def wait_minutes(self) -> float | None:
        if self.called_at is None:
            return None
        return max(0.0, (self.called_at - self.arrived).total_seconds() / 60)


@dataclass(frozen=True)
class Suggestion:
    """A cross-hall suggestion a citizen was shown (and whether they took it)."""

    at: datetime
    service: str
    source: str
    target: str
    taken: bool


@dataclass
class WindowLog:
    busy_minutes: float = 0.0
    duty_minutes: float = 0.0


@dataclass
class DayLog:
    """Everything measured on one replication of the day."""

    replication: int
    tickets: list[TicketLog] = field(default_factory=list)
    refused: dict[tuple[str, str], int] = field(default_factory=dict)
    balked: dict[tuple[str, str], int] = field(default_factory=dict)
    suggestions: list[Suggestion] = field(default_factory=list)
    windows: dict[tuple[str, int], WindowLog] = field(default_factory=dict)
    queue: dict[str, list[tuple[datetime, int]]] = field(default_factory=dict)  # hall → trace
    wall_seconds: float = 0.0

    def count(self, table: dict[tuple[str, str], int], hall: str, service: str) -> None:
        table[(hall, service)] = table.get((hall, service), 0) + 1

    def trace(self, hall: str, moment: datetime, change: int) -> None:
        """The hall's waiting count after a change of `change` at `moment`."""
        points = self.queue.setdefault(hall, [])
        last = points[-1][1] if points else 0
        points.append((moment, last + change))
