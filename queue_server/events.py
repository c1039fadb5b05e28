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
from typing import Any

from queue_server.store import Store
from queue_server.store.eventlog import Event
from queue_server.store.views.audience import event_for_devices

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
        # recent events as sent, shared by all streams of one audience (devices or people)
        self._texts: dict[tuple[int, bool], str] = {}

    def text(self, event: Event, *, devices: bool = False) -> str:
        """The event as an SSE message, formatted once for all subscribers of its audience
        (the log is append-only, so an event's text never changes). `devices`: as kiosks and
        boards see it, without personal fields or tokens."""
        found = self._texts.get((event.seq, devices))
        if found is None:
            if len(self._texts) >= TEXTS_KEPT:
                self._texts.clear()
            data = event_for_devices(event.data) if devices else event.data
            found = self._texts[event.seq, devices] = format_event(event, data)
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


def format_event(event: Event, data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"id: {event.seq}\nevent: {event.type}\ndata: {text}\n\n"


async def stream(
    store: Store,
    broker: Broker,
    hall: str | None,
    last_id: int,
    heartbeat: float,
    *,
    devices: bool = False,
) -> AsyncIterator[str]:
    """The SSE body: missed events first, then live ones, with `: ping` comments meanwhile.

    `devices`: the stream of a kiosk or board (see `Broker.text`)."""
    sub = broker.subscribe(hall)
    try:
        yield "retry: 2000\n\n"
        while True:
            while True:
                batch = store.events_after(last_id, hall, BATCH)
                for event in batch:
                    last_id = event.seq
                    yield broker.text(event, devices=devices)
                if len(batch) < BATCH:
                    break
            try:
                async with asyncio.timeout(heartbeat):  # cheaper than wait_for: no extra task
                    await sub.wake.get()
            except TimeoutError:
                yield ": ping\n\n"
    finally:
        broker.unsubscribe(sub)
