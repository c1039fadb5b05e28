"""Run slow work (network, serial ports, printers) off the GUI thread; deliver results on it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.work = work
        self.signals = signals

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as err:  # delivered to the caller, who decides what to show
            log.debug("background job failed: %s", err)
            self.signals.failed.emit(err)
        else:
            self.signals.done.emit(result)


class Background(QObject):
    """Owns a thread pool; `run(work, on_done, on_error)` calls back on the GUI thread."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 4) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._pending: set[_Signals] = set()

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        signals = _Signals()  # lives on the GUI thread, so its slots run there
        self._pending.add(signals)

        def finish(_: object) -> None:
            self._pending.discard(signals)
            signals.deleteLater()  # the closure and the connection keep each other alive otherwise

        if on_done is not None:
            signals.done.connect(on_done)
        if on_error is not None:
            signals.failed.connect(on_error)
        signals.done.connect(finish)
        signals.failed.connect(finish)
        self.pool.start(_Job(work, signals))

    def wait(self, msecs: int = 5000) -> bool:
        """Wait for running jobs (tests and shutdown only)."""
        return self.pool.waitForDone(msecs)
