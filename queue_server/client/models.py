"""Halls, services, tickets and windows as typed values, parsed from the contract's JSON (pure).

Every `from_json` raises BadAnswer naming the object and the field it cannot read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from queue_server.client.errors import BadAnswer
from queue_server.client.fields import (
    eta_range_of,
    optional_int,
    optional_object,
    optional_time,
    parse,
)


@dataclass(frozen=True)
class Text:
    """A text a citizen reads: Chinese first, English second."""

    zh: str
    en: str

    def pick(self, language: str) -> str:
        return self.zh if language == "zh" else self.en

    @classmethod
    def of(cls, raw: Any, where: str = "text") -> Text:
        if isinstance(raw, dict) and "zh" in raw:
            return cls(str(raw["zh"]), str(raw.get("en") or raw["zh"]))
        if isinstance(raw, str):
            return cls(raw, raw)
        raise BadAnswer(f"{where}: expected {{'zh', 'en'}}, got {raw!r}")


@dataclass(frozen=True)
class Category:
    code: str
    name: Text


@dataclass(frozen=True)
class Service:
    code: str
    name: Text
    category: Category
    prefix: str
    id_required: bool
    appointment_allowed: bool
    expected_minutes: float
    materials: tuple[Text, ...]
    waiting: int
    eta_minutes: int
    available: bool
    unavailable_reason: Text | None = None
    unavailable_code: str | None = None
    opens_at: datetime | None = None  # outside_hours: the next opening
    employers_only: bool = False  # done for a 单位 by its agent: no green-channel question
    windows: tuple[int, ...] = ()  # the hall's windows that serve it: where to wait
    eta_range: tuple[int, int] | None = None  # [low, high] when the estimate is uncertain
    elsewhere: Elsewhere | None = None  # a much faster hall offering it (the server decides)

    @classmethod
    def from_json(cls, raw: Any) -> Service:
        return parse("service", raw, cls._from_dict)

    @classmethod
    def _from_dict(cls, raw: dict[str, Any]) -> Service:
        reason = raw.get("unavailable_reason")
        cat = raw["category"]
        return cls(
            code=str(raw["code"]),
            name=Text.of(raw["name"], "service name"),
            category=Category(str(cat["code"]), Text.of(cat, "category")),
            prefix=str(raw["prefix"]),
            id_required=bool(raw.get("id_required", False)),
            appointment_allowed=bool(raw.get("appointment_allowed", False)),
            expected_minutes=float(raw.get("expected_minutes", 10)),
            materials=tuple(Text.of(m, "material") for m in raw.get("materials", [])),
            waiting=int(raw.get("waiting", 0)),
            eta_minutes=int(raw.get("eta_minutes", 0)),
            available=bool(raw.get("available", True)),
            unavailable_reason=Text.of(reason, "reason") if reason else None,
            unavailable_code=str(reason.get("code")) if isinstance(reason, dict) else None,
            opens_at=optional_time(reason, "opens_at", "unavailable_reason.")
            if isinstance(reason, dict)
            else None,
            employers_only=bool(raw.get("employers_only", False)),
            windows=tuple(int(number) for number in raw.get("windows", [])),
            eta_range=eta_range_of(raw.get("eta_range")),
            elsewhere=Elsewhere.of(raw.get("elsewhere")),
        )


@dataclass(frozen=True)
class Elsewhere:
    """Another hall offering a service with a much shorter wait (a suggestion, never a block)."""

    hall: str
    name: Text
    address: Text
    eta_minutes: int

    @classmethod
    def of(cls, raw: Any) -> Elsewhere | None:
        raw = optional_object(raw, "elsewhere")
        if raw is None:
            return None
        name, address = Text.of(raw["name"], "elsewhere name"), raw.get("address") or ""
        return cls(str(raw["hall"]), name, Text.of(address, "elsewhere address"),
                   int(raw["eta_minutes"]))  # fmt: skip


@dataclass(frozen=True)
class Hall:
    id: str
    name: Text
    address: Text
    target_wait_minutes: int
    green_channel: bool
    waiting: int
    eta_minutes: int
    notices: tuple[Text, ...] = ()  # the hall's notice lines (a manager sets them)

    @classmethod
    def from_json(cls, raw: Any) -> Hall:
        return parse("hall", raw, cls._from_dict)

    @classmethod
    def _from_dict(cls, raw: dict[str, Any]) -> Hall:
        return cls(
            id=str(raw["id"]),
            name=Text.of(raw["name"], "hall name"),
            address=Text.of(raw.get("address") or "", "hall address"),
            target_wait_minutes=int(raw.get("target_wait_minutes", 30)),
            green_channel=bool(raw.get("green_channel", False)),
            waiting=int(raw.get("waiting", 0)),
            eta_minutes=int(raw.get("eta_minutes", 0)),
            notices=tuple(Text.of(line, "notice") for line in raw.get("notices") or ()),
        )


@dataclass(frozen=True)
class AppointmentSlot:
    """The slot an appointment ticket was booked for."""

    start: datetime
    end: datetime | None = None

    @classmethod
    def of(cls, raw: Any) -> AppointmentSlot | None:
        """From a ticket's `appointment` ({"slot_start", "slot_end"}); None without a start."""
        raw = optional_object(raw, "appointment")
        if raw is None:
            return None
        start = optional_time(raw, "slot_start", "appointment.")
        return cls(start, optional_time(raw, "slot_end", "appointment.")) if start else None


@dataclass(frozen=True)
class TransferOrigin:
    """Where a ticket transferred in came from and why (`reason` None: none given, or hidden)."""

    from_window: int | None
    from_window_label: str | None
    from_service: str | None
    reason: str | None

    @classmethod
    def of(cls, raw: Any) -> TransferOrigin | None:
        raw = optional_object(raw, "transfer")
        if raw is None:
            return None
        label, service, reason = (raw.get(key) for key in ("from_window_label", "from_service",
                                                            "reason"))  # fmt: skip
        return cls(
            from_window=optional_int(raw.get("from_window")),
            from_window_label=None if label is None else str(label),
            from_service=None if service is None else str(service),
            reason=None if reason is None else str(reason),
        )


@dataclass(frozen=True)
class Fault:
    """A device's report (`device.fault`, GET .../devices/faults): `state` "ok" when it works."""

    kiosk_id: str
    device: str
    state: str
    message: str
    at: str

    @classmethod
    def from_json(cls, raw: Any) -> Fault:
        return parse("fault", raw, cls._from_dict)

    @classmethod
    def _from_dict(cls, raw: dict[str, Any]) -> Fault:
        return cls(
            kiosk_id=str(raw["kiosk_id"]),
            device=str(raw["device"]),
            state=str(raw["state"]),
            message=str(raw.get("message") or ""),
            at=str(raw.get("at") or ""),
        )


@dataclass(frozen=True)
class Ticket:
    number: str
    service: str
    service_name: Text
    hall: str
    status: str
    ahead: int
    eta_minutes: int
    token: str | None  # None for a ticket issued offline and not yet handed over
    window_label: Text | None = None
    priority: str = "normal"
    holder: str | None = None
    id_masked: str | None = None
    issued_at: str = ""
    offline: bool = False
    window: int | None = None  # the window that called it
    source: str = "walk_in"  # walk_in | appointment | transfer | offline
    arrived_at: datetime | None = None  # the original arrival, kept through transfers
    called_at: datetime | None = None
    recall_count: int = 0
    appointment: AppointmentSlot | None = None  # sent with appointment tickets
    transfer: TransferOrigin | None = None  # sent with tickets transferred in
    id_expired: bool = False  # the holder's ID card had expired at issue (the clerk checks it)
    eta_range: tuple[int, int] | None = None  # [low, high] when the estimate is uncertain
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def from_json(cls, raw: Any) -> Ticket:
        return parse("ticket", raw, cls._from_dict)

    @classmethod
    def _from_dict(cls, raw: dict[str, Any]) -> Ticket:
        label = raw.get("window_label")
        return cls(
            number=str(raw["number"]),
            service=str(raw.get("service", "")),
            service_name=Text.of(raw.get("service_name") or raw.get("service", ""), "name"),
            hall=str(raw.get("hall", "")),
            status=str(raw.get("status", "waiting")),
            ahead=int(raw.get("ahead") or 0),
            eta_minutes=int(raw.get("eta_minutes") or 0),
            token=raw.get("token"),
            window_label=Text.of(label, "window label") if label else None,
            priority=str(raw.get("priority") or "normal"),
            holder=raw.get("holder"),
            id_masked=raw.get("id_masked"),
            issued_at=str(raw.get("issued_at") or ""),
            offline=raw.get("source") == "offline" and not raw.get("token"),
            window=optional_int(raw.get("window")),
            source=str(raw.get("source") or "walk_in"),
            arrived_at=optional_time(raw, "arrived_at"),
            called_at=optional_time(raw, "called_at"),
            recall_count=int(raw.get("recall_count") or 0),
            appointment=AppointmentSlot.of(raw.get("appointment")),
            transfer=TransferOrigin.of(raw.get("transfer")),
            id_expired=bool(raw.get("id_expired")),
            eta_range=eta_range_of(raw.get("eta_range")),
        )


@dataclass(frozen=True)
class QueueLength:
    """One service's queue as a window sees it."""

    service: str
    waiting: int
    longest_wait_minutes: int


@dataclass(frozen=True)
class Window:
    number: int
    label: Text
    hall: str
    services: tuple[str, ...]
    state: str  # open | paused | closed
    pause_reason: str | None
    clerk: str | None
    current_ticket: Ticket | None
    queues: tuple[QueueLength, ...] = ()  # only GET .../windows/{n} sends them

    @classmethod
    def from_json(cls, raw: Any) -> Window:
        return parse("window", raw, cls._from_dict)

    @classmethod
    def _from_dict(cls, raw: dict[str, Any]) -> Window:
        current, label, number = raw.get("current_ticket"), raw.get("label"), int(raw["number"])
        return cls(
            number=number,
            label=Text.of(label, "window label") if label else default_label(number),
            hall=str(raw.get("hall", "")),
            services=tuple(str(code) for code in raw.get("services", [])),
            state=str(raw["state"]),
            pause_reason=raw.get("pause_reason"),
            clerk=raw.get("clerk"),
            current_ticket=Ticket.from_json(current) if current else None,
            queues=tuple(
                QueueLength(
                    str(q["service"]), int(q["waiting"]), int(q.get("longest_wait_minutes") or 0)
                )
                for q in raw.get("queues", [])
            ),  # fmt: skip
        )


def default_label(number: int) -> Text:
    """What a window is called when the server sends no label."""
    return Text.of(f"{number}号窗口")


@dataclass(frozen=True)
class Login:
    """A login's answer: the token and what it is bound to (`hall` "*" = the whole district)."""

    token: str
    username: str | None
    role: str
    hall: str | None
    window: int | None
    expires_at: datetime | None

    @classmethod
    def from_json(cls, raw: Any) -> Login:
        return parse("login", raw, cls._from_dict)

    @classmethod
    def _from_dict(cls, raw: dict[str, Any]) -> Login:
        username, hall = raw.get("username"), raw.get("hall")
        return cls(
            token=str(raw["token"]),
            username=None if username is None else str(username),
            role=str(raw.get("role") or ""),
            hall=None if hall is None else str(hall),
            window=optional_int(raw.get("window")),
            expires_at=optional_time(raw, "expires_at"),
        )


SEAL_ALGORITHM = "x25519-sealedbox"


@dataclass(frozen=True)
class SealKey:
    """The server's public key that a kiosk seals offline tickets' ID cards to (base64)."""

    algorithm: str
    public_key: str

    @classmethod
    def from_json(cls, raw: Any) -> SealKey:
        key = parse("seal key", raw, lambda r: cls(str(r["algorithm"]), str(r["public_key"])))
        if key.algorithm != SEAL_ALGORITHM:
            raise BadAnswer(f"seal key: algorithm {key.algorithm!r}, expected {SEAL_ALGORITHM}")
        return key


@dataclass(frozen=True)
class IdentityCard:
    """An ID read from a card, a QR code or the keypad; held in memory only, never stored."""

    number: str
    name: str = ""
    valid_to: date | None = None  # the card's expiry as read; None: long-term or not known

    def as_json(self) -> dict[str, str]:
        shown = {"number": self.number, "name": self.name}
        if self.valid_to is not None:
            shown["valid_to"] = self.valid_to.isoformat()
        return shown

    def expired_on(self, today: date) -> bool:
        """True when the card ran out before `today` (a long-term card never does)."""
        return self.valid_to is not None and self.valid_to < today

    def __repr__(self) -> str:  # never let a raw number reach a log line
        return "IdentityCard(<hidden>)"
