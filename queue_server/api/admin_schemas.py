"""Request and answer bodies of the administration routes (CONTRACT.md, Administration)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field, JsonValue

from queue_server.api.answers import Answer, Text
from queue_server.api.schemas import Body
from queue_server.engine.district import WINDOW_MAX

DayName = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
HOUR = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


class WindowServicesIn(Body):
    services: list[str] = Field(
        min_length=1, max_length=64, description="Service codes, in preference order."
    )


class WindowStateIn(Body):
    state: Literal["open", "paused", "closed"]
    reason: str | None = Field(default=None, max_length=200)


class NoticeLine(Body):
    zh: str = Field(max_length=200)
    en: str = Field(default="", max_length=200)


class NoticesIn(Body):
    lines: list[NoticeLine] = Field(max_length=5)


class ClerkIn(Body):
    username: str = Field(min_length=2, max_length=32, pattern=r"^[A-Za-z0-9._-]+$")
    password: str = Field(min_length=8, max_length=128)
    window: int | None = Field(default=None, ge=1, le=WINDOW_MAX)


class HoursIn(Body):
    days: list[DayName] = Field(min_length=1, max_length=7)
    open: str = Field(pattern=HOUR)
    close: str = Field(pattern=HOUR)


class HallSettingsIn(Body):
    """Only the fields given change."""

    hours: list[HoursIn] | None = Field(default=None, min_length=1, max_length=7)
    target_wait_minutes: int | None = Field(default=None, ge=1, le=480)
    services: list[str] | None = Field(default=None, max_length=200)


class DailyCapIn(Body):
    daily_cap: int | None = Field(ge=1, le=100000, description="null: no cap.")


# --- answers --------------------------------------------------------------------------------


class Notices(Answer):
    hall: str
    lines: list[Text]


class Account(Answer):
    username: str
    role: str
    hall: str
    window: int | None
    disabled: bool


class DeviceToken(Answer):
    """A device token's record (never the token itself)."""

    id: str
    role: str
    hall: str
    window: int | None
    label: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    state: Literal["active", "expired", "revoked"]


class HoursSetting(Answer):
    days: list[DayName]
    open: str
    close: str


class HallSettings(Answer):
    hours: list[HoursSetting]
    target_wait_minutes: int
    services: list[str]


class HallSettingsListed(HallSettings):
    id: str
    name: Text


class ServiceCap(Answer):
    code: str
    daily_cap: int | None


class ServiceSettings(ServiceCap):
    name: Text


class DistrictSettings(Answer):
    halls: list[HallSettingsListed]
    services: list[ServiceSettings]


class AuditEntry(Answer):
    """One administrative change: who, when, what, before and after (no personal data)."""

    id: int
    at: datetime
    actor: str
    role: str
    hall: str | None
    action: str
    target: str
    before: JsonValue
    after: JsonValue
