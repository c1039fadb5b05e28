"""Where announcement clips go: the sound card (QMediaPlayer) or, without one, a silent log.

A sink plays one clip and calls `done()` exactly once when the clip has ended (or failed), so the
announcer can start the next one: clips never overlap and are never cut off.
"""

from __future__ import annotations

import logging
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, QUrl

log = logging.getLogger(__name__)


class ClipSink(Protocol):
    name: str

    def play(self, path: Path, done: Callable[[], None]) -> None: ...

    def set_volume(self, volume: int) -> None: ...


def clip_seconds(path: Path) -> float:
    """Length of a WAV clip in seconds (0 when unreadable)."""
    try:
        with wave.open(str(path)) as wav:
            return wav.getnframes() / float(wav.getframerate() or 1)
    except (OSError, EOFError, wave.Error):
        return 0.0


class SilentSink(QObject):
    """No audio output: each clip 'plays' for its real length (times `time_scale`) and is logged."""

    name = "silent"

    def __init__(self, parent: QObject | None = None, time_scale: float = 1.0) -> None:
        super().__init__(parent)
        self.time_scale = time_scale
        self.volume = 100
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._done: Callable[[], None] | None = None
        self._timer.timeout.connect(self._finish)

    def play(self, path: Path, done: Callable[[], None]) -> None:
        self._done = done
        log.debug("silent playback of %s", path.name)
        self._timer.start(int(clip_seconds(path) * self.time_scale * 1000))

    def set_volume(self, volume: int) -> None:
        self.volume = volume

    def _finish(self) -> None:
        done, self._done = self._done, None
        if done is not None:
            done()


class MediaSink(QObject):
    """Plays clips through the default audio output with QMediaPlayer."""

    name = "audio"

    def __init__(self, parent: QObject | None = None) -> None:
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

        super().__init__(parent)
        self.output = QAudioOutput(self)
        self.player = QMediaPlayer(self)
        self.player.setAudioOutput(self.output)
        self.player.mediaStatusChanged.connect(self._status)
        self.player.errorOccurred.connect(self._error)
        self._watchdog = QTimer(self)  # a clip that never reports its end must not stall the queue
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(self._timed_out)
        self._done: Callable[[], None] | None = None
        self._path: Path | None = None

    def play(self, path: Path, done: Callable[[], None]) -> None:
        self._done, self._path = done, path
        self._watchdog.start(int(clip_seconds(path) * 1000) + 3000)
        self.player.setSource(QUrl.fromLocalFile(str(path)))
        self.player.play()

    def set_volume(self, volume: int) -> None:
        self.output.setVolume(max(0, min(100, volume)) / 100)

    def _status(self, status: object) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if status in (QMediaPlayer.MediaStatus.EndOfMedia, QMediaPlayer.MediaStatus.InvalidMedia):
            self._finish()

    def _error(self, error: object, message: str) -> None:
        log.warning("audio playback of %s failed: %s", self._path, message or error)
        self._finish()

    def _timed_out(self) -> None:
        log.warning("audio playback of %s did not report its end; going on", self._path)
        self._finish()

    def _finish(self) -> None:
        self._watchdog.stop()
        done, self._done = self._done, None
        if done is not None:
            done()


def audio_output_available() -> bool:
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError as err:  # QtMultimedia needs libpulse0 on Linux
        log.warning("QtMultimedia unavailable (%s)", err)
        return False
    return bool(QMediaDevices.audioOutputs())


def make_sink(parent: QObject | None = None) -> ClipSink:
    """The sound card when there is one; otherwise a silent sink, and the log says so."""
    if audio_output_available():
        return MediaSink(parent)
    log.warning("no audio output found: announcements are logged and timed, not heard")
    return SilentSink(parent)
