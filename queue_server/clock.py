"""Clocks the server is given: the real one, one that starts at a chosen moment (training, demos,
trial runs), and one that tests and simulations move by hand. A clock is a function returning
an aware datetime."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from queue_server.engine.numbering import DEFAULT_TZ

Clock = Callable[[], datetime]
SHANGHAI = ZoneInfo(DEFAULT_TZ)


def system_clock() -> datetime:
    """The real time, timezone-aware (UTC)."""
    return datetime.now(UTC)


class RunningClock:
    """Starts at `start` and then runs at normal speed (`queue-server serve --clock-start`)."""

    def __init__(self, start: datetime, *, seconds: Callable[[], float] = time.monotonic) -> None:
        if start.tzinfo is None or start.utcoffset() is None:
            raise ValueError(f"a clock needs a start with a UTC offset, got {start.isoformat()}")
        self.start = start
        self._seconds = seconds  # monotonic: a system clock change does not move this one
        self._origin = seconds()

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=self._seconds() - self._origin)


class MovableClock:
    """Stands still until moved (`advance`, `set`): tests and simulations drive time."""

    def __init__(self, start: datetime) -> None:
        self._now = start
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, **delta: float) -> None:
        """Move forward by `timedelta(**delta)`, e.g. `advance(minutes=5)`."""
        with self._lock:
            self._now += timedelta(**delta)

    def set(self, moment: datetime) -> None:
        with self._lock:
            self._now = moment


def shanghai(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in Asia/Shanghai, the sample district's zone: `shanghai(2026, 11, 27, 10)`."""
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)
