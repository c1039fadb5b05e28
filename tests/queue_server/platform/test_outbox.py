"""Outcomes back to the fake platform on 127.0.0.1: every one arrives, none acknowledged is
sent again, failures back off exponentially, and a restart resumes from the store."""

from __future__ import annotations

import pytest

from queue_server.clock import MovableClock
from queue_server.engine.exchange import OUTCOME_STATES
from queue_server.platform.fake import FakePlatform
from queue_server.platform.faults import Faults
from queue_server.platform.job import PlatformExchange
from queue_server.platform.memory import MemoryBookings
from tests.queue_server.platform.conftest import SLOT, MakeFake, exchange_for

# An answer counts as acknowledged when the fake wrote it in time; on a loaded machine a prompt
# answer may still miss a tight client timeout, so these runs wait longer than the others.
TIMEOUT_S, SLOW_S = 0.4, 0.6
FAULTS = {
    "none": Faults(),
    "timeouts": Faults(timeout=0.3, slow_seconds=SLOW_S),
    "500s": Faults(error=0.3),
    "dropped connections and lost acknowledgements": Faults(drop=0.4),
    "clock ahead": Faults(skew_seconds=200),
    "clock behind": Faults(skew_seconds=-200),
    "all at once": Faults.all_on(share=0.2, slow_seconds=SLOW_S, seed=5),
}


def outcomes_of(
    fake: FakePlatform, store: MemoryBookings, count: int, clock: MovableClock
) -> set[int]:
    made = set()
    for n in range(count):
        booking = fake.book("qixia", "HJ01", SLOT)
        made.add(store.add_outcome(booking.external_id, OUTCOME_STATES[n % 4], clock()).id)
    return made


def send_until_done(exchange: PlatformExchange, store: MemoryBookings, clock: MovableClock) -> int:
    for rounds in range(1, 200):
        exchange.send_once()
        if store.sync_state()["pending_outcomes"] == 0:
            return rounds
        clock.advance(seconds=exchange.settings.backoff_max_seconds)
    raise AssertionError("outcomes still pending after 200 rounds")


@pytest.mark.parametrize("name", FAULTS)
def test_every_outcome_arrives_once_acknowledged_never_again(
    name: str, make_fake: MakeFake, clock: MovableClock
) -> None:
    fake = make_fake(FAULTS[name])
    store = MemoryBookings()
    made = outcomes_of(fake, store, 40, clock)
    send_until_done(exchange_for(fake, store, clock, timeout_seconds=TIMEOUT_S), store, clock)
    assert set(fake.outcomes) == made == {o.id for o in store.sent_outcomes()}
    assert fake.posts_after_ack == {}
    for outcome in store.sent_outcomes():
        received = fake.outcomes[outcome.id]
        assert (received.external_id, received.state, received.at) == (
            outcome.external_id,
            outcome.state,
            outcome.at,
        )


def test_a_failed_outcome_waits_twice_as_long_each_time(
    make_fake: MakeFake, clock: MovableClock
) -> None:
    fake = make_fake(Faults(error=1.0))
    store = MemoryBookings()
    (outcome_id,) = outcomes_of(fake, store, 1, clock)
    exchange = exchange_for(fake, store, clock, backoff_seconds=10.0, backoff_max_seconds=1000.0)
    waited = []
    for _ in range(4):
        start = clock()
        exchange.send_once()
        while not store.pending_outcomes(clock()):
            clock.advance(seconds=1)
        waited.append((clock() - start).total_seconds())
    assert waited == [10.0, 20.0, 40.0, 80.0]
    assert store.pending_outcomes(clock())[0].attempts == 4
    assert fake.outcomes == {} and outcome_id not in fake.acked


def test_an_unreachable_platform_ends_the_round_after_one_try(
    make_fake: MakeFake, clock: MovableClock
) -> None:
    fake = make_fake(Faults(drop=1.0))
    store = MemoryBookings()
    outcomes_of(fake, store, 5, clock)
    report = exchange_for(fake, store, clock).send_once()
    assert (report.sent, report.failed) == (0, 1)
    assert len(store.pending_outcomes(clock())) == 4


def test_a_restarted_sender_resumes_from_the_store(
    make_fake: MakeFake, clock: MovableClock
) -> None:
    fake = make_fake()
    store = MemoryBookings()
    made = outcomes_of(fake, store, 6, clock)
    fake.faults = Faults(error=1.0)
    exchange_for(fake, store, clock).send_once()
    fake.faults = Faults()
    clock.advance(minutes=5)
    restarted = exchange_for(fake, store, clock)  # a new process: only the store is kept
    send_until_done(restarted, store, clock)
    assert set(fake.outcomes) == made and max(fake.posts.values()) == 1
    assert restarted.send_once().sent == 0


def test_an_answer_that_is_not_the_acknowledgement_is_not_taken_for_one(
    make_fake: MakeFake, clock: MovableClock
) -> None:
    fake = make_fake()
    store = MemoryBookings()
    outcomes_of(fake, store, 1, clock)
    exchange = exchange_for(fake, store, clock)
    exchange.sender.client.post = lambda url, body: {"outcome_id": 99, "status": "accepted"}  # type: ignore[method-assign]
    assert exchange.send_once().failed == 1
    assert store.sync_state()["pending_outcomes"] == 1
