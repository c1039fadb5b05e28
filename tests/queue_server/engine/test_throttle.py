"""Sign-in attempts per username and per address: token buckets on a clock the test moves."""

from __future__ import annotations

import math
from typing import Any

from queue_server.engine.throttle import MAX_KEYS, PER_ADDRESS, PER_USERNAME, LoginThrottle


class Seconds:
    """A clock in seconds that moves only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def throttle(clock: Seconds, **options: Any) -> LoginThrottle:
    return LoginThrottle(clock=clock, **options)


def spend(limiter: LoginThrottle, username: str, address: str, times: int) -> list[int]:
    return [limiter.attempt(username, address) for _ in range(times)]


def test_a_username_gets_its_attempts_then_waits_for_the_bucket_to_refill() -> None:
    clock = Seconds()
    limiter = throttle(clock)
    assert spend(limiter, "clerk", "10.0.0.1", PER_USERNAME.attempts) == [0] * 5
    wait = limiter.attempt("clerk", "10.0.0.2")  # another address does not help
    assert wait == math.ceil(PER_USERNAME.refill_seconds) == 180
    clock.now += 179
    assert limiter.attempt("clerk", "10.0.0.1") == 1
    clock.now += 1
    assert limiter.attempt("clerk", "10.0.0.1") == 0  # one attempt refilled, one spent
    assert limiter.attempt("clerk", "10.0.0.1") == 180
    clock.now += PER_USERNAME.window_seconds
    assert spend(limiter, "clerk", "10.0.0.1", 5) == [0] * 5  # full again after a window


def test_refused_attempts_do_not_count() -> None:
    clock = Seconds()
    limiter = throttle(clock)
    spend(limiter, "clerk", "a", 5)
    assert all(spend(limiter, "clerk", "a", 100))
    clock.now += PER_USERNAME.refill_seconds
    assert limiter.attempt("clerk", "a") == 0


def test_an_address_trying_many_usernames_is_refused_for_a_new_one_too() -> None:
    limiter = throttle(Seconds())
    assert [limiter.attempt(f"guess-{n}", "10.0.0.9") for n in range(20)] == [0] * 20
    assert limiter.attempt("someone-new", "10.0.0.9") == math.ceil(PER_ADDRESS.refill_seconds)
    assert limiter.attempt("someone-new", "10.0.0.10") == 0


def test_a_good_sign_in_resets_the_username_and_gives_the_address_its_attempt_back() -> None:
    limiter = throttle(Seconds())
    spend(limiter, "clerk", "hall-nat", 4)
    limiter.succeeded("clerk", "hall-nat")
    assert spend(limiter, "clerk", "hall-nat", 5) == [0] * 5
    for n in range(100):  # a hall's clerks behind one address sign in every morning
        assert limiter.attempt(f"clerk-{n}", "hall-nat") == 0
        limiter.succeeded(f"clerk-{n}", "hall-nat")
    assert len(limiter.usernames) == 1  # only "clerk" still owes attempts


def test_a_refunded_attempt_does_not_count() -> None:
    limiter = throttle(Seconds())
    for _ in range(50):  # the server was busy each time: no password was checked
        assert limiter.attempt("clerk", "a") == 0
        limiter.refund("clerk", "a")
    assert len(limiter.usernames) == 0 and len(limiter.addresses) == 0


def test_memory_stays_bounded_under_a_flood_of_random_names_and_addresses() -> None:
    clock = Seconds()
    limiter = throttle(clock)
    for n in range(3 * MAX_KEYS):
        limiter.attempt(f"user-{n}", f"10.{n // 65536}.{n // 256 % 256}.{n % 256}")
        clock.now += 0.001
    assert len(limiter.usernames) == len(limiter.addresses) == MAX_KEYS
    spend(limiter, "target", "10.99.0.1", 5)
    assert limiter.attempt("target", "10.99.0.1") > 0  # the latest keys are kept


def test_a_full_table_drops_the_key_left_alone_longest() -> None:
    clock = Seconds()
    limiter = throttle(clock, max_keys=3)
    for name in ("a", "b", "c"):
        limiter.attempt(name, "10.0.0.1")
        clock.now += 1
    limiter.attempt("a", "10.0.0.1")  # touched again: "b" is now the longest untouched
    limiter.attempt("d", "10.0.0.1")
    assert [limiter.usernames.spent(name, clock.now) > 0 for name in "abcd"] == [
        True,
        False,
        True,
        True,
    ]
