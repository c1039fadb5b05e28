"""The refusals of booking and check-in, each with the `code` naming the rule broken.

Part of the `QueueError` tree (engine.errors): BookingRefused and TooEarly are 409 Conflicts,
TooLate and AppointmentEnded 410 (Gone), AppointmentNotFound 404, InvalidCheckInCode 422.
Messages say what the citizen or the platform can do."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from queue_server.engine.errors import Conflict, Invalid, NotFound, QueueError, Unauthorized


class BookingRefused(Conflict):
    """A booking (or cancel, reschedule) a rule refuses; `code` names the rule."""

    def __init__(self, code: str, zh: str, en: str, **extra: Any) -> None:
        super().__init__(zh, en, code=code, extra=extra or None)

    @classmethod
    def outside_horizon(cls, low: int, high: int) -> BookingRefused:
        return cls(
            "outside_horizon",
            f"只能预约 {low} 至 {high} 个工作日内的时段，请另选日期。",
            f"Only slots {low} to {high} working days ahead can be booked; choose another date.",
            min_days_ahead=low,
            max_days_ahead=high,
        )

    @classmethod
    def closed(cls, minutes: int) -> BookingRefused:
        return cls(
            "booking_closed",
            f"该时段开始前 {minutes} 分钟停止预约，请另选时段。",
            f"Booking closes {minutes} minutes before the slot; choose a later slot.",
        )

    @classmethod
    def cancel_closed(cls, minutes: int) -> BookingRefused:
        return cls(
            "cancel_closed",
            f"时段开始前 {minutes} 分钟内不能取消或改约；如不能前来，预约将记为爽约。",
            f"Within {minutes} minutes of the slot a booking can no longer be cancelled or"
            " moved; if the citizen cannot come it counts as a no-show.",
        )

    @classmethod
    def no_such_slot(cls, start: datetime) -> BookingRefused:
        return cls(
            "no_such_slot",
            f"{start:%Y-%m-%d %H:%M} 没有可预约的时段，请按时段列表选择。",
            f"There is no bookable slot starting {start:%Y-%m-%d %H:%M}; pick one from the"
            " slot list (GET .../slots).",
        )

    @classmethod
    def full(cls, code: str, what_zh: str, what_en: str) -> BookingRefused:
        """`code`: slot_full, morning_full, afternoon_full or day_full."""
        return cls(
            code,
            f"{what_zh}预约已满，请另选时段。",
            f"The {what_en} is fully booked; choose another slot.",
        )


class TooEarly(Conflict):
    """Check-in before its window opens (409, with `opens_at`)."""

    default_code = "too_early"

    def __init__(self, opens: datetime) -> None:
        super().__init__(
            f"签到时间未到，{opens:%H:%M} 起可签到；也可现在取普通号排队。",
            f"Check-in opens at {opens:%H:%M}; come back then, or take a walk-in ticket now.",
            extra={"opens_at": opens.isoformat()},
        )


class Gone(QueueError):
    """A booking that can no longer be checked in (410)."""

    http_status: ClassVar[int] = 410
    default_code = "gone"


class TooLate(Gone):
    default_code = "too_late"

    def __init__(self, slot_start: datetime) -> None:
        super().__init__(
            f"已超过预约时段（{slot_start:%H:%M}）的签到时间，请取普通号排队。",
            f"Check-in for the {slot_start:%H:%M} slot has closed; please take a walk-in ticket.",
        )


class AppointmentEnded(Gone):
    """The booking was cancelled or marked no-show: its code has expired."""

    def __init__(self, state: str) -> None:
        super().__init__(
            "该预约已取消或已失效，请取普通号排队。",
            f"This booking is {state.replace('_', '-')}; please take a walk-in ticket.",
            code=f"appointment_{state}",
        )


class AppointmentNotFound(NotFound):
    default_code = "appointment_not_found"

    def __init__(self, zh: str | None = None, en: str | None = None) -> None:
        super().__init__(
            zh or "未找到您今天在本大厅的预约，请取普通号排队或前往人工导引台。",
            en
            or "No booking for today in this hall was found; take a walk-in ticket or ask"
            " at the guidance desk.",
        )


class InvalidCheckInCode(Invalid):
    default_code = "invalid_code"

    def __init__(self) -> None:
        super().__init__(
            "签到码无效：请核对后重新输入（8 位，不含字母 I、L、O、U），或刷身份证签到。",
            "The check-in code is not valid: check and type it again (8 characters, no I, L,"
            " O or U), or swipe your ID card instead.",
        )


class BadSignature(Unauthorized):
    """A platform request whose signature is missing, malformed, stale, replayed or wrong."""

    default_code = "invalid_signature"

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(
            f"平台请求签名无效（{reason}）：{detail}。",
            f"The platform request's signature is not valid ({reason}): {detail}.",
            extra={"reason": reason},
        )
