"""Every error the queue server raises, in one tree.

Each error carries a machine ``code`` (see ``queue_server/api/CONTRACT.md``), a Chinese and an
English message (``zh``, ``en``) and an ``http_status`` hint, so the API layer can answer
``{"error": {"code", "zh", "en", **extra}}`` without knowing the individual errors::

    QueueError
    ├── NotFound (404)        UnknownHall, UnknownService, UnknownWindow, UnknownTicket
    ├── Conflict (409)        IllegalTransition, DuplicateTicket, DailyCapReached, NoOpenWindow,
    │                         OutsideHours, NobodyWaiting, UndoExpired
    ├── Invalid (422)         IdCardRequired, InvalidIdNumber
    ├── Unauthorized (401)    TokenExpired
    ├── Forbidden (403)
    ├── Unavailable (501)
    └── ConfigError (500)     a bad district file: names the file, the key and the value

Booking and check-in refusals (BookingRefused 409, TooEarly 409, TooLate and AppointmentEnded
410, AppointmentNotFound 404, InvalidCheckInCode 422, BadSignature 401) are in
``engine.appointment_errors``, in this tree.

Messages never contain a raw ID number or name.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar


class QueueError(Exception):
    """Base of every queue-server error: a code plus a bilingual, human message."""

    http_status: ClassVar[int] = 500
    default_code: ClassVar[str] = "queue_error"

    def __init__(
        self,
        zh: str,
        en: str,
        *,
        code: str | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        self.code: str = code or self.default_code
        self.zh: str = zh
        self.en: str = en
        self.extra: dict[str, Any] = dict(extra or {})
        super().__init__(f"{self.code}: {en}")

    def to_dict(self) -> dict[str, Any]:
        """The body of an error answer: ``{"code", "zh", "en", **extra}``."""
        return {"code": self.code, "zh": self.zh, "en": self.en, **self.extra}


# --- 404 ------------------------------------------------------------------------------------


class NotFound(QueueError):
    http_status = 404
    default_code = "not_found"


class UnknownHall(NotFound):
    default_code = "unknown_hall"

    def __init__(self, hall: str) -> None:
        self.hall = hall
        super().__init__(f"没有编号为 {hall!r} 的大厅", f"There is no hall {hall!r}")


class UnknownService(NotFound):
    default_code = "unknown_service"

    def __init__(self, service: str, hall: str | None = None) -> None:
        self.service = service
        self.hall = hall
        if hall is None:
            super().__init__(f"没有编号为 {service!r} 的事项", f"There is no service {service!r}")
        else:
            super().__init__(
                f"大厅 {hall!r} 不办理事项 {service!r}",
                f"Hall {hall!r} does not offer service {service!r}",
            )


class UnknownWindow(NotFound):
    default_code = "unknown_window"

    def __init__(self, hall: str, window: int | str) -> None:
        self.hall = hall
        self.window = window
        super().__init__(
            f"大厅 {hall!r} 没有 {window} 号窗口", f"Hall {hall!r} has no window {window}"
        )


class UnknownTicket(NotFound):
    default_code = "unknown_ticket"

    def __init__(self, ticket: int | str) -> None:
        self.ticket = ticket
        super().__init__("找不到该号票", f"No such ticket: {ticket}")


# --- 409 ------------------------------------------------------------------------------------


class Conflict(QueueError):
    http_status = 409
    default_code = "conflict"


class IllegalTransition(Conflict):
    default_code = "illegal_transition"

    def __init__(self, current: str, target: str, number: str | None = None) -> None:
        self.current = current
        self.target = target
        self.number = number
        what_zh = f"号票 {number} " if number else "号票"
        what_en = f"ticket {number}" if number else "the ticket"
        super().__init__(
            f"{what_zh}当前状态为“{_STATUS_ZH.get(current, current)}”，"
            f"不能改为“{_STATUS_ZH.get(target, target)}”",
            f"Cannot change {what_en} from {current!r} to {target!r}",
            extra={"from": current, "to": target},
        )


class NotWaiting(Conflict):
    """Only a waiting ticket takes a phone for its reminders: later ones would come too late."""

    default_code = "not_waiting"

    def __init__(self, status: str) -> None:
        super().__init__(
            f"号票当前状态为“{_STATUS_ZH.get(status, status)}”，已不能设置短信提醒。",
            f"The ticket is {status!r}, no longer waiting: SMS reminders cannot be set.",
        )


class UndoExpired(Conflict):
    """A no-show may be taken back only for a short while after it was marked."""

    default_code = "undo_expired"

    def __init__(self, number: str, seconds: int) -> None:
        self.number = number
        super().__init__(
            f"{number} 号过号已超过 {seconds} 秒，不能撤销；请用“指定叫号”重新叫号。",
            f"Ticket {number} was marked a no-show more than {seconds} s ago and cannot be "
            "taken back; call it again with 'Call a ticket'.",
            extra={"seconds": seconds},
        )


class DuplicateTicket(Conflict):
    default_code = "duplicate_ticket"

    def __init__(self, service: str, existing_number: str | None = None) -> None:
        self.service = service
        self.existing_number = existing_number
        held_zh = f"（{existing_number} 号）" if existing_number else ""
        held_en = f" ({existing_number})" if existing_number else ""
        super().__init__(
            f"请勿重复取号：您已有一张该事项的等候号票{held_zh}，请留意叫号。",
            f"You already hold a waiting ticket for this service{held_en}; "
            "please wait for it to be called.",
            extra={"existing_number": existing_number} if existing_number else None,
        )


class DailyCapReached(Conflict):
    default_code = "daily_cap_reached"

    def __init__(self, service: str, cap: int) -> None:
        self.service = service
        self.cap = cap
        super().__init__(
            f"该事项今日号源（{cap} 个）已取完，请改日办理或网上预约。",
            f"Today's {cap} tickets for this service have all been issued; "
            "please come back another day or book online.",
            extra={"daily_cap": cap},
        )


class NoOpenWindow(Conflict):
    default_code = "no_open_window"

    def __init__(self, service: str, hall: str | None = None) -> None:
        self.service = service
        self.hall = hall
        super().__init__(
            "该事项暂无开放窗口，请前往人工导引台咨询。",
            "No window is open for this service right now; please ask at the guidance desk.",
        )


class OutsideHours(Conflict):
    default_code = "outside_hours"

    def __init__(self, hall: str, opens_at: datetime | None = None) -> None:
        self.hall = hall
        self.opens_at = opens_at
        if opens_at is None:
            zh, en = "现在不是办公时间。", "The hall is closed now."
        else:
            when = opens_at.strftime("%m-%d %H:%M")
            zh = f"现在不是办公时间，下次开放时间：{when}。"
            en = f"The hall is closed now; it opens again at {when}."
        extra = {"opens_at": opens_at.isoformat()} if opens_at else None
        super().__init__(zh, en, extra=extra)


class NobodyWaiting(Conflict):
    default_code = "nobody_waiting"

    def __init__(self, hall: str, window: int) -> None:
        self.hall = hall
        self.window = window
        super().__init__("当前没有等候的号票。", "Nobody is waiting for this window.")


# --- 422 ------------------------------------------------------------------------------------


class Invalid(QueueError):
    http_status = 422
    default_code = "invalid"


class IdCardRequired(Invalid):
    default_code = "id_card_required"

    def __init__(self, service: str) -> None:
        self.service = service
        super().__init__(
            "办理该事项需要身份证，请刷身份证取号。",
            "This service needs an ID card; please use your ID card to take a ticket.",
        )


class InvalidIdNumber(Invalid):
    """The ID number is malformed or its check digit is wrong (the number itself is not kept)."""

    default_code = "invalid_id_number"

    def __init__(self) -> None:
        super().__init__(
            "身份证号码无效，请核对后重试或前往人工导引台。",
            "The ID number is not valid; please check it or ask at the guidance desk.",
        )


# --- auth and availability ------------------------------------------------------------------


class Unauthorized(QueueError):
    http_status = 401
    default_code = "unauthorized"


class TokenExpired(Unauthorized):
    default_code = "token_expired"

    def __init__(self) -> None:
        super().__init__(
            "登录已过期，请重新登录。", "Your session has expired; please sign in again."
        )


class Forbidden(QueueError):
    http_status = 403
    default_code = "forbidden"


class Unavailable(QueueError):
    http_status = 501
    default_code = "unavailable"


# --- configuration --------------------------------------------------------------------------


class ConfigError(QueueError):
    """A bad district configuration: ``"<file>: <key>: <problem naming the value>"``."""

    default_code = "config_error"

    def __init__(self, source: str, key: str, problem: str) -> None:
        self.source = source
        self.key = key
        self.problem = problem
        where = f"{source}: {key}" if key else source
        super().__init__(f"配置错误 {where}: {problem}", f"{where}: {problem}")

    def __str__(self) -> str:
        return self.en


_STATUS_ZH = {
    "waiting": "等候中",
    "called": "已叫号",
    "serving": "办理中",
    "done": "已办结",
    "no_show": "过号",
    "cancelled": "已取消",
    "transferred": "已转移",
}
