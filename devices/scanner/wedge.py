"""Pure keyboard-wedge scan detection: a fast burst of keys ended by Enter/Tab is a scan."""

from __future__ import annotations

TERMINATOR_KEYS = frozenset({"\r", "\n", "\t", "Enter", "Return", "Tab"})


class WedgeDetector:
    """Tells a USB HID scanner's burst from human typing by key timing.

    Feed every key press (a character, or a key name such as "Enter"/"Tab"). `feed_key` returns
    the code when a burst of at least `min_length` characters, averaging at most `max_avg_s` per
    key, ends with a terminator key. A pause longer than `max_gap_s` starts a new burst; keys that
    turn out not to be a scan are human typing and are collected for `take_typed()`.
    """

    def __init__(
        self, min_length: int = 6, max_avg_s: float = 0.03, max_gap_s: float = 0.1
    ) -> None:
        self.min_length = min_length
        self.max_avg_s = max_avg_s
        self.max_gap_s = max_gap_s
        self._burst: list[str] = []
        self._started_at = 0.0
        self._last_at: float | None = None
        self._typed: list[str] = []

    def feed_key(self, key: str, timestamp_s: float) -> str | None:
        """Record one key; the scanned code when this key completes a scan, else None."""
        if self._last_at is not None and timestamp_s - self._last_at > self.max_gap_s:
            self._release_burst()
        if key in TERMINATOR_KEYS:
            code = self._scan_ending_at(timestamp_s)
            self._last_at = None
            if code is None:
                self._release_burst()
                self._typed.append(key)
            return code
        if len(key) != 1:
            self._release_burst()  # a non-character key (Shift, arrows) breaks a burst
            self._last_at = None
            return None
        if not self._burst:
            self._started_at = timestamp_s
        self._burst.append(key)
        self._last_at = timestamp_s
        return None

    def _scan_ending_at(self, timestamp_s: float) -> str | None:
        count = len(self._burst)
        if count < self.min_length:
            return None
        average = (timestamp_s - self._started_at) / count
        if average > self.max_avg_s:
            return None
        code = "".join(self._burst)
        self._burst.clear()
        return code

    def _release_burst(self) -> None:
        self._typed.extend(self._burst)
        self._burst.clear()

    def take_typed(self) -> str:
        """Characters judged to be human typing since the last call (then forgotten)."""
        typed = "".join(key for key in self._typed if len(key) == 1)
        self._typed.clear()
        return typed

    def flush(self) -> str:
        """End any pending burst as human typing and return all typed characters."""
        self._release_burst()
        self._last_at = None
        return self.take_typed()

    @property
    def pending(self) -> str:
        """Characters of the burst still being judged."""
        return "".join(self._burst)
