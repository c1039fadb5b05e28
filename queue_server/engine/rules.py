"""Whether a ticket may be issued: the refusals a kiosk shows, in the order a citizen meets them.

1. the hall does not offer the service → `UnknownService`
2. outside opening hours (only when ``enforce_hours``) → `OutsideHours` (with ``opens_at``)
3. no open window in the hall serves the service → `NoOpenWindow` (请前往人工导引台咨询)
4. the service's daily cap is used up → `DailyCapReached`
5. the service needs an ID card and none was read → `IdCardRequired`
6. an ID number was given but its check digit is wrong → `InvalidIdNumber`
7. that ID already holds an active ticket for the service → `DuplicateTicket` (请勿重复取号)

Steps 1–4 depend only on the service, so `availability` reports them for the service list
before anyone touches a card.
"""

from __future__ import annotations

from datetime import datetime

from queue_server.engine.district import Hall, Service
from queue_server.engine.errors import (
    DailyCapReached,
    DuplicateTicket,
    IdCardRequired,
    InvalidIdNumber,
    NoOpenWindow,
    OutsideHours,
    QueueError,
    UnknownService,
)
from queue_server.engine.hours import is_open, next_opening
from queue_server.engine.privacy import is_valid_id_number


def availability(
    hall: Hall,
    service: Service,
    *,
    now: datetime,
    open_windows: int,
    issued_today: int,
    enforce_hours: bool = True,
) -> QueueError | None:
    """The reason the service cannot be issued now (not raised), or None if it can."""
    if service.code not in hall.services:
        return UnknownService(service.code, hall.id)
    if enforce_hours and not is_open(hall, now):
        return OutsideHours(hall.id, next_opening(hall, now))
    if open_windows <= 0:
        return NoOpenWindow(service.code, hall.id)
    if service.daily_cap is not None and issued_today >= service.daily_cap:
        return DailyCapReached(service.code, service.daily_cap)
    return None


def check_can_issue(
    hall: Hall,
    service: Service,
    *,
    now: datetime,
    open_windows: int,
    issued_today: int,
    id_number: str | None = None,
    existing_number: str | None = None,
    enforce_hours: bool = True,
) -> None:
    """Raise the first refusal that applies, or return if the ticket may be issued.

    ``open_windows``: open (not paused/closed) windows of the hall serving the service.
    ``issued_today``: tickets of this service already issued in this hall today.
    ``existing_number``: the number of the ID holder's active ticket for this service, if any
    (the caller looks it up by the keyed hash of the ID number).
    """
    refusal = availability(
        hall,
        service,
        now=now,
        open_windows=open_windows,
        issued_today=issued_today,
        enforce_hours=enforce_hours,
    )
    if refusal is not None:
        raise refusal
    has_id = bool(id_number and id_number.strip())
    if service.id_required and not has_id:
        raise IdCardRequired(service.code)
    if has_id and not is_valid_id_number(id_number or ""):
        raise InvalidIdNumber()
    if existing_number is not None:
        raise DuplicateTicket(service.code, existing_number)
