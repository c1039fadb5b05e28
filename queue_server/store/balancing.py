"""What balancing remembers between requests (in memory, per Store): the published, smoothed
cross-hall estimates, the suggestion each (hall, service) currently makes, and each hall's
overloaded services. Losing it on a restart only restarts the smoothing and the hysteresis."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Mapping, Sequence
from datetime import datetime

from queue_server.engine import balance
from queue_server.engine.balance import BalancingRules
from queue_server.engine.district import District, Hall

Key = tuple[str, str]  # (hall, service)


class BalanceBoard:
    """Thread-safe memory of the balancing rules' state; the rules are `engine.balance`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._published: dict[Key, balance.Smoothed] = {}
        self._suggested: dict[Key, str] = {}
        self._overloaded: dict[str, frozenset[str]] = {}

    def publish(self, hall: str, service: str, live: float, now: datetime, tau: float) -> float:
        """The smoothed estimate of the service at the hall, moved towards ``live``."""
        with self._lock:
            smoothed = balance.smooth(self._published.get((hall, service)), live, now, tau)
            self._published[(hall, service)] = smoothed
            return smoothed.minutes

    def suggest(
        self,
        hall: str,
        service: str,
        here: float,
        options: Sequence[balance.Option],
        rules: BalancingRules,
    ) -> str | None:
        """The hall to suggest now (remembered for the hysteresis), or None."""
        with self._lock:
            current = self._suggested.get((hall, service))
            chosen = balance.suggestion(here, options, current, rules)
            if chosen is None:
                self._suggested.pop((hall, service), None)
            else:
                self._suggested[(hall, service)] = chosen
            return chosen

    def drop(self, hall: str, service: str) -> None:
        with self._lock:
            self._suggested.pop((hall, service), None)

    def destinations(self, service: str) -> set[str]:
        """Halls currently suggested to citizens of some other hall for the service."""
        with self._lock:
            return {to for (_, code), to in self._suggested.items() if code == service}

    def overloaded(
        self,
        hall: str,
        loads: Mapping[str, balance.QueueLoad],
        target_minutes: float,
        rules: BalancingRules,
    ) -> frozenset[str]:
        """The hall's overloaded services now, with the hysteresis of what they were."""
        with self._lock:
            before = self._overloaded.get(hall, frozenset())
            now = balance.overloaded(loads, target_minutes, rules, before)
            self._overloaded[hall] = now
            return now


def queue_loads(
    conn: sqlite3.Connection, hall: Hall, day: str, now: datetime
) -> dict[str, balance.QueueLoad]:
    """Each service's walk-in queue (appointments keep their slots): length and longest wait."""
    rows = conn.execute(
        "SELECT service, COUNT(*), MIN(arrived_at) FROM tickets WHERE hall = ?"
        " AND business_day = ? AND status = 'waiting' AND priority != 'appointment'"
        " GROUP BY service",
        (hall.id, day),
    )
    return {
        service: balance.QueueLoad(
            int(count), max((now - datetime.fromisoformat(first)).total_seconds() / 60, 0.0)
        )
        for service, count, first in rows
    }


def hall_overload(
    conn: sqlite3.Connection,
    district: District,
    hall: Hall,
    day: str,
    now: datetime,
    board: BalanceBoard,
) -> frozenset[str]:
    """The hall's overloaded services now (remembered on the board for the hysteresis)."""
    loads = queue_loads(conn, hall, day, now)
    return board.overloaded(hall.id, loads, hall.target_wait_minutes, district.balancing)
