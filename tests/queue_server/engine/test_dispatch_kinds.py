"""The baseline dispatch kinds the simulator compares the hall policy with."""

from __future__ import annotations

import tomllib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from queue_server.config_loader import parse_district
from queue_server.engine.dispatch import Candidate, DispatchPolicy, choose_next
from queue_server.engine.errors import ConfigError
from queue_server.engine.states import Priority

SAMPLE = Path(__file__).parents[3] / "config" / "district.toml"
CST = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=CST)
N, G, APPT = Priority.NORMAL, Priority.GREEN, Priority.APPOINTMENT


def ticket(
    tid: int, service: str, priority: Priority, waited: float, slot_in: float | None = None
) -> Candidate:
    slot = None if slot_in is None else NOW + timedelta(minutes=slot_in)
    return Candidate(tid, service, priority, NOW - timedelta(minutes=waited), f"A{tid}", slot)


QUEUE = [
    ticket(1, "HJ02", N, 50),  # oldest, but of the window's second service
    ticket(2, "HJ01", N, 40),  # aged normal
    ticket(3, "HJ01", G, 5),  # green
    ticket(4, "HJ01", APPT, 10, slot_in=-10),  # started appointment
    ticket(5, "HJ01", N, 45),
]


def test_dedicated_fifo_serves_only_the_first_service_by_arrival() -> None:
    policy = DispatchPolicy(kind="dedicated-fifo")
    chosen = choose_next(("HJ01", "HJ02"), QUEUE, NOW, policy)
    assert chosen is not None and chosen.ticket_id == 5
    assert choose_next(("HJ02",), QUEUE[1:], NOW, policy) is None


def test_strict_priority_takes_green_then_appointments_then_normal() -> None:
    policy = DispatchPolicy(kind="strict-priority")
    order = []
    waiting = list(QUEUE)
    for _ in QUEUE:
        chosen = choose_next(("HJ01", "HJ02"), waiting, NOW, policy, [G, G, G])
        assert chosen is not None
        order.append(chosen.ticket_id)
        waiting.remove(chosen)
    assert order == [3, 4, 1, 5, 2]  # no ratio guard after three greens, no ageing tier


def test_the_hall_kind_keeps_its_ageing() -> None:
    chosen = choose_next(("HJ01", "HJ02"), QUEUE, NOW, DispatchPolicy())
    assert chosen is not None and chosen.ticket_id == 4  # started appointment first
    rest = [c for c in QUEUE if c.ticket_id != 4]
    chosen = choose_next(("HJ01", "HJ02"), rest, NOW, DispatchPolicy())
    assert chosen is not None and chosen.ticket_id == 1  # aged, whatever the service


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="kind"):
        DispatchPolicy(kind="random")


def test_the_district_config_names_the_policy() -> None:
    data = tomllib.loads(SAMPLE.read_text(encoding="utf-8"))
    data["dispatch"]["policy"] = "strict-priority"
    assert parse_district(data, "d.toml").dispatch.kind == "strict-priority"
    data["dispatch"]["policy"] = "lottery"
    with pytest.raises(ConfigError, match="dispatch.policy"):
        parse_district(data, "d.toml")
