"""Optional text-to-speech (`[voice] engine = "tts"`): speaks the announcement's words with
QTextToSpeech where an engine works; otherwise the display keeps to its recorded clips."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QLocale, QObject, QTimer

log = logging.getLogger(__name__)

SECONDS_PER_CHARACTER = 0.5  # watchdog allowance: a slow voice still gets to finish


class TtsSpeaker(QObject):
    """Says one text at a time and calls `done()` once when the engine is Ready again."""

    name = "tts"

    def __init__(self, engine: object, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self._done: Callable[[], None] | None = None
        self._spoke = False
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(self._timed_out)
        engine.stateChanged.connect(self._state)  # type: ignore[attr-defined]

    def say(self, text: str, done: Callable[[], None]) -> None:
        self._done, self._spoke = done, False
        self._watchdog.start(int((2 + len(text) * SECONDS_PER_CHARACTER) * 1000))
        self.engine.say(text)  # type: ignore[attr-defined]

    def set_volume(self, volume: int) -> None:
        self.engine.setVolume(max(0, min(100, volume)) / 100)  # type: ignore[attr-defined]

    def _state(self, state: object) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        if state == QTextToSpeech.State.Speaking:
            self._spoke = True
        elif self._spoke and state in (QTextToSpeech.State.Ready, QTextToSpeech.State.Error):
            self._finish()

    def _timed_out(self) -> None:
        log.warning("speech engine did not finish in time; going on")
        self._finish()

    def _finish(self) -> None:
        self._watchdog.stop()
        done, self._done = self._done, None
        if done is not None:
            done()


def make_speaker(engine_name: str = "", parent: QObject | None = None) -> TtsSpeaker | None:
    """A speaker on the named engine (default: the first that works, not 'mock'), or None."""
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError as err:
        log.warning("QtTextToSpeech unavailable (%s): using recorded clips", err)
        return None
    names = [engine_name] if engine_name else [
        n for n in QTextToSpeech.availableEngines() if n != "mock"
    ]  # fmt: skip
    for name in names:
        engine = QTextToSpeech(name, parent)
        if engine.state() != QTextToSpeech.State.Error:
            engine.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
            log.info("speaking announcements with the %s engine", name)
            return TtsSpeaker(engine, parent)
        log.warning("speech engine %s does not work here: %s", name, engine.errorString())
    log.warning("no working text-to-speech engine: using recorded clips")
    return None
