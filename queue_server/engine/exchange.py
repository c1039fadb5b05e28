"""What the online appointment platform and queue-server exchange: a booking as the platform
states it (pushed or pulled from its feed), and an outcome the hall reports back. Pure data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

BOOKING_STATES = ("booked", "cancelled")
OUTCOME_STATES = ("checked_in", "served", "no_show", "cancelled")


@dataclass(frozen=True)
class PlatformBooking:
    """One booking as the platform states it; `version` is its monotonic revision there."""

    external_id: str
    hall: str
    service: str
    slot_start: datetime  # aware, the district's local time
    state: str  # one of BOOKING_STATES
    id_number: str  # raw: the store keeps only its keyed hash and masked form
    name: str
    phone: str | None
    version: int


@dataclass(frozen=True)
class Outcome:
    """One state change of a platform booking, waiting in the outbox to be reported back."""

    id: int  # outbox row id
    external_id: str
    state: str  # one of OUTCOME_STATES
    at: datetime
    attempts: int
