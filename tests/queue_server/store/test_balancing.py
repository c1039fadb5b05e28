"""Cross-hall estimates and suggestions from the store: live, damped, with hysteresis and reach."""

from __future__ import annotations

from dataclasses import replace

from queue_server.clock import MovableClock
from queue_server.engine.district import District, Hall, Text, Window
from queue_server.store import IssueRequest, Settings, Store
from tests.queue_server._district import small_district
from tests.queue_server.store.conftest import MakeStore


def with_station(district: District) -> District:
    """The small district plus a community station of `hall1` with one window."""
    street = district.halls["hall1"]
    station = replace(
        street,
        id="station",
        name=Text("社区站", "Station"),
        level="community",
        windows=(Window("station", 1, Text("1号窗口", "Window 1"), ("SB01", "HJ01", "ID01")),),
        parent="hall1",
    )
    return replace(district, halls={**district.halls, "station": station})


def crowd(store: Store, hall: str, count: int, service: str = "SB01") -> None:
    for _ in range(count):
        store.issue(IssueRequest(hall, service), "kiosk")


def elsewhere_of(store: Store, hall: str, service: str = "SB01") -> object:
    return next(s for s in store.services(hall) if s["code"] == service)["elsewhere"]


def test_a_much_faster_hall_is_suggested_with_its_address(
    store: Store, clock: MovableClock
) -> None:
    assert elsewhere_of(store, "qixia") is None  # nobody waits: nothing to suggest
    crowd(store, "qixia", 20)  # SB01: 20 x 6 min over 4 windows = 30 min here, 0 in hall1
    assert elsewhere_of(store, "qixia") is None  # damped: the published wait has not risen yet
    clock.advance(minutes=5)
    hall1 = store.district.halls["hall1"]
    expected = {
        "hall": "hall1",
        "name": {"zh": hall1.name.zh, "en": hall1.name.en},
        "address": {"zh": hall1.address.zh, "en": hall1.address.en},
        "eta_minutes": 0,
    }
    assert elsewhere_of(store, "qixia") == expected
    assert store.suggest_hall("qixia", "SB01") == expected
    assert elsewhere_of(store, "hall1") is None  # the fast hall is not sent back


def test_halls_offering_publishes_damped_estimates_and_marks_the_suggestion(
    store: Store, clock: MovableClock
) -> None:
    crowd(store, "qixia", 20)
    clock.advance(minutes=10)
    before = {h["id"]: h for h in store.halls_offering("SB01", "qixia")}
    assert before["hall1"]["suggested"] and not before["qixia"]["suggested"]
    live_there = next(s for s in store.services("hall1") if s["code"] == "SB01")["eta_minutes"]
    crowd(store, "hall1", 20)  # a sudden crowd at the suggested hall ...
    clock.advance(minutes=1)
    after = {h["id"]: h for h in store.halls_offering("SB01", "qixia")}
    live_now = next(s for s in store.services("hall1") if s["code"] == "SB01")["eta_minutes"]
    assert live_now > live_there + 20
    # ... moves the published estimate only part of the way after one minute (tau 5 minutes)
    assert live_there < after["hall1"]["eta_minutes"] < live_now / 2
    assert after["hall1"]["waiting"] == 20
    assert [h["id"] for h in store.halls_offering("SB01") if h["suggested"]] == ["hall1"]
    clock.advance(minutes=30)  # long after: the published estimate has caught up, no suggestion
    settled = {h["id"]: h for h in store.halls_offering("SB01", "qixia")}
    assert settled["hall1"]["eta_minutes"] == live_now
    assert not any(h["suggested"] for h in settled.values())


def test_a_community_station_is_suggested_only_within_its_street(
    make_store: MakeStore, clock: MovableClock
) -> None:
    district = with_station(small_district())
    store = make_store(district, settings=Settings(check_hours=False))
    crowd(store, "qixia", 20)
    crowd(store, "hall1", 20)
    clock.advance(minutes=10)
    # qixia (the district centre) is not sent to the one-window station, though it is idle
    assert elsewhere_of(store, "qixia") is None
    suggestion = elsewhere_of(store, "hall1")  # its own street centre is
    assert isinstance(suggestion, dict) and suggestion["hall"] == "station"


def test_hall_parents_are_kept_on_the_hall() -> None:
    station: Hall = with_station(small_district()).halls["station"]
    assert station.parent == "hall1" and station.level == "community"


def test_an_over_target_service_goes_first_at_a_comprehensive_window_until_well_under(
    make_store: MakeStore, clock: MovableClock
) -> None:
    """Window 2 prefers SB01; HJ01 past the hall's 20-minute target is taken first, and stays
    first until its longest wait is below 15 minutes (release_ratio 0.75): no flapping."""
    district = small_district()
    qixia = replace(district.halls["qixia"], target_wait_minutes=20)
    store = make_store(
        replace(district, halls={**district.halls, "qixia": qixia}),
        settings=Settings(check_hours=False),
    )
    for window in (1, 3, 4):
        store.pause("qixia", window, "clerk", "会议")
    crowd(store, "qixia", 1, "HJ01")  # A001 at 10:00
    clock.advance(minutes=3)
    crowd(store, "qixia", 1, "HJ01")  # A002 at 10:03
    clock.advance(minutes=2)
    crowd(store, "qixia", 3, "SB01")  # B001-B003 at 10:05
    clock.advance(minutes=16)  # 10:21: A001 has waited 21 minutes

    def call() -> str:
        ticket = store.call_next("qixia", 2, "clerk")
        assert ticket is not None
        store.start("qixia", 2, "clerk")
        store.finish("qixia", 2, "clerk")
        return str(ticket["number"])

    assert call() == "A001"  # over target: before the window's preferred SB01
    assert call() == "A002"  # 18 minutes: under target, not yet under the release threshold
    crowd(store, "qixia", 1, "HJ01")
    clock.advance(minutes=1)
    assert call() == "B001"  # HJ01's longest wait is 1 minute: back to the window's preference
