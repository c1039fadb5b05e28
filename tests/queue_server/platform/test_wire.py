"""The feed and outcome JSON of PLATFORM.md: round trips, and errors that name the field."""

from __future__ import annotations

import json

import pytest

from queue_server.engine.exchange import Outcome
from queue_server.platform.wire import (
    WireError,
    booking_from_json,
    booking_to_json,
    outcome_from_json,
    outcome_to_json,
    page_from_json,
)
from tests.queue_server.platform.conftest import SLOT

ITEM = {
    "external_id": "WB20261207-0001",
    "hall": "qixia",
    "service": "HJ01",
    "slot_start": "2026-12-07T09:30:00+08:00",
    "state": "booked",
    "version": 1,
    "id_card": {"number": "32011319900101001X", "name": "张三"},
    "phone": None,
}


def test_a_booking_round_trips() -> None:
    booking = booking_from_json(ITEM)
    assert booking.slot_start == SLOT and booking.id_number == "32011319900101001X"
    assert booking_to_json(booking) == ITEM


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"state": "checked_in"}, "bookings[0].state"),
        ({"version": 0}, "bookings[0].version"),
        ({"version": True}, "bookings[0].version"),
        ({"slot_start": "2026-12-07T09:30:00"}, "bookings[0].slot_start"),
        ({"id_card": {"number": "3201"}}, "bookings[0].id_card.name"),
        ({"external_id": "W" * 65}, "bookings[0].external_id"),
        ({"id_card": {"number": 320113199001010011, "name": "张三"}}, "bookings[0].id_card.number"),
    ],
)
def test_an_unreadable_item_is_listed_by_field_and_the_rest_kept(
    change: dict[str, object], field: str
) -> None:
    page = page_from_json({"bookings": [{**ITEM, **change}, ITEM], "next_cursor": "2"})
    assert len(page.bookings) == 1 and page.next_cursor == "2" and not page.has_more
    assert len(page.invalid) == 1 and page.invalid[0].startswith(field + ":")
    assert "32011319900101001" not in page.invalid[0]


@pytest.mark.parametrize(
    "answer",
    [[], {"bookings": {}}, {"bookings": [], "next_cursor": 7}, {"bookings": [], "has_more": "no"}],
)
def test_a_malformed_page_is_an_error(answer: object) -> None:
    with pytest.raises(WireError):
        page_from_json(answer)


def test_an_outcome_round_trips() -> None:
    outcome = Outcome(17, "WB20261207-0001", "checked_in", SLOT, 3)
    parsed = outcome_from_json(json.loads(outcome_to_json(outcome)))
    assert (parsed.id, parsed.external_id, parsed.state, parsed.at) == (
        17,
        "WB20261207-0001",
        "checked_in",
        SLOT,
    )
