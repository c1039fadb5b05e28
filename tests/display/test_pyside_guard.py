from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from ui.display.pyside_guard import BOOST, protect_singletons


class _Emitter(QObject):
    fired = Signal()


def test_singletons_survive_many_emits() -> None:
    protect_singletons()
    assert not protect_singletons()  # idempotent
    emitter = _Emitter()
    for _ in range(20_000):  # without the guard PySide6 6.12 on 3.11 aborts well before this
        emitter.fired.emit()
    if sys.version_info < (3, 12):
        assert sys.getrefcount(True) > BOOST // 2
