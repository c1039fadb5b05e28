"""The "hall" policy's overload tier (跨窗通办): an over-target service goes first at the
comprehensive windows that serve it, after the ratio guard and ageing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from queue_server.engine.dispatch import DispatchPolicy, choose_next, green_run
from queue_server.engine.states import Priority
from tests.queue_server.engine.test_dispatch import APPT, NOW, POLICY, G, N, ticket

COMPREHENSIVE = ["SB01", "HJ01"]  # prefers social insurance


def test_a_comprehensive_window_takes_the_overloaded_service_first() -> None:
    pool = [ticket(1, "SB01", waited=2), ticket(2, "HJ01", waited=25), ticket(3, "HJ01", waited=1)]
    assert choose_next(COMPREHENSIVE, pool, NOW, POLICY).ticket_id == 1  # type: ignore[union-attr]
    chosen = choose_next(COMPREHENSIVE, pool, NOW, POLICY, overloaded=frozenset({"HJ01"}))
    assert chosen is not None and chosen.ticket_id == 2  # the overloaded queue's longest wait


def test_overloaded_green_goes_before_overloaded_normal_and_other_services_green() -> None:
    pool = [ticket(1, "SB01", G, waited=9), ticket(2, "HJ01", waited=9), ticket(3, "HJ01", G, 1)]
    chosen = choose_next(COMPREHENSIVE, pool, NOW, POLICY, overloaded=frozenset({"HJ01"}))
    assert chosen is not None and chosen.ticket_id == 3


def test_aged_tickets_and_started_appointments_still_come_first() -> None:
    pool = [ticket(1, "SB01", waited=31), ticket(2, "HJ01", waited=25)]
    chosen = choose_next(COMPREHENSIVE, pool, NOW, POLICY, overloaded=frozenset({"HJ01"}))
    assert chosen is not None and chosen.ticket_id == 1  # ageing bounds the other service's wait
    pool.append(ticket(3, "SB01", APPT, waited=1, slot_in=-1))
    chosen = choose_next(COMPREHENSIVE, pool, NOW, POLICY, overloaded=frozenset({"HJ01"}))
    assert chosen is not None and chosen.ticket_id == 3


def test_the_ratio_guard_holds_against_an_overloaded_green_stream() -> None:
    pool = [ticket(1, "SB01", waited=5), ticket(2, "HJ01", G, waited=6)]
    history = [G, G]  # two green calls in a row: a normal ticket is due
    chosen = choose_next(COMPREHENSIVE, pool, NOW, POLICY, history, frozenset({"HJ01"}))
    assert chosen is not None and chosen.ticket_id == 1


@settings(max_examples=40, deadline=None)
@given(
    arrivals=st.lists(
        st.tuples(st.sampled_from(COMPREHENSIVE), st.booleans(), st.floats(0, 2)),
        min_size=5,
        max_size=40,
    ),
    overloaded=st.sets(st.sampled_from(COMPREHENSIVE)).map(frozenset),
)
def test_whatever_is_overloaded_an_aged_ticket_is_never_passed_over(
    arrivals: list[tuple[str, bool, float]], overloaded: frozenset[str]
) -> None:
    """Outside the ratio guard, nobody is called while an aged ticket waits: ageing still
    bounds every wait under the overload tier."""
    policy = DispatchPolicy(green_run_limit=2, ageing_minutes=30)
    pool, waited = [], 45.0
    for index, (service, green, gap) in enumerate(arrivals):
        waited -= gap
        pool.append(ticket(index, service, G if green else N, waited=waited))
    history: list[Priority] = []
    while pool:
        chosen = choose_next(COMPREHENSIVE, pool, NOW, policy, history, overloaded)
        assert chosen is not None
        aged = [c for c in pool if (NOW - c.arrived_at).total_seconds() >= 30 * 60]
        guarded = green_run(history) >= policy.green_run_limit and any(
            c.priority == N for c in pool
        )
        if aged and not guarded:
            assert chosen in aged and chosen.arrived_at == min(c.arrived_at for c in aged)
        pool.remove(chosen)
        history.append(chosen.priority)
