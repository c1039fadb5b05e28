"""The dashboard's reads and the alert job on a store with a moved clock: today's arrivals and
waits by hour, the queue over the day, window idle times, and alerts raised once (each queued
for the manager contacts), cleared when resolved."""

from __future__ import annotations

from queue_server.api.alert_job import AlertWatch, DeviceSeen
from queue_server.clock import MovableClock, shanghai
from queue_server.engine.alerts import AlertConfig, Thresholds
from queue_server.store import Store
from queue_server.store.tickets import IssueRequest
from queue_server.store.tokens import TokenSpec

CONTACT = "13911112222"
CONFIG = AlertConfig(Thresholds(queue_length=5, idle_minutes=5, quiet_minutes=3), (CONTACT,))


def issue(store: Store, clock: MovableClock, service: str, hour: int, minute: int) -> None:
    clock.set(shanghai(2026, 11, 27, hour, minute))
    store.issue(IssueRequest("qixia", service), "kiosk")


def a_morning(store: Store, clock: MovableClock) -> None:
    """A (HJ01) at 10:00, called 10:20 and done 10:50 at window 1; B (SB01) at 10:10 and C
    (HJ01) at 11:05 still waiting at 11:10."""
    issue(store, clock, "HJ01", 10, 0)
    issue(store, clock, "SB01", 10, 10)
    clock.set(shanghai(2026, 11, 27, 10, 20))
    assert store.call_next("qixia", 1, "clerk")["service"] == "HJ01"  # type: ignore[index]
    store.start("qixia", 1, "clerk")
    clock.set(shanghai(2026, 11, 27, 10, 50))
    store.finish("qixia", 1, "clerk")
    issue(store, clock, "HJ01", 11, 5)
    clock.set(shanghai(2026, 11, 27, 11, 10))


def test_arrivals_and_waits_by_hour_and_the_queue_over_the_day(
    store: Store, clock: MovableClock
) -> None:
    a_morning(store, clock)
    charts = store.hall_dashboard("qixia")["charts"]
    hours = {row["hour"]: row for row in charts["by_hour"]}
    assert list(hours) == list(range(9, 17))  # the opening hours, 09:00-17:00
    assert hours[10]["arrivals"] == 2 and hours[10]["mean_wait_minutes"] == (20 + 60) / 2
    assert hours[11]["arrivals"] == 1 and hours[11]["mean_wait_minutes"] == 5
    assert hours[9]["arrivals"] == 0 and hours[9]["mean_wait_minutes"] is None
    queue = {p["at"]: (p["waiting"], p["serving"]) for p in charts["queue"]}
    assert queue["10:00"] == (1, 0) and queue["10:15"] == (2, 0)
    assert queue["10:30"] == (1, 1) and queue["10:45"] == (1, 1)  # A at window 1 10:20-10:50
    assert queue["11:00"] == (1, 0)
    assert charts["queue"][-1]["at"] == "11:10" and queue["11:10"] == (2, 0)


def test_each_service_and_window_with_its_wait_and_idle_time(
    store: Store, clock: MovableClock
) -> None:
    a_morning(store, clock)
    found = store.hall_dashboard("qixia")
    queues = {s["service"]: (s["waiting"], s["longest_wait_minutes"]) for s in found["services"]}
    assert queues == {"HJ01": (1, 5), "SB01": (1, 60), "ID01": (0, 0)}
    first = found["windows"][0]
    assert (first["number"], first["state"], first["idle_minutes"]) == (1, "open", 20)
    assert first["waiting_for_it"] == 2 and first["paused_minutes"] is None
    assert found["window_counts"] == {"open": 4, "paused": 0, "closed": 0}
    assert found["waiting"] == 2 and found["longest_wait_minutes"] == 60


def test_alerts_are_raised_once_queued_for_the_manager_and_cleared(
    store: Store, clock: MovableClock
) -> None:
    a_morning(store, clock)
    watch = AlertWatch(store, CONFIG, DeviceSeen())
    raised = [a for change in watch.run_once() for a in change.raised]
    kinds = {(a.kind, a.data.get("service") or a.data.get("window")) for a in raised}
    assert ("wait_over_target", "SB01") in kinds  # 60 min against the hall's 30
    assert ("window_idle", 1) in kinds and ("wait_over_target", "HJ01") not in kinds
    assert all(not change.raised for change in watch.run_once())  # raised once
    with store.db.read() as conn:
        queued = conn.execute(
            "SELECT phone_masked, text FROM notifications WHERE kind = 'alert'"
        ).fetchall()
    assert len(queued) == len(raised) and all(row[0] == "139****2222" for row in queued)
    assert any("社保参保" in row[1] and "60" in row[1] for row in queued)
    for number in (1, 2):
        store.call_next("qixia", number, "clerk")
    cleared = {key for change in watch.run_once() for key in change.cleared}
    assert "wait:qixia:SB01" in cleared and "idle:qixia:1" in cleared
    assert "wait:qixia:SB01" not in {a["key"] for a in store.open_alerts(["qixia"])}


def test_a_kiosk_heard_from_and_then_silent_goes_offline(store: Store, clock: MovableClock) -> None:
    record, _ = store.create_device_token(TokenSpec("kiosk", "qixia", label="一楼 1 号"))
    seen = DeviceSeen()
    watch = AlertWatch(store, CONFIG, seen)
    watch.run_once()
    assert store.open_alerts(["qixia"]) == []  # never heard from: not installed yet
    seen.saw(record.id, clock())
    clock.advance(minutes=2)
    watch.run_once()
    assert store.open_alerts(["qixia"]) == []
    clock.advance(minutes=2)
    (alert,) = (a for change in watch.run_once() for a in change.raised)
    assert alert.kind == "device_quiet" and "一楼 1 号" in alert.zh
    seen.saw(record.id, clock())
    assert [key for change in watch.run_once() for key in change.cleared] == [alert.key]


def test_the_platform_sync_failing_for_long_raises_a_district_alert(
    store: Store, clock: MovableClock
) -> None:
    watch = AlertWatch(store, CONFIG, DeviceSeen(), platform=True)
    store.save_sync_state(None, clock(), None)
    clock.advance(minutes=30)
    store.save_sync_state(None, None, "platform answered 502")
    (alert,) = (a for change in watch.run_once() for a in change.raised)
    assert alert.kind == "sync_failing" and alert.hall == "*" and "30" in alert.zh
    assert [a["key"] for a in store.open_alerts(["hall1"])] == ["sync:*"]  # every hall sees it
    store.save_sync_state(None, clock(), None)
    assert [key for change in watch.run_once() for key in change.cleared] == ["sync:*"]
