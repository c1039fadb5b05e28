"""Keep PySide6 6.12.0 from aborting long-running programs on CPython 3.11.

Measured here (PySide6 6.12.0 abi3 wheel, CPython 3.11.7): every Python-side `Signal.emit()`
drops a reference to True it never took, `QTimer.start()` and each timer shot drop one to None,
and so on. After a few thousand calls the interpreter aborts with "Fatal Python error:
bool_dealloc / none_dealloc". CPython 3.12+ makes None/True/False immortal, which hides it;
on 3.11 we give them the same treatment: a reference count no stray decrement can exhaust.
Only these three singletons are affected (other objects passed through signals keep their counts).
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

BOOST = 1 << 40  # ~10^12 stray decrements before trouble; a 64-bit count has room to spare


def protect_singletons() -> bool:
    """Raise the reference counts of None, True and False once; True when it did so now."""
    if sys.version_info >= (3, 12) or sys.getrefcount(None) > BOOST // 2:
        return False
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += BOOST
    log.debug("None/True/False reference counts raised (PySide6 stray-decref workaround)")
    return True
