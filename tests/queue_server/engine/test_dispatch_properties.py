"""Property tests for dispatch: only the window's services, normals never starved past the ratio."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from queue_server.engine.dispatch import (
    Candidate,
    DispatchPolicy,
    ahead_counts,
    ahead_of,
    choose_next,
    green_run,
)
from queue_server.engine.states import Priority

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=timezone(timedelta(hours=8)))
SERVICES = ["HJ01", "HJ02", "SB01", "YB01"]


@st.composite
def candidates(draw: st.DrawFn) -> list[Candidate]:
    count = draw(st.integers(min_value=0, max_value=30))
    pool = []
    for tid in range(count):
        priority = draw(st.sampled_from(list(Priority)))
        slot = None
        if priority is Priority.APPOINTMENT and draw(st.booleans()):
            slot = NOW + timedelta(minutes=draw(st.integers(min_value=-60, max_value=60)))
        pool.append(
            Candidate(
                ticket_id=tid,
                service=draw(st.sampled_from(SERVICES)),
                priority=priority,
                arrived_at=NOW - timedelta(minutes=draw(st.integers(min_value=0, max_value=90))),
                number=f"X{tid:03d}",
                slot_start=slot,
            )
        )
    return pool


policies = st.builds(
    DispatchPolicy,
    green_run_limit=st.integers(min_value=1, max_value=4),
    ageing_minutes=st.one_of(st.none(), st.integers(min_value=0, max_value=60)),
    appointment_lead_minutes=st.integers(min_value=0, max_value=15),
    green_enabled=st.booleans(),
)
window_services = st.lists(st.sampled_from(SERVICES), min_size=1, max_size=4, unique=True)
histories = st.lists(st.sampled_from(list(Priority)), max_size=6)


@settings(max_examples=300, deadline=None)
@given(pool=candidates(), services=window_services, policy=policies, history=histories)
def test_never_returns_a_ticket_the_window_does_not_serve(
    pool: list[Candidate], services: list[str], policy: DispatchPolicy, history: list[Priority]
) -> None:
    chosen = choose_next(services, pool, NOW, policy, history)
    eligible = [c for c in pool if c.service in services]
    if not eligible:
        assert chosen is None
    else:
        assert chosen in eligible


@settings(max_examples=300, deadline=None)
@given(pool=candidates(), services=window_services, policy=policies, history=histories)
def test_normals_never_wait_behind_more_than_the_ratio_of_greens(
    pool: list[Candidate], services: list[str], policy: DispatchPolicy, history: list[Priority]
) -> None:
    pool, history = list(pool), list(history)
    while (chosen := choose_next(services, pool, NOW, policy, history)) is not None:
        normals_waiting = any(
            c.service in services
            and (
                c.priority is Priority.NORMAL
                or not policy.green_enabled
                and c.priority is Priority.GREEN
            )
            for c in pool
        )
        if normals_waiting and green_run(history) >= policy.green_run_limit:
            assert not (policy.green_enabled and chosen.priority is Priority.GREEN)
        history.append(chosen.priority)
        pool.remove(chosen)


@settings(max_examples=200, deadline=None)
@given(
    pool=candidates(),
    services=window_services,
    policy=policies,
    history=histories,
    seed=st.randoms(),
)
def test_the_choice_does_not_depend_on_the_order_of_candidates(
    pool: list[Candidate],
    services: list[str],
    policy: DispatchPolicy,
    history: list[Priority],
    seed: object,
) -> None:
    shuffled = list(pool)
    seed.shuffle(shuffled)  # type: ignore[attr-defined]
    assert choose_next(services, pool, NOW, policy, history) == choose_next(
        services, shuffled, NOW, policy, history
    )


@settings(max_examples=200, deadline=None)
@given(pool=candidates(), policy=policies)
def test_ahead_counts_match_ahead_of_and_form_a_ranking(
    pool: list[Candidate], policy: DispatchPolicy
) -> None:
    counts = ahead_counts(pool, NOW, policy)
    assert counts == {c.ticket_id: ahead_of(c, pool, NOW, policy) for c in pool}
    for service in SERVICES:
        ranks = sorted(counts[c.ticket_id] for c in pool if c.service == service)
        assert ranks == list(range(len(ranks)))


@settings(max_examples=200, deadline=None)
@given(pool=candidates(), policy=policies)
def test_a_dedicated_window_calls_the_ticket_with_nobody_ahead(
    pool: list[Candidate], policy: DispatchPolicy
) -> None:
    counts = ahead_counts(pool, NOW, policy)
    for service in SERVICES:
        chosen = choose_next([service], pool, NOW, policy, [])
        if chosen is not None:
            assert counts[chosen.ticket_id] == 0
