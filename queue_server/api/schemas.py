"""Request bodies (CONTRACT.md). The answers are documented in `answers`."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from queue_server.engine.district import WINDOW_MAX

Device = Literal["printer", "idcard", "scanner"]
DeviceState = Literal["paper_out", "paper_near_end", "cover_open", "offline", "unknown", "ok"]


class Body(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class IdCardIn(Body):
    number: str = Field(min_length=1, max_length=32)
    name: str | None = Field(default=None, max_length=64)
    valid_to: date | None = Field(
        default=None,
        description="The card's expiry as the reader gives it (null: long-term or not read); "
        "only whether it lies before today is kept, as the ticket's `id_expired`.",
    )


class LookupIn(Body):
    id_card: IdCardIn


class TicketIn(Body):
    service: str = Field(min_length=1, max_length=16)
    idempotency_key: str | None = Field(default=None, min_length=1, max_length=128)
    id_card: IdCardIn | None = None
    priority: Literal["normal", "green"] = "normal"
    kiosk_id: str | None = Field(default=None, max_length=64)
    phone: str | None = Field(
        default=None,
        max_length=20,
        description="The citizen's mobile number for notifications, given on request; stored "
        "encrypted, shown only masked (138****1234) and erased when the day closes.",
    )


class PhoneIn(Body):
    phone: str = Field(
        min_length=1,
        max_length=20,
        description="The citizen's mobile number, 11 digits 1[3-9]...; stored encrypted, shown "
        "only masked (138****1234) and erased when the day closes.",
    )


class OfflineTicketIn(Body):
    # The form is the rules' (`engine.handover`), so its refusal names the ticket in the batch.
    number: str = Field(
        min_length=1, max_length=8, description="`{prefix}K{kiosk}{seq:02}`, e.g. `AK101`"
    )
    service: str = Field(min_length=1, max_length=16)
    issued_at: str = Field(min_length=10, max_length=40)
    idempotency_key: str = Field(min_length=1, max_length=128)
    id_card: IdCardIn | None = None
    sealed_id_card: str | None = Field(
        default=None,
        min_length=1,
        max_length=1024,
        description="The ID card sealed to `GET /api/seal-key` (base64), instead of `id_card`.",
    )
    priority: Literal["normal", "green"] = "normal"


class OfflineBatchIn(Body):
    kiosk_id: str = Field(min_length=1, max_length=64)
    tickets: list[OfflineTicketIn] = Field(max_length=2000)


class LoginIn(Body):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class FinishIn(Body):
    outcome: Literal["handled", "consultation", "certificate"] = "handled"


class ReasonIn(Body):
    reason: str | None = Field(default=None, max_length=200)


class PauseIn(Body):
    reason: str = Field(default="暂停服务", min_length=1, max_length=200)


class TransferIn(Body):
    to_service: str | None = Field(default=None, min_length=1, max_length=16)
    to_window: int | None = Field(default=None, ge=1, le=WINDOW_MAX, strict=True)
    reason: str | None = Field(default=None, max_length=200)


class CallIn(Body):
    number: str = Field(min_length=2, max_length=16)
    reason: str = Field(min_length=1, max_length=200)


class FaultIn(Body):
    kiosk_id: str = Field(min_length=1, max_length=64)
    device: Device
    state: DeviceState
    message: str = Field(default="", max_length=500)


class CheckInIn(Body):
    code: str | None = Field(default=None, max_length=128)
    id_card: IdCardIn | None = None
    kiosk_id: str | None = Field(default=None, max_length=64)


class BookingCardIn(Body):
    number: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=64)


class BookingIn(Body):
    external_id: str = Field(min_length=1, max_length=64)
    hall: str = Field(min_length=1, max_length=32)
    service: str = Field(min_length=1, max_length=16)
    slot_start: AwareDatetime = Field(
        description="With its UTC offset, e.g. 2026-12-03T09:30:00+08:00"
    )
    id_card: BookingCardIn
    phone: str | None = Field(
        default=None, max_length=32, description="Only its masked form is kept"
    )


class RescheduleIn(Body):
    slot_start: AwareDatetime
