"""The alert rules: each condition raises its alert past its threshold and not before (a
device never heard from is not installed yet: nothing); the same condition found again is the
same alert (raised once), and it clears when resolved."""

from __future__ import annotations

import pytest

from queue_server.engine import alerts
from queue_server.engine.alerts import (
    DeviceState,
    HallSnapshot,
    Overdue,
    QuietDevice,
    ServiceLoad,
    Thresholds,
    WindowLoad,
)

LIMITS = Thresholds(queue_length=10, idle_minutes=5, quiet_minutes=3, sync_minutes=10)
NAME = ("户口迁移", "Household transfer")


def service(waiting: int, longest: float, target: float = 20) -> ServiceLoad:
    return ServiceLoad("HJ01", NAME, waiting, longest, target)


def kinds(snapshot: HallSnapshot) -> list[str]:
    return [alert.kind for alert in alerts.hall_alerts(snapshot, LIMITS)]


@pytest.mark.parametrize(
    ("load", "expected"),
    [
        (service(3, 20), []),  # at the target: not beyond it
        (service(3, 20.5), ["wait_over_target"]),
        (service(0, 40), []),  # nobody waits: no wait to speak of
        (service(10, 5), []),  # at the threshold
        (service(11, 5), ["queue_over_threshold"]),
        (service(11, 25), ["wait_over_target", "queue_over_threshold"]),
    ],
)
def test_waits_and_queues(load: ServiceLoad, expected: list[str]) -> None:
    assert kinds(HallSnapshot("qixia", services=[load])) == expected


def test_a_wait_alert_names_the_service_and_the_figures() -> None:
    (alert,) = alerts.hall_alerts(HallSnapshot("qixia", services=[service(2, 31.7)]), LIMITS)
    assert alert.key == "wait:qixia:HJ01" and alert.severity == alerts.CRITICAL
    assert alert.zh.startswith("户口迁移") and "31" in alert.zh and "20" in alert.zh
    assert "Household transfer" in alert.en and alert.data["longest_wait_minutes"] == 31


@pytest.mark.parametrize(
    ("idle", "waiting", "raised"),
    [(None, 4, False), (4.9, 4, False), (5, 0, False), (5, 1, True), (30, 2, True)],
)
def test_a_window_idle_while_people_wait(idle: float | None, waiting: int, raised: bool) -> None:
    window = WindowLoad(3, ("社保窗口", "Social insurance"), idle, waiting)
    assert kinds(HallSnapshot("qixia", windows=[window])) == (["window_idle"] if raised else [])


@pytest.mark.parametrize(
    ("device", "state", "severity"),
    [
        ("printer", "paper_out", alerts.CRITICAL),
        ("printer", "paper_near_end", alerts.WARNING),
        ("idcard", "offline", alerts.CRITICAL),
        ("printer", "ok", None),
        ("idcard", "unknown", None),
    ],
)
def test_device_faults(device: str, state: str, severity: str | None) -> None:
    snapshot = HallSnapshot("qixia", devices=[DeviceState("K2", device, state)])
    found = alerts.hall_alerts(snapshot, LIMITS)
    assert [a.severity for a in found] == ([severity] if severity else [])
    if found:
        assert found[0].key == f"fault:qixia:K2:{device}" and "K2" in found[0].zh


@pytest.mark.parametrize(("minutes", "raised"), [(2.9, False), (3, True), (None, False)])
def test_a_kiosk_gone_quiet_is_offline(minutes: float | None, raised: bool) -> None:
    snapshot = HallSnapshot("qixia", quiet=[QuietDevice("t1", "kiosk", "一楼 1 号", minutes)])
    found = alerts.hall_alerts(snapshot, LIMITS)
    assert [a.kind for a in found] == (["device_quiet"] if raised else [])
    if found:
        assert "取号机" in found[0].zh and "Kiosk" in found[0].en


def test_a_bad_review_past_its_deadline() -> None:
    snapshot = HallSnapshot("qixia", overdue=[Overdue(7, "2026-11-30T17:00:00+08:00")])
    (alert,) = alerts.hall_alerts(snapshot, LIMITS)
    assert (
        alert.kind == "rectification_overdue"
        and "#7" in alert.zh
        and "2026-11-30T17:00" in alert.en
    )


@pytest.mark.parametrize(("minutes", "count"), [(None, 0), (9.9, 0), (10, 1), (120, 1)])
def test_the_platform_sync_failing(minutes: float | None, count: int) -> None:
    found = alerts.sync_alerts(minutes, LIMITS)
    assert len(found) == count
    assert all(a.hall == alerts.DISTRICT and a.kind == "sync_failing" for a in found)


def test_an_alert_is_raised_once_and_cleared_when_resolved() -> None:
    over = HallSnapshot("qixia", services=[service(12, 30)])
    first = alerts.changes([], alerts.hall_alerts(over, LIMITS))
    assert [a.kind for a in first.raised] == ["wait_over_target", "queue_over_threshold"]
    open_keys = [a.key for a in first.raised]
    again = alerts.changes(open_keys, alerts.hall_alerts(over, LIMITS))
    assert again.raised == [] and again.cleared == []
    shorter = HallSnapshot("qixia", services=[service(12, 10)])
    partly = alerts.changes(open_keys, alerts.hall_alerts(shorter, LIMITS))
    assert partly.raised == [] and partly.cleared == ["wait:qixia:HJ01"]


def test_a_hall_has_its_own_thresholds_and_recipients() -> None:
    config = alerts.AlertConfig(
        recipients=("13800000001",),
        halls={"maqun": Thresholds(queue_length=3)},
        hall_recipients={"maqun": ("13800000002",)},
    )
    assert config.thresholds_for("maqun").queue_length == 3
    assert config.thresholds_for("qixia") == Thresholds()
    assert config.recipients_for("maqun") == ("13800000002",)
    assert config.recipients_for("qixia") == ("13800000001",)
