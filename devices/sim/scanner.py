"""A virtual serial QR scanner on a pty."""

from __future__ import annotations

from devices.sim.pty_device import PtyDevice


class VirtualScanner(PtyDevice):
    """Types codes into its port like a serial scanner."""

    name = "scanner"

    def scan(self, code: str | bytes, terminator: bytes = b"\r") -> None:
        """Send one code followed by `terminator` (b"" for a scanner without suffix)."""
        raw = code.encode("utf-8") if isinstance(code, str) else code
        self.send(raw + terminator)
