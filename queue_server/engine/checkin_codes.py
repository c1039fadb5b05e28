"""Check-in codes: 8 characters a citizen can type or scan, signed so they cannot be forged.

A code is Crockford base32 (digits and letters without I, L, O, U; typed lower case, with O for
0 or I/L for 1, it still reads): 3 characters of the booking's serial within its hall and day
(1..32767), then 5 characters of HMAC-SHA256 under the check-in key over hall, day and serial.
An altered or made-up code fails the MAC (a guess passes about once in 400,000 tries: 2^25
MACs per day, 81 days tried); a code of another day is recognised as such (`read` tries the
days around today), so it is refused as too early or too late rather than as a typing error.
Pure: the key comes from the key file."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, timedelta

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_DECODE = {c: i for i, c in enumerate(ALPHABET)} | {"O": 0, "I": 1, "L": 1}
SERIAL_CHARS, MAC_CHARS = 3, 5
LENGTH = SERIAL_CHARS + MAC_CHARS
MAX_SERIAL = 32**SERIAL_CHARS - 1
SEARCH_DAYS = 40  # a code is recognised up to this many days from today, either way


@dataclass(frozen=True)
class CodeRef:
    """What a genuine code names: the booking's hall, day and serial."""

    hall: str
    day: date
    serial: int


def _encode(value: int, width: int) -> str:
    chars = []
    for _ in range(width):
        value, digit = divmod(value, 32)
        chars.append(ALPHABET[digit])
    return "".join(reversed(chars))


def _mac(key: bytes, hall: str, day: date, serial: int) -> str:
    message = f"{hall}|{day.isoformat()}|{serial}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return _encode(int.from_bytes(digest[:4], "big") >> (32 - 5 * MAC_CHARS), MAC_CHARS)


def make(key: bytes, hall: str, day: date, serial: int) -> str:
    """The code of booking `serial` of `hall` on `day`."""
    if not 1 <= serial <= MAX_SERIAL:
        raise ValueError(f"serial {serial} is outside 1..{MAX_SERIAL}")
    return _encode(serial, SERIAL_CHARS) + _mac(key, hall, day, serial)


def normalise(text: str) -> str | None:
    """The code in canonical form (upper case, no spaces or dashes), or None if not one."""
    code = "".join(text.split()).replace("-", "").upper()
    if len(code) != LENGTH or any(c not in _DECODE for c in code):
        return None
    return "".join(ALPHABET[_DECODE[c]] for c in code)


def read(key: bytes, hall: str, text: str, today: date) -> CodeRef | None:
    """What a typed or scanned code names, if it is genuine for `hall`; None if forged,
    altered or of another hall."""
    code = normalise(text)
    if code is None:
        return None
    serial = 0
    for c in code[:SERIAL_CHARS]:
        serial = serial * 32 + _DECODE[c]
    if serial == 0:
        return None
    for offset in _offsets():
        day = today + timedelta(days=offset)
        if hmac.compare_digest(_mac(key, hall, day, serial), code[SERIAL_CHARS:]):
            return CodeRef(hall, day, serial)
    return None


def _offsets() -> list[int]:
    """0, 1, -1, 2, -2, ...: today first, where almost every check-in is."""
    return [0] + [sign * n for n in range(1, SEARCH_DAYS + 1) for sign in (1, -1)]
