"""Ticket numbers and business days.

Server numbers are ``prefix + daily sequence`` with at least three digits: ``A001`` … ``A999``,
then ``A1000`` (the number grows a digit rather than wrapping, so a number is never reused in a
day). The sequence runs per (hall, prefix, business day); the business day is the calendar date
in the hall's time zone (Asia/Shanghai), so it rolls over at local midnight (16:00 UTC).

Offline numbers, issued by a kiosk that cannot reach the server, are
``prefix + "K" + kiosk digit + sequence`` (``AK101`` = prefix A, kiosk 1, ticket 01). Service
prefixes are 1–2 upper-case letters *without* ``K`` (the config loader rejects a ``K``), so a
server number never contains ``K`` and the two forms can never collide.

Numbers come from clients too (offline hand-over, calling a number), so parsing takes only the
canonical forms these functions print, with ASCII digits and a bounded length: a sequence of
thousands of digits, other scripts' digits or a zero-padded variant is not a ticket number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TZ = "Asia/Shanghai"
OFFLINE_MARKER = "K"

MAX_SEQ_DIGITS = 6  # a million tickets of one prefix a day: far beyond any hall
MAX_OFFLINE_SEQ = 9999  # per kiosk, prefix and day, while the server is unreachable

PREFIX_RE = re.compile(r"[A-JL-Z]{1,2}")  # used with fullmatch: no newline slips through
# [0-9], not \d: \d also matches Arabic-Indic and other scripts' digits.
_NUMBER_RE = re.compile(
    rf"(?P<prefix>[A-JL-Z]{{1,2}})(?:K(?P<kiosk>[0-9]))?(?P<seq>[0-9]{{2,{MAX_SEQ_DIGITS}}})"
)


@dataclass(frozen=True)
class ParsedNumber:
    prefix: str
    seq: int
    kiosk: int | None  # the kiosk digit of an offline number, else None

    @property
    def offline(self) -> bool:
        return self.kiosk is not None


def is_time_zone(name: object) -> bool:
    """True for an IANA zone name this machine knows, such as 'Asia/Shanghai'."""
    if not isinstance(name, str) or not name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder such as 'Asia'
        return False
    return True


def business_day(now: datetime, tz: str = DEFAULT_TZ) -> date:
    """The hall's calendar date at ``now`` (an aware datetime)."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"business_day needs an aware datetime, got naive {now.isoformat()}")
    return now.astimezone(ZoneInfo(tz)).date()


def is_valid_prefix(prefix: str) -> bool:
    """1–2 upper-case ASCII letters, none of them the offline marker ``K``."""
    return PREFIX_RE.fullmatch(prefix) is not None


def format_number(prefix: str, seq: int) -> str:
    """``("A", 1)`` → ``"A001"``; ``("A", 1000)`` → ``"A1000"``."""
    _check_prefix(prefix)
    if seq < 1:
        raise ValueError(f"ticket sequence must be at least 1, got {seq}")
    return f"{prefix}{seq:03d}"


def offline_number(prefix: str, kiosk_digit: int, seq: int) -> str:
    """``("A", 1, 1)`` → ``"AK101"``: a number a kiosk issues while the server is unreachable."""
    _check_prefix(prefix)
    if not 0 <= kiosk_digit <= 9:
        raise ValueError(f"kiosk digit must be 0-9, got {kiosk_digit}")
    if not 1 <= seq <= MAX_OFFLINE_SEQ:
        raise ValueError(f"offline ticket sequence must be 1-{MAX_OFFLINE_SEQ}, got {seq}")
    return f"{prefix}{OFFLINE_MARKER}{kiosk_digit}{seq:02d}"


def parse_number(number: str) -> ParsedNumber | None:
    """Split a server or offline number into its parts; None unless it is exactly the form
    `format_number` or `offline_number` prints (``A0001``, ``AK100`` and ``AK1001`` are not)."""
    match = _NUMBER_RE.fullmatch(number)
    if match is None:
        return None
    prefix, kiosk, seq = match["prefix"], match["kiosk"], int(match["seq"])  # at most 6 digits
    try:
        parsed = ParsedNumber(prefix, seq, None if kiosk is None else int(kiosk))
        printed = (
            format_number(prefix, seq)
            if parsed.kiosk is None
            else offline_number(prefix, parsed.kiosk, seq)
        )
    except ValueError:  # a sequence of 0, or an offline sequence past its bound
        return None
    return parsed if printed == number else None


def is_offline_number(number: str) -> bool:
    """True for a well-formed offline kiosk number such as ``AK101``."""
    parsed = parse_number(number)
    return parsed is not None and parsed.offline


def _check_prefix(prefix: str) -> None:
    if not is_valid_prefix(prefix):
        raise ValueError(f"ticket prefix must be 1-2 upper-case letters without K, got {prefix!r}")
