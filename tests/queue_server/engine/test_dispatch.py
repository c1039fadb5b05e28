"""Dispatch v1: the order in which a window calls tickets, and "people ahead"."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from queue_server.engine.dispatch import (
    Candidate,
    DispatchPolicy,
    ahead_counts,
    ahead_of,
    choose_next,
    green_run,
    queue_order,
)
from queue_server.engine.states import Priority

CST = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=CST)
POLICY = DispatchPolicy(green_run_limit=2, ageing_minutes=30)
N, G, APPT = Priority.NORMAL, Priority.GREEN, Priority.APPOINTMENT


def ticket(
    tid: int,
    service: str = "HJ01",
    priority: Priority = N,
    waited: float = 5,
    slot_in: float | None = None,
) -> Candidate:
    """A candidate that arrived ``waited`` minutes before NOW; slot starts ``slot_in`` from NOW."""
    slot = None if slot_in is None else NOW + timedelta(minutes=slot_in)
    return Candidate(
        ticket_id=tid,
        service=service,
        priority=priority,
        arrived_at=NOW - timedelta(minutes=waited),
        number=f"A{tid:03d}",
        slot_start=slot,
    )


def call_order(
    services: list[str],
    pool: list[Candidate],
    policy: DispatchPolicy = POLICY,
    recent: list[Priority] | None = None,
) -> list[int]:
    """Call next until nobody eligible waits; the ticket ids in call order."""
    pool, history, order = list(pool), list(recent or []), []
    while (chosen := choose_next(services, pool, NOW, policy, history)) is not None:
        order.append(chosen.ticket_id)
        history.append(chosen.priority)
        pool.remove(chosen)
    return order


def test_nobody_waiting_gives_none() -> None:
    assert choose_next(["HJ01"], [], NOW, POLICY, []) is None
    assert choose_next(["HJ01"], [ticket(1, "SB01")], NOW, POLICY, []) is None


def test_first_come_first_served_within_a_class() -> None:
    pool = [ticket(1, waited=3), ticket(2, waited=9), ticket(3, waited=6)]
    assert call_order(["HJ01"], pool) == [2, 3, 1]


def test_ties_on_arrival_are_broken_by_ticket_id() -> None:
    pool = [ticket(5, waited=4), ticket(2, waited=4), ticket(9, waited=4)]
    assert call_order(["HJ01"], pool) == [2, 5, 9]


def test_only_the_windows_services_are_called() -> None:
    pool = [ticket(1, "SB01", waited=20), ticket(2, "HJ01"), ticket(3, "YB01", waited=25)]
    assert call_order(["HJ01", "YB01"], pool) == [2, 3]


def test_service_preference_beats_arrival_within_a_class() -> None:
    pool = [ticket(1, "SB01", waited=20), ticket(2, "HJ01", waited=2), ticket(3, "HJ02", waited=9)]
    assert call_order(["HJ01", "HJ02", "SB01"], pool) == [2, 3, 1]
    assert call_order(["SB01", "HJ02", "HJ01"], pool) == [1, 3, 2]


def test_started_appointment_goes_first_not_yet_started_goes_last() -> None:
    pool = [
        ticket(1, waited=20),
        ticket(2, priority=G, waited=10),
        ticket(3, priority=APPT, waited=1, slot_in=-5),  # slot started 5 minutes ago
        ticket(4, priority=APPT, waited=15, slot_in=+10),  # checked in early
    ]
    assert call_order(["HJ01"], pool) == [3, 2, 1, 4]


def test_appointment_slot_starting_exactly_now_counts_as_started() -> None:
    pool = [ticket(1, waited=20), ticket(2, priority=APPT, waited=1, slot_in=0)]
    assert call_order(["HJ01"], pool)[0] == 2


def test_appointment_lead_lets_an_appointment_in_early() -> None:
    pool = [ticket(1, waited=20), ticket(2, priority=APPT, waited=1, slot_in=4)]
    assert call_order(["HJ01"], pool) == [1, 2]
    early = DispatchPolicy(appointment_lead_minutes=5)
    assert call_order(["HJ01"], pool, early) == [2, 1]


def test_started_appointments_by_slot_then_arrival() -> None:
    pool = [
        ticket(1, priority=APPT, waited=2, slot_in=-5),
        ticket(2, priority=APPT, waited=8, slot_in=-5),
        ticket(3, priority=APPT, waited=1, slot_in=-20),
        ticket(4, "SB01", priority=APPT, waited=1, slot_in=-30),
    ]
    assert call_order(["HJ01", "SB01"], pool) == [4, 3, 2, 1]


def test_appointment_without_a_slot_counts_as_started() -> None:
    pool = [ticket(1, priority=G, waited=20), ticket(2, priority=APPT, waited=1)]
    assert call_order(["HJ01"], pool) == [2, 1]


def test_green_goes_ahead_of_normal() -> None:
    pool = [ticket(1, waited=20), ticket(2, priority=G, waited=2)]
    assert call_order(["HJ01"], pool) == [2, 1]


def test_ratio_at_most_two_greens_in_a_row_while_normals_wait() -> None:
    greens = [ticket(10 + i, priority=G, waited=10 - i) for i in range(5)]
    normals = [ticket(1, waited=20), ticket(2, waited=19)]
    order = call_order(["HJ01"], greens + normals)
    assert order == [10, 11, 1, 12, 13, 2, 14]


def test_ratio_counts_the_windows_recent_history() -> None:
    pool = [ticket(1, waited=20), ticket(2, priority=G, waited=2)]
    assert choose_next(["HJ01"], pool, NOW, POLICY, [N, G, G]) == pool[0]
    assert choose_next(["HJ01"], pool, NOW, POLICY, [G, G, N]) == pool[1]
    # appointment calls neither count towards nor break a green run
    assert choose_next(["HJ01"], pool, NOW, POLICY, [G, APPT, G, APPT]) == pool[0]


def test_ratio_yields_to_greens_when_no_normal_waits() -> None:
    pool = [ticket(1, priority=G, waited=2), ticket(2, "SB01", waited=40)]
    assert choose_next(["HJ01"], pool, NOW, POLICY, [G, G, G]) == pool[0]


def test_ratio_limit_is_configurable() -> None:
    greens = [ticket(10 + i, priority=G, waited=10 - i) for i in range(4)]
    pool = [*greens, ticket(1, waited=20)]
    assert call_order(["HJ01"], pool, DispatchPolicy(green_run_limit=1)) == [10, 1, 11, 12, 13]
    assert call_order(["HJ01"], pool, DispatchPolicy(green_run_limit=4)) == [10, 11, 12, 13, 1]


def test_ageing_puts_a_long_waiting_normal_ahead_of_green() -> None:
    pool = [ticket(1, waited=31), ticket(2, priority=G, waited=5)]
    assert call_order(["HJ01"], pool) == [1, 2]
    pool = [ticket(1, waited=29), ticket(2, priority=G, waited=5)]
    assert call_order(["HJ01"], pool) == [2, 1]


def test_ageing_overrides_service_preference_oldest_first() -> None:
    pool = [
        ticket(1, "HJ01", waited=10),
        ticket(2, "SB01", waited=45),
        ticket(3, "SB01", waited=35),
    ]
    assert call_order(["HJ01", "SB01"], pool) == [2, 3, 1]


def test_ageing_can_be_switched_off() -> None:
    pool = [ticket(1, waited=120), ticket(2, priority=G, waited=5)]
    assert call_order(["HJ01"], pool, DispatchPolicy(ageing_minutes=None)) == [2, 1]


def test_started_appointment_still_beats_an_aged_ticket() -> None:
    pool = [ticket(1, waited=90), ticket(2, priority=APPT, waited=1, slot_in=-1)]
    assert call_order(["HJ01"], pool) == [2, 1]


def test_green_channel_off_treats_green_as_normal() -> None:
    pool = [ticket(1, waited=20), ticket(2, priority=G, waited=2)]
    assert call_order(["HJ01"], pool, DispatchPolicy(green_enabled=False)) == [1, 2]


def test_transferred_ticket_keeps_its_place_by_original_arrival() -> None:
    # ticket 7 was issued for SB01 40 minutes ago and transferred to HJ01 just now; it keeps
    # its original arrived_at, so it is ahead of HJ01 tickets that came after it
    transferred = ticket(7, "HJ01", waited=25)
    pool = [ticket(1, waited=10), ticket(2, waited=20), transferred]
    assert call_order(["HJ01"], pool) == [7, 2, 1]


def test_green_run_counts_trailing_greens() -> None:
    assert green_run([]) == 0
    assert green_run([G, G, N, G]) == 1
    assert green_run([N, G, APPT, G]) == 2
    assert green_run(["green", "green"]) == 2


def test_policy_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        DispatchPolicy(green_run_limit=0)
    with pytest.raises(ValueError):
        DispatchPolicy(ageing_minutes=-1)


def test_people_ahead_counts_the_same_service_only() -> None:
    pool = [
        ticket(1, waited=20),
        ticket(2, waited=10),
        ticket(3, priority=G, waited=1),
        ticket(4, "SB01", waited=50),
        ticket(5, priority=APPT, waited=1, slot_in=-2),
        ticket(6, priority=APPT, waited=1, slot_in=+30),
    ]
    assert [ahead_of(c, pool, NOW, POLICY) for c in pool] == [2, 3, 1, 0, 0, 4]
    assert ahead_counts(pool, NOW, POLICY) == {1: 2, 2: 3, 3: 1, 4: 0, 5: 0, 6: 4}
    assert [c.ticket_id for c in queue_order("HJ01", pool, NOW, POLICY)] == [5, 3, 1, 2, 6]


def test_people_ahead_of_a_new_ticket_not_yet_in_the_pool() -> None:
    pool = [ticket(1, waited=20), ticket(2, priority=G, waited=1)]
    newcomer = ticket(99, waited=0)
    assert ahead_of(newcomer, pool, NOW, POLICY) == 2
    assert ahead_of(ticket(98, priority=G, waited=0), pool, NOW, POLICY) == 1


def test_a_dedicated_window_calls_in_queue_order_when_no_green_run() -> None:
    pool = [ticket(i, priority=G if i % 4 == 0 else N, waited=i * 3 % 29) for i in range(1, 13)]
    expected = [c.ticket_id for c in queue_order("HJ01", pool, NOW, POLICY)]
    first = choose_next(["HJ01"], pool, NOW, POLICY, [])
    assert first is not None and first.ticket_id == expected[0]
