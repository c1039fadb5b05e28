"""Small pure decisions the session flow makes: codes scanned, cross-hall advice, idle timing."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

from queue_server.client.models import Hall, Service, Text, Ticket
from queue_server.engine.privacy import is_valid_id_number, normalise_id_number

_TICKET_URL = re.compile(r"/t/([A-Za-z0-9_\-]{6,})/?$")
_ID_IN_CODE = re.compile(r"(?<![0-9])(\d{17}[\dXx])(?![0-9])")


class CodeKind(Enum):
    TICKET = "ticket"  # a receipt's QR code: `<server>/t/<token>`
    IDENTITY = "identity"  # an ID number (e-licence / ID QR code)
    BOOKING = "booking"  # anything else: an appointment code


@dataclass(frozen=True)
class ScannedCode:
    kind: CodeKind
    value: str

    def __repr__(self) -> str:
        shown = "<hidden>" if self.kind is CodeKind.IDENTITY else self.value
        return f"ScannedCode({self.kind.value}, {shown})"


def classify_code(text: str) -> ScannedCode:
    """Tell a receipt QR code from an ID number from a booking code."""
    text = text.strip()
    match = _TICKET_URL.search(text)
    if match:
        return ScannedCode(CodeKind.TICKET, match.group(1))
    found = _ID_IN_CODE.search(text)
    if found and is_valid_id_number(found.group(1)):
        return ScannedCode(CodeKind.IDENTITY, normalise_id_number(found.group(1)))
    return ScannedCode(CodeKind.BOOKING, text)


#: what the booking-code keypad offers: Crockford base32, the letters I, L, O and U left out
#: (the server reads a typed O as 0 and I or L as 1, so nothing is lost)
BOOKING_CODE_CHARS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BOOKING_CODE_LENGTHS = range(6, 9)  # 6 to 8 characters (the server's codes have 8)


def looks_like_booking_code(typed: str) -> bool:
    """A typed code worth sending: 6 to 8 keypad characters (the server checks the rest)."""
    return len(typed) in BOOKING_CODE_LENGTHS and all(c in BOOKING_CODE_CHARS for c in typed)


def check_in_opens(opens_at: object, today: date) -> Text | None:
    """When check-in opens, as a citizen reads it: "08:30", or "12月3日 08:30" another day;
    None when the server's `opens_at` is missing or no ISO time."""
    try:
        opens = datetime.fromisoformat(str(opens_at)) if opens_at else None
    except ValueError:
        return None
    if opens is None:
        return None
    clock = f"{opens:%H:%M}"
    if opens.date() == today:
        return Text(clock, clock)
    return Text(f"{opens.month}月{opens.day}日 {clock}", f"{opens:%d %b} {clock}")


def age_on(id_number: str, today: date) -> int | None:
    """Whole years since the birth date an 18-digit ID number carries (digits 7-14), or None
    when they are no date; computed in memory for the green channel, never kept."""
    try:
        born = date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def priority_without_asking(
    hall: Hall | None, service: Service, age: int | None, green_age: int | None
) -> str | None:
    """The priority when no question is needed: "normal" where the hall has no green channel
    or the service is done for employers, "green" past the configured age; else None (ask)."""
    if hall is None or not hall.green_channel or service.employers_only:
        return "normal"
    if green_age is not None and age is not None and age >= green_age:
        return "green"
    return None


def held_for(held: Iterable[Ticket], service: str) -> Ticket | None:
    """The holder's active ticket for `service` among `held`, if any."""
    return next((ticket for ticket in held if ticket.service == service), None)


class IdlePhase(Enum):
    ACTIVE = "active"
    ASKING = "asking"  # "还在吗？" with a countdown
    EXPIRED = "expired"


@dataclass(frozen=True)
class IdlePolicy:
    """After `idle_seconds` without touch ask for `ask_seconds`, then go home."""

    idle_seconds: float = 60.0
    ask_seconds: float = 10.0

    def phase(self, idle_for: float) -> tuple[IdlePhase, int]:
        """The phase after `idle_for` seconds without touch, and the seconds left to answer."""
        if idle_for < self.idle_seconds:
            return IdlePhase.ACTIVE, int(self.ask_seconds)
        left = self.idle_seconds + self.ask_seconds - idle_for
        if left > 0:
            return IdlePhase.ASKING, max(1, int(left + 0.999))
        return IdlePhase.EXPIRED, 0
