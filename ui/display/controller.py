"""Keeps the board's state in step with the server: snapshot, live events, staleness, voice."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from queue_server.client.board import BoardClient
from queue_server.client.models import Service
from ui.common.events import EventStream
from ui.common.tasks import Background
from ui.display.announcer import Announcer
from ui.display.board_state import BoardState, apply_event, from_snapshot
from ui.display.config import DisplayConfig
from ui.display.voice_plan import plan_call
from ui.display.voice_queue import ONE_VOICE_WINDOWS

log = logging.getLogger(__name__)

CALL_EVENTS = ("ticket.called", "ticket.recalled")
RELOAD_EVENTS = ("day.closed",)
SNAPSHOT_RETRY_MS = 2000


class DisplayController(QObject):
    """Owns the event stream. `changed` carries each new BoardState; `stale_changed` says when
    the board may be out of date (server lost for longer than `stale_after_seconds`)."""

    changed = Signal(object)  # BoardState
    stale_changed = Signal(bool)
    call_applied = Signal(str, int)  # (ticket number, window) after the state shows it

    def __init__(
        self,
        client: BoardClient,
        config: DisplayConfig,
        announcer: Announcer | None,
        window: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.config = config
        self.announcer = announcer
        self.window = window
        self.state = BoardState(hall_id=client.hall, hall_zh="", hall_en="")
        self.stale = False
        self.loaded = False
        self.snapshots = 0  # snapshots applied (the first, then one per reconnection)
        self.stream = EventStream(client.follow_events(read_timeout=40.0), self)
        self.background = Background(self)
        self._loading = False
        self._buffer: list[tuple[str, dict[str, Any]]] = []
        self._stale_timer = self._single_shot(
            int(config.stale_after_seconds * 1000), self._go_stale
        )
        self._retry_timer = self._single_shot(SNAPSHOT_RETRY_MS, self.reload)
        # a burst of events (20 windows calling at once) is shown in one repaint, not twenty
        self._notify_timer = self._single_shot(0, lambda: self.changed.emit(self.state))
        self.stream.connected.connect(self._connected)
        self.stream.disconnected.connect(self._disconnected)
        self.stream.received.connect(self._received)

    def _single_shot(self, msecs: int, slot: Any) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(msecs)
        timer.timeout.connect(slot)
        return timer

    def start(self) -> None:
        self._stale_timer.start()  # not connected yet: stale if this takes too long
        self.stream.start()

    def stop(self) -> None:
        self.stream.stop()
        self._stale_timer.stop()
        self._retry_timer.stop()
        self._notify_timer.stop()
        self.background.wait(3000)

    def reload(self) -> None:
        """Fetch the snapshot off the GUI thread; events arriving meanwhile are applied again."""
        if self._loading:
            return
        self._loading = True
        self._buffer = []
        self.background.run(self.client.snapshot, self._snapshot_done, self._snapshot_failed)

    def _snapshot_done(self, result: tuple[dict[str, Any], list[Service]]) -> None:
        board, services = result
        state = from_snapshot(board, services)
        for kind, data in self._buffer:
            state = apply_event(state, kind, data)
        self._loading, self._buffer, self.loaded = False, [], True
        self.snapshots += 1
        self.state = state
        if self.snapshots == 1:
            self._check_voice_load()
        self._stale_timer.stop()
        self._set_stale(False)
        self.changed.emit(self.state)

    def _check_voice_load(self) -> None:
        """Warn when this board's voice speaks for more windows than one voice keeps up with."""
        voice = self.config.voice
        if self.announcer is None or self.window is not None or not voice.enabled:
            return
        spoken = sum(1 for w in self.state.windows if voice.speaks_for(w.number))
        if spoken > ONE_VOICE_WINDOWS:
            log.warning(
                "the voice speaks for %d windows; one voice keeps up with about %d at the peak "
                "(calls would be said up to a minute late): split them between boards with "
                '[voice] windows = "1-%d" and so on',
                spoken, ONE_VOICE_WINDOWS, spoken // 2,
            )  # fmt: skip

    def _snapshot_failed(self, error: Exception) -> None:
        self._loading, self._buffer = False, []
        log.warning("board snapshot failed: %s; retrying", error)
        self._retry_timer.start()

    def _connected(self) -> None:
        log.info("event stream connected to %s", self.client.events_url())
        self.reload()

    def _disconnected(self, reason: str) -> None:
        log.warning("event stream lost (%s)", reason)
        self._retry_timer.stop()
        if not self.stale and not self._stale_timer.isActive():
            self._stale_timer.start()

    def _go_stale(self) -> None:
        log.warning("no server for %.0f s: board marked stale", self.config.stale_after_seconds)
        self._set_stale(True)

    def _set_stale(self, stale: bool) -> None:
        if stale != self.stale:
            self.stale = stale
            self.stale_changed.emit(stale)

    def _received(self, kind: str, data: dict[str, Any]) -> None:
        if self._loading:
            self._buffer.append((kind, data))
        self.state = apply_event(self.state, kind, data)
        self._notify_timer.start()
        if kind in RELOAD_EVENTS:
            self.reload()
        if kind in CALL_EVENTS:
            self._call(kind, data)

    def _call(self, kind: str, data: dict[str, Any]) -> None:
        ticket, window = data.get("ticket") or {}, data.get("window") or {}
        if not ticket.get("number") or window.get("number") is None:
            return
        number, window_number = str(ticket["number"]), int(window["number"])
        log.info("%s: %s to window %d", kind, number, window_number)
        self.call_applied.emit(number, window_number)
        if self.window is not None and window_number != self.window:
            return
        self._announce(number, window_number, kind == "ticket.recalled", str(data.get("at", "")))

    def _announce(self, number: str, window: int, recall: bool, at: str) -> None:
        voice = self.config.voice
        if self.announcer is None or (self.window is not None and not voice.in_window_mode):
            return
        if not voice.speaks_for(window):  # another board's voice zone
            return
        age = _age_seconds(at, self.config.now())
        if age is not None and age > voice.max_age_seconds:
            log.info(
                "call %s at window %d is %.0f s old (replayed): not announced", number, window, age
            )
            return
        self.announcer.enqueue(plan_call(number, window, recall, voice.repeat))


def _age_seconds(at: str, now: datetime) -> float | None:
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return (now - moment).total_seconds()
