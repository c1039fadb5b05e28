"""The server's live event stream as Qt signals: a thread running the client's EventFollower."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from queue_server.client.sse import ServerEvent
from queue_server.client.stream import EventFollower


class EventStream(QObject):
    """Runs `follower` (reconnecting, resuming after the last event) on a background thread.

    Signals are emitted from that thread; Qt queues them to receivers on the GUI thread.
    `connected` fires on every (re)connection, `disconnected(reason)` when the stream drops.
    A stopped stream stays stopped: make a new one from a new follower.
    """

    received = Signal(str, dict)  # (event type, data)
    connected = Signal()
    disconnected = Signal(str)
    heartbeat = Signal()

    def __init__(self, follower: EventFollower, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.follower = follower
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self.follower.run, args=(self,), name="event-stream", daemon=True
            )
            self._thread.start()

    def stop(self) -> None:
        self.follower.stop()
        if self._thread is not None:
            self._thread.join(timeout=2)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- the follower's listener (called on the stream's thread) ----------------------------

    def on_event(self, event: ServerEvent) -> None:
        self.received.emit(event.type, event.data)

    def on_connected(self) -> None:
        self.connected.emit()

    def on_disconnected(self, reason: str) -> None:
        self.disconnected.emit(reason)

    def on_heartbeat(self) -> None:
        self.heartbeat.emit()
