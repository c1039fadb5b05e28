"""Pure framing of serial scanner output: a code ends at CR, LF, CRLF (or a set terminator)
or at a silence."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

DEFAULT_SILENCE_S = 0.05
MAX_CODE_BYTES = 8192


def decode_payload(raw: bytes) -> str:
    """Scanner bytes as text: UTF-8, else GB18030 (common on Chinese scanners), never failing."""
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


class ScanFramer:
    """Splits a byte stream into scanned codes.

    With `terminator=None`, CR, LF and CRLF all end a code; otherwise only `terminator` does.
    A pause of `silence_s` after the last byte also ends a code (scanners set without a suffix).
    Empty codes are dropped. Never raises: over-long junk is discarded and logged.
    """

    def __init__(
        self,
        terminator: bytes | None = None,
        silence_s: float | None = DEFAULT_SILENCE_S,
        max_bytes: int = MAX_CODE_BYTES,
    ) -> None:
        if terminator == b"":
            raise ValueError("terminator must not be empty (use None for CR/LF)")
        self.terminator = terminator
        self.silence_s = silence_s
        self.max_bytes = max_bytes
        self._buffer = bytearray()
        self._last_byte_at: float | None = None

    @property
    def pending(self) -> bytes:
        return bytes(self._buffer)

    def feed(self, data: bytes, now: float) -> list[str]:
        """Add bytes received at monotonic time `now`; return the codes completed."""
        codes = self.poll(now)
        if data:
            self._last_byte_at = now
            self._buffer.extend(data)
            codes.extend(self._split())
            if len(self._buffer) > self.max_bytes:
                log.warning(
                    "scanner sent %d bytes without a terminator; dropped", len(self._buffer)
                )
                self._buffer.clear()
        return codes

    def poll(self, now: float) -> list[str]:
        """Codes ended by silence up to `now` (call when a read times out)."""
        if (
            self._buffer
            and self.silence_s is not None
            and self._last_byte_at is not None
            and now - self._last_byte_at >= self.silence_s
        ):
            return self.flush()
        return []

    def flush(self) -> list[str]:
        """Whatever is pending, as a code."""
        raw = bytes(self._buffer).strip(b"\r\n")
        self._buffer.clear()
        return [decode_payload(raw)] if raw else []

    def _split(self) -> list[str]:
        if self.terminator is not None:
            parts = bytes(self._buffer).split(self.terminator)
        else:
            parts = bytes(self._buffer).replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
        self._buffer[:] = parts[-1]
        return [decode_payload(part) for part in parts[:-1] if part]
