"""Periodic screenshots of a window, so an offscreen demo can be looked at as PNG files."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)


def start_snapshots(widget: QWidget, path: str | Path, interval_ms: int = 2000) -> QTimer:
    """Save `widget` to `path` now and every `interval_ms`; returns the timer (keep it alive)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.stem + ".part.png")

    def save() -> None:
        # Write then rename, so a viewer never opens a half-written file.
        if widget.grab().save(str(partial)):
            partial.replace(target)
        else:
            log.warning("could not save a screenshot to %s", target)

    timer = QTimer(widget)
    timer.timeout.connect(save)
    timer.start(interval_ms)
    QTimer.singleShot(500, save)
    return timer
