"""The announcement queue: call-outs play one after another, never overlapping, never cut off,
never dropped when several windows call at once; quiet hours and a disabled voice mute them.
When calls queue up the voice catches up (each number once, shorter, grouped: `voice_queue`)."""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time as clock_time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from ui.display.config import VoiceConfig
from ui.display.sinks import ClipSink
from ui.display.speech import TtsSpeaker
from ui.display.voice_clips import CHIME, GAP, clip_path
from ui.display.voice_plan import Announcement
from ui.display.voice_queue import QUIET_S, Turn, next_turn

SAY = "say:"  # an item that is spoken by the speech engine, not played from a clip

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PlayedClip:
    """One clip as it went out: the calls of its turn, which clip, when it started and ended."""

    calls: tuple[Announcement, ...]
    clip: str
    started: float  # time.monotonic()
    ended: float


class Announcer(QObject):
    """Plays queued announcements clip by clip through a sink (audio or silent)."""

    queued = Signal(object)  # Announcement
    started = Signal(object)
    finished = Signal(object)
    muted = Signal(object)

    def __init__(
        self,
        sink: ClipSink,
        voice: VoiceConfig,
        clock: Callable[[], clock_time],
        parent: QObject | None = None,
        speaker: TtsSpeaker | None = None,
    ) -> None:
        super().__init__(parent)
        self.sink = sink
        self.speaker = speaker
        self.voice = voice
        self.clock = clock
        self.played: list[PlayedClip] = []
        self.announced: list[Announcement] = []  # finished, in order
        self.silenced: list[Announcement] = []  # muted by configuration or quiet hours
        self._queue: deque[tuple[float, Announcement]] = deque()  # (monotonic time queued, call)
        self._current: Turn | None = None
        self._clips: deque[str] = deque()
        self._repeats: deque[tuple[str, ...]] = deque()
        self._last_call = float("-inf")  # when the call before the queue's first was queued
        self._clip: tuple[str, float] | None = None
        self._stopped = False
        # continue from the event loop, not from inside the sink's own signal handler; a child
        # timer (not QTimer.singleShot) dies with the announcer, so no call outlives it
        self._next = QTimer(self)
        self._next.setSingleShot(True)
        self._next.setInterval(0)
        self._next.timeout.connect(self._play_next_clip)
        sink.set_volume(voice.volume)
        if speaker is not None:
            speaker.set_volume(voice.volume)

    @property
    def busy(self) -> bool:
        return self._current is not None

    @property
    def pending(self) -> int:
        return len(self._queue) + (len(self._current.calls) if self._current else 0)

    def enqueue(self, announcement: Announcement) -> bool:
        """Queue a call-out; False when muted (voice off or quiet hours), which is logged."""
        if self._stopped:
            return False
        if not self.voice.enabled or self.voice.is_quiet(self.clock()):
            log.info("muted (voice off or quiet hours): %s", announcement.text)
            self.silenced.append(announcement)
            self.muted.emit(announcement)
            return False
        self._queue.append((time.monotonic(), announcement))
        log.info("announcement queued (%d ahead): %s", self.pending - 1, announcement.text)
        self.queued.emit(announcement)
        if self._current is None:
            self._start_next(after_silence=True)
        return True

    def _start_next(self, after_silence: bool = False) -> None:
        if not self._queue:
            self._current = None
            return
        quiet = self._queue[0][0] - self._last_call >= QUIET_S
        waiting = [call for _, call in self._queue]
        turn = next_turn(waiting, quiet=quiet, after_silence=after_silence)
        self._last_call = [self._queue.popleft() for _ in turn.calls][-1][0]
        self._current = turn
        clips, repeats = self._items(turn)
        self._clips, self._repeats = deque(clips), deque(repeats)
        log.info("announcing on %s: %s", self.sink.name, turn.text)
        for call in turn.calls:
            self.started.emit(call)
        self._play_next_clip()

    def _items(self, turn: Turn) -> tuple[list[str], list[tuple[str, ...]]]:
        """The clips and repeats, or with a speech engine: the chime, then the words."""
        if self.speaker is None:
            return list(turn.clips), list(turn.repeats)
        words = turn.text
        opening = CHIME if turn.clips[0] == CHIME else GAP
        return [opening, SAY + words], [(GAP, SAY + words) for _ in turn.repeats]

    def _play_next_clip(self) -> None:
        if not self._clips and self._repeats and not self._queue:
            self._clips.extend(self._repeats.popleft())  # nobody waits: say it again
        while self._clips:
            clip = self._clips.popleft()
            if clip.startswith(SAY) and self.speaker is not None:
                self._clip = (clip, time.monotonic())
                self.speaker.say(clip.removeprefix(SAY), self._clip_done)
                return
            path = clip_path(clip, self.voice.clip_dir)
            if path.is_file():
                self._clip = (clip, time.monotonic())
                self.sink.play(path, self._clip_done)
                return
            log.warning("voice clip %s missing; skipped", path)
        current, self._current = self._current, None
        for call in current.calls if current is not None else ():
            self.announced.append(call)
            self.finished.emit(call)
        self._start_next()

    def _clip_done(self) -> None:
        if self._stopped:
            return
        if self._clip is not None and self._current is not None:
            clip, started = self._clip
            self.played.append(PlayedClip(self._current.calls, clip, started, time.monotonic()))
        self._clip = None
        if not self._stopped:
            self._next.start()

    def shutdown(self) -> None:
        """Stop taking and playing announcements (program exit)."""
        self._stopped = True
        self._next.stop()
        self._queue.clear()


def clip_dir_problems(clip_dir: Path, clips: list[str]) -> list[str]:
    """Names of clips the directory lacks (checked at start-up so a hall sees gaps early)."""
    return [clip for clip in clips if not clip_path(clip, clip_dir).is_file()]
