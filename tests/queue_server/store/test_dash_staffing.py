"""Today's staffing advice on a store with a moved clock: a morning whose arrivals and service
times are set by hand, and the windows needed per hour are Erlang C's for those inputs (hours
gone by from their arrivals, the rest projected at the mean rate per opening hour so far)."""

from __future__ import annotations

from queue_server.clock import MovableClock, shanghai
from queue_server.engine.eta import ServiceTimes
from queue_server.engine.staffing import Target, servers_needed
from queue_server.store import Store
from queue_server.store.tickets import IssueRequest

# (hh:mm, what): HJ01 served at window 1 in 25, 20 and 30 minutes (09:05-10:20); 6 HJ01
# arrive in the 9 o'clock hour, 4 HJ01 and 2 SB01 in the 10 o'clock hour; the clock stops at
# 11:10.
MORNING = [
    ("09:00", "HJ01"), ("09:05", "call"), ("09:10", "HJ01"), ("09:20", "HJ01"),
    ("09:30", "finish"), ("09:30", "call"), ("09:30", "HJ01"), ("09:40", "HJ01"),
    ("09:50", "finish"), ("09:50", "call"), ("09:50", "HJ01"), ("10:00", "HJ01"),
    ("10:05", "SB01"), ("10:15", "HJ01"), ("10:20", "finish"), ("10:30", "HJ01"),
    ("10:35", "SB01"), ("10:45", "HJ01"), ("11:10", "now"),
]  # fmt: skip
TARGET = Target(30, 0.9)  # the test hall's target wait, 90 % within it


def a_morning(store: Store, clock: MovableClock) -> None:
    for at, what in MORNING:
        hour, minute = map(int, at.split(":"))
        clock.set(shanghai(2026, 11, 27, hour, minute))
        if what == "call":
            assert store.call_next("qixia", 1, "clerk")["service"] == "HJ01"  # type: ignore[index]
            store.start("qixia", 1, "clerk")
        elif what == "finish":
            store.finish("qixia", 1, "clerk")
        elif what != "now":
            store.issue(IssueRequest("qixia", what), "kiosk")


def test_windows_needed_per_hour_are_erlang_c_of_the_arrivals_and_service_times(
    store: Store, clock: MovableClock
) -> None:
    a_morning(store, clock)
    advice = store.hall_dashboard("qixia")["charts"]["staffing"]
    services = {s["service"]: s for s in advice["services"]}
    assert list(services) == ["HJ01", "SB01"]  # the hall's order; ID01 had nobody
    hj_mean = ServiceTimes.from_durations(10.0, [25, 20, 30]).mean
    sb_mean = 6.0  # nothing served yet: the configured minutes
    assert services["HJ01"]["mean_service_minutes"] == round(hj_mean, 1) > 10
    hj = {h["hour"]: h for h in services["HJ01"]["hours"]}
    sb = {h["hour"]: h for h in services["SB01"]["hours"]}
    assert list(hj) == list(range(9, 17))
    assert hj[9]["windows"] == servers_needed(6, hj_mean, TARGET) == 3  # 2 at 10 minutes
    assert hj[10]["windows"] == servers_needed(4, hj_mean, TARGET)
    assert sb[9]["windows"] == 0 and sb[10]["windows"] == servers_needed(2, sb_mean, TARGET)
    assert not hj[10]["projected"] and hj[11]["projected"]
    elapsed = (2 * 60 + 10) / 60  # opening hours 09:00-11:10
    for hour in range(11, 17):  # projected at the mean rate so far
        assert hj[hour]["arrivals_per_hour"] == round(10 / elapsed, 1)
        assert hj[hour]["windows"] == servers_needed(10 / elapsed, hj_mean, TARGET)
        assert sb[hour]["windows"] == servers_needed(2 / elapsed, sb_mean, TARGET)
    hall = {h["hour"]: h for h in advice["hours"]}
    assert hall[10]["needed"] == hj[10]["windows"] + sb[10]["windows"]
    assert hall[10]["at_work"] == 1 and hall[11]["at_work"] == 0  # window 1 until 10:20
    assert hall[12]["at_work"] is None and hall[12]["projected"]
    assert (advice["target_wait_minutes"], advice["target_share"]) == (30, 0.9)


def test_without_arrivals_nothing_is_needed(store: Store, clock: MovableClock) -> None:
    advice = store.hall_dashboard("qixia")["charts"]["staffing"]
    assert advice["services"] == [] and {h["needed"] for h in advice["hours"]} == {0}
