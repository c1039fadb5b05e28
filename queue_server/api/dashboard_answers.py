"""The dashboard routes' answers, for the OpenAPI description (as `answers`: documentation
only, unlisted fields forbidden so the contract tests catch a drift)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field, JsonValue

from queue_server.api.answers import Answer, Text, Window, one_of
from queue_server.api.schemas import Device, DeviceState

KINDS = one_of(("wait_over_target", "queue_over_threshold", "window_idle", "device_fault",
                "device_quiet", "rectification_overdue", "sync_failing"))  # fmt: skip


class Alert(Answer):
    key: str
    hall: str  # or "*": the district's
    kind: str = Field(json_schema_extra=KINDS)
    severity: Literal["critical", "warning"]
    zh: str
    en: str
    data: dict[str, JsonValue]
    raised_at: datetime


class WindowCounts(Answer):
    open: int
    paused: int
    closed: int


class AppointmentsToday(Answer):
    booked: int
    checked_in: int
    no_shows: int


class Presence(Answer):
    """A kiosk or display token, and when it was last heard from (null: never)."""

    token_id: str
    role: Literal["kiosk", "display"]
    label: str
    last_seen: datetime | None
    quiet_minutes: int | None


class HallFigures(Answer):
    """What the overview and the hall view both tell of a hall."""

    hall: str
    name: Text
    waiting: int
    longest_wait_minutes: int
    window_counts: WindowCounts
    appointments: AppointmentsToday
    alerts: list[Alert]  # the hall's open alerts and the district's


class HallSummary(HallFigures):
    bad_reviews_open: int
    quiet_devices: list[Presence]


class DistrictDashboard(Answer):
    halls: list[HallSummary]
    alerts: list[Alert]


class ServiceQueue(Answer):
    service: str
    name: Text
    waiting: int
    longest_wait_minutes: int
    target_minutes: int


class DashWindow(Window):
    label_en: str
    idle_minutes: int | None  # open and free: minutes since its last change
    paused_minutes: int | None
    waiting_for_it: int  # people waiting for its services


class KioskDevices(Answer):
    kiosk_id: str
    devices: dict[Device, DeviceState]  # each device's latest report today
    at: datetime


class Overdue(Answer):
    id: int
    deadline: date


class OpenRectifications(Answer):
    open: int
    overdue: list[Overdue]


class HourRow(Answer):
    hour: int
    arrivals: int
    mean_wait_minutes: float | None


class QueuePoint(Answer):
    at: str  # HH:MM, the hall's time
    minute: int  # since the chart's first point
    waiting: int
    serving: int


class StaffingHour(Answer):
    hour: int
    projected: bool  # the hour under way or to come: at the mean rate so far
    arrivals_per_hour: float
    windows: int  # Erlang C's windows for the hall's target


class ServiceStaffing(Answer):
    service: str
    name: Text
    mean_service_minutes: float
    hours: list[StaffingHour]


class HallStaffingHour(Answer):
    hour: int
    projected: bool
    needed: int  # the services' windows summed
    at_work: int | None  # the most windows at work at a quarter hour (None: not reached)


class Staffing(Answer):
    target_wait_minutes: float
    target_share: float
    services: list[ServiceStaffing]
    hours: list[HallStaffingHour]


class Charts(Answer):
    by_hour: list[HourRow]
    queue: list[QueuePoint]
    staffing: Staffing


class HallDashboard(HallFigures):
    rectifications: OpenRectifications
    services: list[ServiceQueue]
    windows: list[DashWindow]
    kiosks: list[KioskDevices]
    devices: list[Presence]
    charts: Charts
