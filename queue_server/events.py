"""Live events for SSE: the store's commits wake subscribers; streams read the event log.

A subscription's queue carries only wake-ups (sequence numbers). The stream then reads the log
after the last id it sent, so order, resume (Last-Event-ID), overflow and events written by
another process (the `close-day` command) are all handled the same way.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from queue_server.store import Store
from queue_server.store.eventlog import Event

log = logging.getLogger(__name__)

BATCH = 500
TEXTS_KEPT = 1000


@dataclass(eq=False)
class Subscription:
    loop: asyncio.AbstractEventLoop
    hall: str | None
    wake: asyncio.Queue[int] = field(default_factory=lambda: asyncio.Queue(maxsize=1))

    def nudge(self, seq: int) -> None:
        if self.wake.empty():  # one pending wake-up is enough: the stream reads the log
            self.wake.put_nowait(seq)


class Broker:
    """Fans committed events out to subscribers on their event loops (thread-safe)."""

    def __init__(self) -> None:
        self._subs: set[Subscription] = set()
        self._lock = threading.Lock()
        self._texts: dict[int, str] = {}  # recent events as sent, shared by all streams

    def text(self, event: Event) -> str:
        """The event as an SSE message, formatted once for all subscribers (the log is
        append-only, so an event's text never changes)."""
        found = self._texts.get(event.seq)
        if found is None:
            if len(self._texts) >= TEXTS_KEPT:
                self._texts.clear()
            found = self._texts[event.seq] = format_event(event)
        return found

    def publish(self, events: list[Event]) -> None:
        with self._lock:
            subs = list(self._subs)
        for sub in subs:
            mine = [e.seq for e in events if sub.hall is None or e.hall == sub.hall]
            if mine:
                try:
                    sub.loop.call_soon_threadsafe(sub.nudge, mine[-1])
                except RuntimeError:  # the loop is closed: the subscriber is gone
                    self.unsubscribe(sub)

    def subscribe(self, hall: str | None) -> Subscription:
        sub = Subscription(asyncio.get_running_loop(), hall)
        with self._lock:
            self._subs.add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        with self._lock:
            self._subs.discard(sub)

    @property
    def subscriber_count(self) -> int:
        with self._lock:
            return len(self._subs)


def format_event(event: Event) -> str:
    data = json.dumps(event.data, ensure_ascii=False, separators=(",", ":"))
    return f"id: {event.seq}\nevent: {event.type}\ndata: {data}\n\n"


async def stream(
    store: Store, broker: Broker, hall: str | None, last_id: int, heartbeat: float
) -> AsyncIterator[str]:
    """The SSE body: missed events first, then live ones, with `: ping` comments meanwhile."""
    sub = broker.subscribe(hall)
    try:
        yield "retry: 2000\n\n"
        while True:
            while True:
                batch = store.events_after(last_id, hall, BATCH)
                for event in batch:
                    last_id = event.seq
                    yield broker.text(event)
                if len(batch) < BATCH:
                    break
            try:
                async with asyncio.timeout(heartbeat):  # cheaper than wait_for: no extra task
                    await sub.wake.get()
            except TimeoutError:
                yield ": ping\n\n"
    finally:
        broker.unsubscribe(sub)
