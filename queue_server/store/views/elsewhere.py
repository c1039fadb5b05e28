"""Cross-hall estimates and the suggestion (`elsewhere`): live estimates, smoothed over time by
the store's `BalanceBoard`, with the hysteresis of `engine.balance.suggestion`."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from queue_server.engine import balance
from queue_server.engine.district import District, Hall
from queue_server.store import issuing_rules, queries
from queue_server.store.balancing import BalanceBoard
from queue_server.store.views.estimates import newcomer_estimates


@dataclass(frozen=True)
class Live:
    """One service at one hall now."""

    waiting: int
    eta_minutes: int
    available: bool


@dataclass(frozen=True)
class Balancing:
    """What the cross-hall views need besides the connection: rules, memory, time."""

    district: District
    board: BalanceBoard
    now: datetime
    check_hours: bool

    def published(self, hall: Hall, service: str, live_minutes: float) -> float:
        tau = self.district.balancing.smoothing_minutes
        return self.board.publish(hall.id, service, live_minutes, self.now, tau)


def live(conn: sqlite3.Connection, ctx: Balancing, hall: Hall, service: str) -> Live:
    """The service's waiting count, estimate for a newcomer and availability at the hall."""
    day = hall.business_day(ctx.now)
    waiting = queries.waiting_counts(conn, hall.id, day)
    refusal = issuing_rules.availability(
        conn, hall, ctx.district.services[service], now=ctx.now, day=day,
        check_hours=ctx.check_hours,
    )  # fmt: skip
    found = newcomer_estimates(conn, ctx.district, hall, ctx.now, day, waiting, [service])
    return Live(waiting.get(service, 0), found[service][0], refusal is None)


def suggest(
    conn: sqlite3.Connection, ctx: Balancing, hall: Hall, service: str, here_live: int
) -> dict[str, Any] | None:
    """The `elsewhere` object for a newcomer at ``hall``: a much faster hall, or None."""
    rules = ctx.district.balancing
    here = ctx.published(hall, service, here_live)
    if here < rules.keep_min_minutes or here <= 0:
        ctx.board.drop(hall.id, service)  # nothing elsewhere can beat a short wait by enough
        return None
    found: dict[str, float] = {}
    for other in _reachable(ctx.district, hall, service):
        there = live(conn, ctx, other, service)
        if there.available:
            found[other.id] = ctx.published(other, service, there.eta_minutes)
    options = [balance.Option(h, m) for h, m in found.items()]
    chosen = ctx.board.suggest(hall.id, service, here, options, rules)
    if chosen is None:
        return None
    target = ctx.district.halls[chosen]
    return {
        "hall": target.id,
        "name": {"zh": target.name.zh, "en": target.name.en},
        "address": {"zh": target.address.zh, "en": target.address.en},
        "eta_minutes": round(found[chosen]),
    }


def _reachable(district: District, hall: Hall, service: str) -> list[Hall]:
    parents = {h.id: h.parent for h in district.halls.values()}
    return [
        other
        for other in district.halls.values()
        if service in other.services
        and balance.reachable(hall.id, hall.level, other.id, other.level, parents)
    ]


def offering(
    conn: sqlite3.Connection, ctx: Balancing, hall: Hall, service: str, heading: dict[str, Any]
) -> dict[str, Any]:
    """One item of `GET /api/services/{code}/halls`: the hall's damped estimate for it."""
    now_there = live(conn, ctx, hall, service)
    return {
        **heading,
        "target_wait_minutes": hall.target_wait_minutes,
        "green_channel": hall.green_channel,
        "waiting": now_there.waiting,
        "eta_minutes": round(ctx.published(hall, service, now_there.eta_minutes)),
        "available": now_there.available,
    }
