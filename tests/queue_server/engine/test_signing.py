"""Signed platform requests: a fresh, correct signature passes once; anything else is refused."""

from __future__ import annotations

import pytest

from queue_server.engine import signing
from queue_server.engine.signing import Replays, SignatureError

SECRET = b"s" * 32
BODY = b'{"external_id": "P1"}'
NOW = 1_800_000_000.0


def signed(now: float = NOW, body: bytes = BODY, path: str = "/api/appointments") -> dict[str, str]:
    return signing.headers(SECRET, "POST", path, body, now)


def check(
    sent: dict[str, str], now: float = NOW, body: bytes = BODY, replays: Replays | None = None
) -> None:
    signing.verify(SECRET, "POST", "/api/appointments", body, sent, now, replays or Replays())


def reason(sent: dict[str, str], **kwargs: object) -> str:
    with pytest.raises(SignatureError) as caught:
        check(sent, **kwargs)  # type: ignore[arg-type]
    return caught.value.reason


def test_a_fresh_signature_passes_once() -> None:
    replays = Replays()
    sent = signed()
    check(sent, replays=replays)
    assert reason(sent, replays=replays) == "replayed"


def test_what_is_refused() -> None:
    assert reason({}) == "missing"
    assert reason({**signed(), signing.TIMESTAMP_HEADER: "12.5"}) == "malformed"
    assert reason(signed(now=NOW - 301)) == "stale"
    assert reason(signed(now=NOW + 301)) == "stale"
    assert reason(signed(), body=b'{"external_id": "P2"}') == "mismatch"
    assert reason(signed(path="/api/appointments/P1/cancel")) == "mismatch"
    other = signing.headers(b"t" * 32, "POST", "/api/appointments", BODY, NOW)
    assert reason(other) == "mismatch"


def test_within_the_window_passes() -> None:
    check(signed(now=NOW - 299))
    check(signed(now=NOW + 299))


def test_old_signatures_are_forgotten_after_the_window() -> None:
    replays = Replays()
    assert replays.admit("a", NOW)
    assert not replays.admit("a", NOW + 10)
    assert replays.admit("b", NOW + 700)
    assert "a" not in replays.seen
