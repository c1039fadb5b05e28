"""The manager's alerts: pure rules over a snapshot of one hall (or the district), and what
changed since the alerts already raised (raise once while it holds, clear when resolved).

Kinds (`Alert.kind`): `wait_over_target`, `queue_over_threshold`, `window_idle`,
`device_fault` (paper out, paper near end, reader unplugged, ...), `device_quiet` (a kiosk or
display heard from before, silent since: offline), `rectification_overdue` (a bad review past
its deadline) and `sync_failing` (the online platform's exchange, hall `*`). An alert's `key`
is its identity: the same condition found again is the same alert, so it is raised once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

CRITICAL, WARNING = "critical", "warning"
DISTRICT = "*"  # the hall of district-wide alerts (the platform's sync)
FAULTS = {  # (device, state) → severity and words; "ok" and unknown states raise nothing
    ("printer", "paper_out"): (CRITICAL, "打印机缺纸", "printer out of paper"),
    ("printer", "paper_near_end"): (WARNING, "打印纸将尽", "printer paper nearly out"),
    ("printer", "cover_open"): (CRITICAL, "打印机盖未关", "printer cover open"),
    ("printer", "offline"): (CRITICAL, "打印机离线", "printer offline"),
    ("idcard", "offline"): (CRITICAL, "身份证读卡器未连接", "ID card reader unplugged"),
    ("scanner", "offline"): (WARNING, "扫码器未连接", "scanner unplugged"),
}
ROLES = {"kiosk": ("取号机", "kiosk"), "display": ("显示屏", "display"), "pad": ("评价器", "pad")}


@dataclass(frozen=True)
class Thresholds:
    """When a condition becomes an alert (district `[alerts]`, a hall's `[halls.ID.alerts]`)."""

    queue_length: int = 15  # people waiting for one service
    idle_minutes: float = 5.0  # an open, free window while people wait for its services
    quiet_minutes: float = 3.0  # a kiosk or display not heard from
    sync_minutes: float = 10.0  # the platform's exchange failing for this long


@dataclass(frozen=True)
class AlertConfig:
    """Thresholds and the manager contacts alerts are sent to (phone numbers), per hall."""

    thresholds: Thresholds = field(default_factory=Thresholds)
    recipients: tuple[str, ...] = ()  # district-wide alerts, and halls without their own
    halls: Mapping[str, Thresholds] = field(default_factory=dict)
    hall_recipients: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def thresholds_for(self, hall: str) -> Thresholds:
        return self.halls.get(hall, self.thresholds)

    def recipients_for(self, hall: str) -> tuple[str, ...]:
        return self.hall_recipients.get(hall, self.recipients)


@dataclass(frozen=True)
class ServiceLoad:
    code: str
    name: tuple[str, str]  # (zh, en)
    waiting: int
    longest_wait_minutes: float
    target_minutes: float


@dataclass(frozen=True)
class WindowLoad:
    number: int
    label: tuple[str, str]
    idle_minutes: float | None  # open, free and with people waiting for it: for how long
    waiting_for_it: int


@dataclass(frozen=True)
class DeviceState:
    kiosk_id: str
    device: str
    state: str  # the latest state reported today


@dataclass(frozen=True)
class QuietDevice:
    token_id: str
    role: str
    label: str
    quiet_minutes: float | None  # None: never heard from (not installed yet: no alert)


@dataclass(frozen=True)
class Overdue:
    item: int  # the rectification's id
    deadline: str  # ISO, the hall's time


@dataclass(frozen=True)
class HallSnapshot:
    hall: str
    services: Sequence[ServiceLoad] = ()
    windows: Sequence[WindowLoad] = ()
    devices: Sequence[DeviceState] = ()
    quiet: Sequence[QuietDevice] = ()
    overdue: Sequence[Overdue] = ()


@dataclass(frozen=True)
class Alert:
    key: str
    hall: str
    kind: str
    severity: str
    zh: str
    en: str
    data: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        fields = ("key", "hall", "kind", "severity", "zh", "en")
        return {**{name: getattr(self, name) for name in fields}, "data": dict(self.data)}


def hall_alerts(snapshot: HallSnapshot, limits: Thresholds) -> list[Alert]:
    """Every alert that holds in the hall now, in a stable order."""
    return [
        *_waits(snapshot, limits),
        *_idle_windows(snapshot, limits),
        *_faults(snapshot),
        *_quiet(snapshot, limits),
        *_overdue(snapshot),
    ]


def _waits(snapshot: HallSnapshot, limits: Thresholds) -> Iterable[Alert]:
    for s in snapshot.services:
        zh, en = s.name
        longest, target = int(s.longest_wait_minutes), int(s.target_minutes)
        if s.waiting and s.longest_wait_minutes > s.target_minutes:
            yield Alert(
                f"wait:{snapshot.hall}:{s.code}", snapshot.hall, "wait_over_target", CRITICAL,
                f"{zh}：最长等候 {longest} 分钟，超过目标 {target} 分钟",
                f"{en}: longest wait {longest} min, over the target of {target} min",
                {"service": s.code, "longest_wait_minutes": longest},
            )  # fmt: skip
        if s.waiting > limits.queue_length:
            yield Alert(
                f"queue:{snapshot.hall}:{s.code}", snapshot.hall, "queue_over_threshold", WARNING,
                f"{zh}：{s.waiting} 人等候，超过 {limits.queue_length} 人",
                f"{en}: {s.waiting} waiting, over {limits.queue_length}",
                {"service": s.code, "waiting": s.waiting},
            )  # fmt: skip


def _idle_windows(snapshot: HallSnapshot, limits: Thresholds) -> Iterable[Alert]:
    for w in snapshot.windows:
        if w.idle_minutes is None or w.waiting_for_it == 0 or w.idle_minutes < limits.idle_minutes:
            continue
        zh, en = w.label
        yield Alert(
            f"idle:{snapshot.hall}:{w.number}", snapshot.hall, "window_idle", WARNING,
            f"{zh}（{w.number} 号）空闲 {int(w.idle_minutes)} 分钟，有 {w.waiting_for_it} 人在等",
            f"{en} (window {w.number}) idle {int(w.idle_minutes)} min while"
            f" {w.waiting_for_it} wait",
            {"window": w.number, "waiting": w.waiting_for_it},
        )  # fmt: skip


def _faults(snapshot: HallSnapshot) -> Iterable[Alert]:
    for d in snapshot.devices:
        known = FAULTS.get((d.device, d.state))
        if known is None:
            continue
        severity, zh, en = known
        yield Alert(
            f"fault:{snapshot.hall}:{d.kiosk_id}:{d.device}", snapshot.hall, "device_fault",
            severity, f"取号机 {d.kiosk_id}：{zh}", f"Kiosk {d.kiosk_id}: {en}",
            {"kiosk_id": d.kiosk_id, "device": d.device, "state": d.state},
        )  # fmt: skip


def _quiet(snapshot: HallSnapshot, limits: Thresholds) -> Iterable[Alert]:
    for q in snapshot.quiet:
        if q.quiet_minutes is None or q.quiet_minutes < limits.quiet_minutes:
            continue
        zh, en = ROLES.get(q.role, (q.role, q.role))
        minutes = int(q.quiet_minutes)
        yield Alert(
            f"quiet:{snapshot.hall}:{q.token_id}", snapshot.hall, "device_quiet", CRITICAL,
            f"{zh} {q.label}：{minutes} 分钟无响应（离线）",
            f"{en.capitalize()} {q.label}: silent for {minutes} min (offline)",
            {"token_id": q.token_id, "role": q.role, "label": q.label},
        )  # fmt: skip


def _overdue(snapshot: HallSnapshot) -> Iterable[Alert]:
    for o in snapshot.overdue:
        yield Alert(
            f"rectification:{snapshot.hall}:{o.item}", snapshot.hall, "rectification_overdue",
            WARNING, f"差评整改 #{o.item} 已超过期限（{o.deadline[:16]}）",
            f"Bad-review follow-up #{o.item} is past its deadline ({o.deadline[:16]})",
            {"item": o.item, "deadline": o.deadline},
        )  # fmt: skip


def sync_alerts(failing_minutes: float | None, limits: Thresholds) -> list[Alert]:
    """The platform's exchange failing for `failing_minutes` (None: it is not failing)."""
    if failing_minutes is None or failing_minutes < limits.sync_minutes:
        return []
    return [
        Alert(
            "sync:*", DISTRICT, "sync_failing", CRITICAL,
            f"网上预约平台同步失败已 {int(failing_minutes)} 分钟",
            f"The online platform's sync has failed for {int(failing_minutes)} min",
            {"minutes": int(failing_minutes)},
        )
    ]  # fmt: skip


@dataclass(frozen=True)
class Changes:
    raised: list[Alert]
    cleared: list[str]  # keys


def changes(open_keys: Iterable[str], found: Iterable[Alert]) -> Changes:
    """What to raise (found, not open yet) and clear (open, no longer found)."""
    known = set(open_keys)
    now = {alert.key: alert for alert in found}
    return Changes(
        [alert for key, alert in now.items() if key not in known],
        sorted(known - now.keys()),
    )
