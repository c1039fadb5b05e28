"""Signed requests between queue-server and the online appointment platform, both directions.

A request carries `X-Timestamp` (Unix seconds) and `X-Signature`: hex HMAC-SHA256, under the
secret both sides share, over

    METHOD "\\n" PATH "\\n" TIMESTAMP "\\n" hex(SHA-256(BODY))

PATH includes the query string as sent. A signature older or newer than `REPLAY_WINDOW` is
refused, and so is one seen before within the window (a replayed request), so a captured request
cannot be sent again. Pure: no I/O; the caller keeps the `Replays` it checks against.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import timedelta

TIMESTAMP_HEADER = "X-Timestamp"
SIGNATURE_HEADER = "X-Signature"
REPLAY_WINDOW = timedelta(minutes=5)


class SignatureError(Exception):
    """A request whose signature is missing, malformed, stale, replayed or wrong.

    `reason` is one of: missing, malformed, stale, replayed, mismatch."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


def canonical(method: str, path: str, timestamp: str, body: bytes) -> bytes:
    digest = hashlib.sha256(body).hexdigest()
    return "\n".join((method.upper(), path, timestamp, digest)).encode()


def signature(secret: bytes, method: str, path: str, timestamp: str, body: bytes) -> str:
    return hmac.new(secret, canonical(method, path, timestamp, body), hashlib.sha256).hexdigest()


def headers(secret: bytes, method: str, path: str, body: bytes, now: float) -> dict[str, str]:
    """The two headers that sign a request sent at Unix time `now`."""
    stamp = str(int(now))
    return {TIMESTAMP_HEADER: stamp, SIGNATURE_HEADER: signature(secret, method, path, stamp, body)}


@dataclass
class Replays:
    """Signatures accepted within the replay window (oldest first), to refuse a second use."""

    seen: OrderedDict[str, float] = field(default_factory=OrderedDict)

    def admit(self, sig: str, now: float) -> bool:
        """Remember `sig`; False if it was already seen within the window."""
        horizon = now - 2 * REPLAY_WINDOW.total_seconds()
        while self.seen and next(iter(self.seen.values())) < horizon:
            self.seen.popitem(last=False)
        if sig in self.seen:
            return False
        self.seen[sig] = now
        return True


def verify(
    secret: bytes,
    method: str,
    path: str,
    body: bytes,
    sent: dict[str, str],
    now: float,
    replays: Replays,
) -> None:
    """Raise SignatureError unless `sent` (the request's headers) sign this request freshly."""
    stamp, sig = sent.get(TIMESTAMP_HEADER), sent.get(SIGNATURE_HEADER)
    if not stamp or not sig:
        raise SignatureError("missing", f"{TIMESTAMP_HEADER} and {SIGNATURE_HEADER} are required")
    if not stamp.isascii() or not stamp.isdigit():
        raise SignatureError("malformed", f"{TIMESTAMP_HEADER} must be Unix seconds")
    skew = abs(now - int(stamp))
    if skew > REPLAY_WINDOW.total_seconds():
        raise SignatureError(
            "stale", f"{TIMESTAMP_HEADER} is {skew:.0f} s away from the server's clock (max 300)"
        )
    expected = signature(secret, method, path, stamp, body)
    if not hmac.compare_digest(expected, sig.lower()):
        raise SignatureError("mismatch", "the signature does not match this request")
    if not replays.admit(expected, now):
        raise SignatureError("replayed", "this signed request was already received")
