"""How many sign-in attempts a username and a client address may make: token buckets.

Each key (a username, an address) has a bucket of `Limit.attempts` attempts that refills at an
even pace, full again `Limit.window_seconds` after the last attempt. An attempt that finds either
of its buckets empty is refused with the seconds until both have room again, and is not counted.
Attempts are counted when they start (so parallel guesses count too); a good sign-in resets its
username's bucket and gives its address's attempt back, so a hall where many clerks share one
address is not locked out by their successful logins.

Memory stays bounded under a flood of made-up names and addresses: each table keeps at most
`max_keys` keys, dropping the one left alone longest to make room. A key untouched for a whole
window has refilled, so nothing is lost unless more than `max_keys` keys were tried within one
window; pushing a guessed username out that way takes thousands of addresses, each limited too.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

MAX_KEYS = 10_000


@dataclass(frozen=True)
class Limit:
    """`attempts` in a burst; one more each `window_seconds / attempts` seconds after that."""

    attempts: int
    window_seconds: float

    @property
    def refill_seconds(self) -> float:
        return self.window_seconds / self.attempts


PER_USERNAME = Limit(attempts=5, window_seconds=15 * 60)
PER_ADDRESS = Limit(attempts=20, window_seconds=15 * 60)


class Buckets:
    """The attempts spent per key under one limit; at most `max_keys` keys are tracked."""

    def __init__(self, limit: Limit, max_keys: int = MAX_KEYS) -> None:
        self.limit = limit
        self.max_keys = max_keys
        self._spent: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key: (spent, at)

    def __len__(self) -> int:
        return len(self._spent)

    def spent(self, key: str, now: float) -> float:
        """Attempts of `key` not yet refilled at `now`."""
        spent, at = self._spent.get(key, (0.0, now))
        return max(0.0, spent - (now - at) / self.limit.refill_seconds)

    def wait(self, key: str, now: float) -> float:
        """Seconds until `key` may make one more attempt (0: now)."""
        excess = self.spent(key, now) + 1 - self.limit.attempts
        return max(0.0, excess * self.limit.refill_seconds)

    def add(self, key: str, now: float, attempts: float) -> None:
        """Count `attempts` more for `key` (negative: give some back)."""
        spent = self.spent(key, now) + attempts
        self._spent.pop(key, None)
        if spent <= 0:
            return  # a full bucket is the same as no bucket
        self._make_room()
        self._spent[key] = (spent, now)  # at the end: the order is least recently touched first

    def forget(self, key: str) -> None:
        self._spent.pop(key, None)

    def _make_room(self) -> None:
        while len(self._spent) >= self.max_keys:
            self._spent.popitem(last=False)  # the longest untouched: most likely refilled


class LoginThrottle:
    """Sign-in attempts per username and per client address; `clock` gives seconds."""

    def __init__(
        self,
        *,
        per_username: Limit = PER_USERNAME,
        per_address: Limit = PER_ADDRESS,
        max_keys: int = MAX_KEYS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.usernames = Buckets(per_username, max_keys)
        self.addresses = Buckets(per_address, max_keys)
        self._clock = clock
        self._lock = threading.Lock()  # the login route runs on the loop; tests may use threads

    def attempt(self, username: str, address: str) -> int:
        """0 if the attempt may go ahead (it is counted), else whole seconds to wait."""
        with self._lock:
            now = self._clock()
            wait = max(self.usernames.wait(username, now), self.addresses.wait(address, now))
            if wait > 0:
                return max(1, math.ceil(wait))
            self.usernames.add(username, now, 1)
            self.addresses.add(address, now, 1)
            return 0

    def refund(self, username: str, address: str) -> None:
        """The attempt checked no password (the server was busy): it does not count."""
        with self._lock:
            now = self._clock()
            self.usernames.add(username, now, -1)
            self.addresses.add(address, now, -1)

    def succeeded(self, username: str, address: str) -> None:
        """A good sign-in: the username starts afresh, the address gets the attempt back."""
        with self._lock:
            self.usernames.forget(username)
            self.addresses.add(address, self._clock(), -1)
