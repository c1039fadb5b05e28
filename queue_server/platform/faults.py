"""Faults the fake platform injects, and how they bend its feed pages. Each fault is a share of
requests (0 to 1) drawn from one seeded generator, so a failing run can be repeated."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from dataclasses import dataclass

from queue_server.engine.exchange import PlatformBooking

FAULT_NAMES = (
    "timeout",
    "error",
    "drop",
    "duplicate",
    "out_of_order",
    "restart",
    "skew_seconds",
)


@dataclass(frozen=True)
class Faults:
    timeout: float = 0.0  # answered only after `slow_seconds` (past the client's timeout)
    error: float = 0.0  # answered 500
    drop: float = 0.0  # the connection closed without an answer (an outcome: half of them
    # after recording it, so the acknowledgement is what is lost)
    duplicate: float = 0.0  # a feed item delivered twice in its page
    out_of_order: float = 0.0  # a page shuffled, with an older revision sent after a newer
    restart: float = 0.0  # the feed answers from an older cursor than asked
    skew_seconds: float = 0.0  # the platform's clock ahead (+) or behind (-) of ours
    slow_seconds: float = 0.5
    seed: int = 0

    @classmethod
    def all_on(cls, share: float = 0.15, skew_seconds: float = 120.0, **more: float) -> Faults:
        """Every fault at once; a skew within the replay window (5 min)."""
        shares = {name: share for name in FAULT_NAMES if name != "skew_seconds"}
        return cls(**{**shares, "skew_seconds": skew_seconds, **more})  # type: ignore[arg-type]

    @classmethod
    def parse(cls, text: str) -> Faults:
        """`timeout=0.1,drop=0.2,skew_seconds=400` (the fake's --faults option); `all` for all."""
        if text.strip() == "all":
            return cls.all_on()
        values: dict[str, float] = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            name, _, value = part.partition("=")
            if name not in {f.name for f in dataclasses.fields(cls)}:
                raise ValueError(f"unknown fault {name!r} (one of {', '.join(FAULT_NAMES)})")
            values[name] = float(value)
        return cls(**values)  # type: ignore[arg-type]


class Dice:
    """The fault draws of one fake platform (thread-safe enough: one lock in the caller)."""

    def __init__(self, faults: Faults) -> None:
        self.faults = faults
        self.rng = random.Random(faults.seed)

    def hit(self, share: float) -> bool:
        return share > 0 and self.rng.random() < share

    def restart_from(self, cursor: int, page_size: int) -> int:
        """An older cursor than `cursor` when the restart fault strikes, else `cursor`."""
        if cursor and self.hit(self.faults.restart):
            return max(0, cursor - self.rng.randint(1, 2 * page_size))
        return cursor

    def bend(
        self, page: list[PlatformBooking], older: Callable[[PlatformBooking], list[PlatformBooking]]
    ) -> list[PlatformBooking]:
        """The page as delivered: items repeated, shuffled, and older revisions sent late."""
        delivered = list(page)
        for booking in page:
            if self.hit(self.faults.duplicate):
                delivered.insert(self.rng.randint(0, len(delivered)), booking)
        if self.hit(self.faults.out_of_order):
            self.rng.shuffle(delivered)
            late = [old for booking in page for old in older(booking)]
            delivered += self.rng.sample(late, min(len(late), 3))
        return delivered
