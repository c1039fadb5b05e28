"""Optional Linux reader that grabs a USB HID scanner's own input device (python-evdev), so
typing on the kiosk keyboard never mixes with scans. Needs `evdev`, which is not a dependency:
`EVDEV_AVAILABLE` says whether it can be used."""

from __future__ import annotations

import importlib.util
import select
from collections.abc import Callable
from typing import Any

from devices.errors import DeviceError, ScanError
from devices.worker import DeviceWorker

EVDEV_AVAILABLE = importlib.util.find_spec("evdev") is not None

_PLAIN = {f"KEY_{c}": c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
_PLAIN |= {f"KEY_{d}": d for d in "0123456789"}
_PLAIN |= {
    "KEY_MINUS": "-", "KEY_EQUAL": "=", "KEY_SLASH": "/", "KEY_DOT": ".", "KEY_COMMA": ",",
    "KEY_SEMICOLON": ";", "KEY_APOSTROPHE": "'", "KEY_LEFTBRACE": "[", "KEY_RIGHTBRACE": "]",
    "KEY_BACKSLASH": "\\", "KEY_GRAVE": "`", "KEY_SPACE": " ",
}  # fmt: skip
_SHIFTED = {f"KEY_{c}": c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
_SHIFTED |= dict(zip([f"KEY_{d}" for d in "1234567890"], "!@#$%^&*()", strict=True))
_SHIFTED |= {
    "KEY_MINUS": "_", "KEY_EQUAL": "+", "KEY_SLASH": "?", "KEY_DOT": ">", "KEY_COMMA": "<",
    "KEY_SEMICOLON": ":", "KEY_APOSTROPHE": '"', "KEY_LEFTBRACE": "{", "KEY_RIGHTBRACE": "}",
    "KEY_BACKSLASH": "|", "KEY_GRAVE": "~", "KEY_SPACE": " ",
}  # fmt: skip
SHIFT_KEYS = frozenset({"KEY_LEFTSHIFT", "KEY_RIGHTSHIFT"})
END_KEYS = frozenset({"KEY_ENTER", "KEY_KPENTER", "KEY_TAB"})


class KeyAssembler:
    """Pure: turns (key name, pressed) events of a US-layout scanner into codes."""

    def __init__(self) -> None:
        self._shift = False
        self._chars: list[str] = []

    def feed(self, key: str, pressed: bool) -> str | None:
        """One key event; the finished code when an Enter/Tab press ends a non-empty code."""
        if key in SHIFT_KEYS:
            self._shift = pressed
            return None
        if not pressed:
            return None
        if key in END_KEYS:
            code, self._chars = "".join(self._chars), []
            return code or None
        char = (_SHIFTED if self._shift else _PLAIN).get(key)
        if char is not None:
            self._chars.append(char)
        return None


class EvdevScanner(DeviceWorker):
    """Reads one input device exclusively (grab) in a thread; calls `on_code` per scan.

    Unlike the serial readers it does not reopen: a failed grab or read is reported and ends it.
    """

    thread_name = "evdev-scanner"
    label = "scanner"

    def __init__(
        self,
        device_path: str,
        on_code: Callable[[str], None],
        on_error: Callable[[DeviceError], None] | None = None,
    ) -> None:
        if not EVDEV_AVAILABLE:
            raise ScanError(
                "the evdev scanner needs the python package 'evdev' (pip install evdev)"
            )
        super().__init__(on_error)
        self.device_path = device_path
        self.on_code = on_code

    def _run(self) -> None:
        import evdev

        try:
            device: Any = evdev.InputDevice(self.device_path)
            device.grab()
        except OSError as err:
            self._report(ScanError(f"cannot grab scanner input {self.device_path}: {err}"))
            return
        try:
            self._loop(device, evdev)
        except OSError as err:
            self._report(ScanError(f"scanner input {self.device_path} failed: {err}"))
        finally:
            try:
                device.ungrab()
                device.close()
            except OSError:
                pass

    def _loop(self, device: Any, evdev: Any) -> None:
        assembler = KeyAssembler()
        while not self._stop.is_set():
            ready, _, _ = select.select([device.fd], [], [], 0.1)
            if not ready:
                continue
            for event in device.read():
                if event.type != evdev.ecodes.EV_KEY or event.value == 2:  # 2 = autorepeat
                    continue
                name = evdev.ecodes.KEY.get(event.code, "")
                code = assembler.feed(name if isinstance(name, str) else name[0], event.value == 1)
                if code:
                    self.on_code(code)
