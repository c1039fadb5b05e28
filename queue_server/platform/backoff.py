"""Exponential back-off: the wait before the n-th retry."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Backoff:
    first: float = 1.0  # seconds before the first retry
    longest: float = 300.0

    def delay(self, retry: int) -> float:
        """Seconds to wait before retry number `retry` (1, 2, ...): first, 2 first, 4 first..."""
        return min(self.longest, self.first * 2.0 ** max(0, retry - 1))
