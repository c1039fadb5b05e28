"""The hall as the home screen shows it: counts from events, closed until when."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from kiosk.queues import is_closed, next_opening, with_waiting
from queue_server.clock import shanghai
from tests.kiosk import samples


def test_an_events_counts_replace_every_services_and_the_halls_total() -> None:
    services = samples.services()
    counts = {services[0].code: 7}  # a service missing from the counts has nobody waiting
    hall, fresh = with_waiting(samples.hall(), services, counts)
    assert [s.waiting for s in fresh] == [7] + [0] * (len(services) - 1)
    assert hall is not None and hall.waiting == 7
    assert [s.code for s in fresh] == [s.code for s in services]


def test_the_hall_is_closed_only_when_every_service_is_outside_hours() -> None:
    opens = shanghai(2026, 12, 3, 9)
    services = [replace(s, available=False, unavailable_code="outside_hours", opens_at=opens)
                for s in samples.services()]  # fmt: skip
    assert is_closed(services) and next_opening(services) == opens
    later = replace(services[0], opens_at=opens + timedelta(hours=1))
    assert next_opening([later, *services[1:]]) == opens
    paused = replace(services[0], unavailable_code="no_open_window", opens_at=None)
    assert not is_closed([paused, *services[1:]]) and not is_closed([])
