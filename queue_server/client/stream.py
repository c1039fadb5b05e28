"""Following a live event stream: reconnect with backoff, resume after the last event seen."""

from __future__ import annotations

import logging
import threading
from typing import Protocol

from queue_server.client.errors import ClientError
from queue_server.client.http import StreamLines, Transport
from queue_server.client.sse import ServerEvent, parse_sse

log = logging.getLogger(__name__)

FIRST_BACKOFF = 0.2


class EventListener(Protocol):
    """What a follower reports, from the thread that runs it."""

    def on_event(self, event: ServerEvent) -> None: ...

    def on_connected(self) -> None: ...

    def on_disconnected(self, reason: str) -> None: ...

    def on_heartbeat(self) -> None: ...


class EventFollower:
    """Follows one SSE endpoint until `stop()`; after a reconnection the server first replays
    what was missed (Last-Event-ID). `run` blocks: give it a thread of its own."""

    def __init__(
        self, transport: Transport, path: str, read_timeout: float = 30.0, max_backoff: float = 5.0
    ) -> None:
        self.transport = transport
        self.path = path
        self.read_timeout = read_timeout
        self.max_backoff = max_backoff
        self.last_event_id: str | None = None
        self._stop = threading.Event()
        self._lines: StreamLines | None = None

    @property
    def url(self) -> str:
        return self.transport.url(self.path)

    def run(self, listener: EventListener) -> None:
        """Connect, report, and reconnect after every drop; returns once stopped."""
        backoff = FIRST_BACKOFF
        while not self._stop.is_set():
            try:
                self._follow(listener)
                reason = "stream ended"
            except ClientError as err:
                reason = err.detail or str(err)
            if self._stop.is_set():
                break
            log.info("event stream %s dropped (%s); retrying in %.1f s", self.url, reason, backoff)
            listener.on_disconnected(reason)
            self._stop.wait(backoff)
            backoff = min(backoff * 2, self.max_backoff)
        self._lines = None

    def stop(self) -> None:
        """End `run` (from any thread): also interrupts a read waiting for the next line."""
        self._stop.set()
        lines = self._lines
        if lines is not None:
            lines.close()

    def _follow(self, listener: EventListener) -> None:
        lines = self.transport.open_stream(self.path, self.last_event_id, self.read_timeout)
        self._lines = lines
        try:
            if self._stop.is_set():
                return
            listener.on_connected()
            for item in parse_sse(lines):
                if self._stop.is_set():
                    return
                if item is None:
                    listener.on_heartbeat()
                    continue
                if item.id:
                    self.last_event_id = item.id
                listener.on_event(item)
        finally:
            lines.close()
