"""Work around a PySide6 6.12 bug on Python 3.11: calls that return None (setText, show,
processEvents, ...) or a bool (Signal.emit) hand back the singleton without a new reference, so
each call takes one reference away from None/True/False until CPython aborts with "none_dealloc"
after a few thousand calls (minutes of kiosk use). Python 3.12 made these objects immortal; this
gives them, once, a reference count no process can use up. Harmless where the bug is absent."""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

_PLENTY = 1 << 40


def make_singletons_immortal() -> None:
    """Raise the reference counts of None, True and False far beyond reach (CPython < 3.12)."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    for value in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(value))
        if count.value < _PLENTY:
            count.value += _PLENTY
    log.debug("None/True/False reference counts raised (PySide6 refcount workaround)")
