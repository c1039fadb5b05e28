"""The JSON the platform and queue-server exchange (PLATFORM.md): feed pages of bookings,
outcomes, and error answers. Pure: parsing raises `WireError` naming the field."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from queue_server.engine.exchange import BOOKING_STATES, OUTCOME_STATES, Outcome, PlatformBooking

MAX_VERSION = 2**53  # what a JSON number keeps exactly
MAX_EXTERNAL_ID = 64


class WireError(ValueError):
    """JSON that does not follow PLATFORM.md; `field` names where (`bookings[3].version`)."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field


@dataclass(frozen=True)
class Page:
    """One answer of the feed: its bookings in the platform's change order, and where next."""

    bookings: list[PlatformBooking]
    invalid: list[str]  # "bookings[3].version: ..." for items that could not be read
    next_cursor: str | None
    has_more: bool


def _text(data: dict[str, Any], key: str, where: str, *, optional: bool = False) -> Any:
    value = data.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        # the type only: the value may be an ID number, which no error or log may show
        raise WireError(f"{where}{key}", f"expected a non-empty string, got {type(value).__name__}")
    return value


def _moment(data: dict[str, Any], key: str, where: str) -> datetime:
    text = _text(data, key, where)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.utcoffset() is None:
        raise WireError(f"{where}{key}", f"expected ISO 8601 with an offset, got {text!r}")
    return moment


def booking_from_json(data: Any, where: str = "") -> PlatformBooking:
    """A feed item (or push body with `state`/`version`) as a `PlatformBooking`."""
    if not isinstance(data, dict):
        raise WireError(where or "booking", "expected an object")
    state = _text(data, "state", where)
    if state not in BOOKING_STATES:
        raise WireError(f"{where}state", f"expected one of {', '.join(BOOKING_STATES)}")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version < MAX_VERSION:
        raise WireError(f"{where}version", f"expected a whole number from 1, got {version!r}")
    external_id = _text(data, "external_id", where)
    if len(external_id) > MAX_EXTERNAL_ID:
        raise WireError(f"{where}external_id", f"longer than {MAX_EXTERNAL_ID} characters")
    card = data.get("id_card")
    if not isinstance(card, dict):
        raise WireError(f"{where}id_card", "expected an object {number, name}")
    return PlatformBooking(
        external_id=external_id,
        hall=_text(data, "hall", where),
        service=_text(data, "service", where),
        slot_start=_moment(data, "slot_start", where),
        state=state,
        id_number=_text(card, "number", f"{where}id_card."),
        name=_text(card, "name", f"{where}id_card."),
        phone=_text(data, "phone", where, optional=True),
        version=version,
    )


def booking_to_json(booking: PlatformBooking) -> dict[str, Any]:
    return {
        "external_id": booking.external_id,
        "hall": booking.hall,
        "service": booking.service,
        "slot_start": booking.slot_start.isoformat(),
        "state": booking.state,
        "version": booking.version,
        "id_card": {"number": booking.id_number, "name": booking.name},
        "phone": booking.phone,
    }


def page_from_json(data: Any) -> Page:
    """A feed answer; an unreadable item is listed in `invalid`, the rest are kept."""
    if not isinstance(data, dict) or not isinstance(data.get("bookings"), list):
        raise WireError("bookings", "expected an object with a list of bookings")
    cursor = data.get("next_cursor")
    if cursor is not None and not isinstance(cursor, str):
        raise WireError("next_cursor", f"expected a string or null, got {cursor!r}")
    has_more = data.get("has_more", False)
    if not isinstance(has_more, bool):
        raise WireError("has_more", f"expected true or false, got {has_more!r}")
    bookings, invalid = [], []
    for index, item in enumerate(data["bookings"]):
        try:
            bookings.append(booking_from_json(item, f"bookings[{index}]."))
        except WireError as err:
            invalid.append(str(err))
    return Page(bookings, invalid, cursor, has_more)


def page_to_json(bookings: list[PlatformBooking], next_cursor: str, has_more: bool) -> bytes:
    return dumps(
        {
            "bookings": [booking_to_json(b) for b in bookings],
            "next_cursor": next_cursor,
            "has_more": has_more,
        }
    )


def outcome_to_json(outcome: Outcome) -> bytes:
    return dumps(
        {
            "outcome_id": outcome.id,
            "external_id": outcome.external_id,
            "state": outcome.state,
            "at": outcome.at.isoformat(),
        }
    )


def outcome_from_json(data: Any) -> Outcome:
    if not isinstance(data, dict):
        raise WireError("outcome", "expected an object")
    number = data.get("outcome_id")
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise WireError("outcome_id", f"expected a whole number from 1, got {number!r}")
    state = _text(data, "state", "")
    if state not in OUTCOME_STATES:
        raise WireError("state", f"expected one of {', '.join(OUTCOME_STATES)}")
    return Outcome(number, _text(data, "external_id", ""), state, _moment(data, "at", ""), 0)


def error_body(code: str, zh: str, en: str) -> bytes:
    """The error envelope of both sides: {"error": {"code", "zh", "en"}}."""
    return dumps({"error": {"code": code, "zh": zh, "en": en}})


def dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
