"""Response bodies, for the OpenAPI description (CONTRACT.md "Objects" and "Endpoints").

The routes answer plain dicts (`deps.ok`) without validating them; these models only document
what is sent. They forbid unlisted fields, so the tests that check real answers against
/openapi.json catch a field added or dropped on one side only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue
from pydantic.json_schema import SkipJsonSchema

from queue_server.api.schemas import Device, DeviceState
from queue_server.config_loader import LEVELS
from queue_server.engine.errors import DailyCapReached, NoOpenWindow, OutsideHours
from queue_server.engine.states import Priority, Source, TicketStatus

Absent = SkipJsonSchema[None]  # a field sent only with some codes, never as null


def one_of(values: Iterable[str]) -> dict[str, JsonValue]:
    """Document a text field's values where they are defined (not copied here)."""
    return {"enum": [*values]}


REFUSALS = one_of(error.default_code for error in (NoOpenWindow, DailyCapReached, OutsideHours))


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Text(Answer):
    """A text a citizen reads, in Chinese and English."""

    zh: str
    en: str


class TransferOrigin(Answer):
    """Where a ticket transferred in came from, and why (`reason` null for devices)."""

    from_window: int | None
    from_window_label: str | None
    from_service: str | None
    reason: str | None


class AppointmentSlot(Answer):
    """The slot an appointment ticket was booked for."""

    slot_start: datetime
    slot_end: datetime


class ListedTicket(Answer):
    """A ticket as lists, windows, boards and events show it: without its public token."""

    id: int
    number: str = Field(examples=["A001"])
    hall: str
    service: str
    service_name: Text
    status: TicketStatus
    priority: Priority
    source: Source
    ahead: int = Field(description="Waiting tickets of the service that dispatch serves first.")
    eta_minutes: int = Field(description="Estimated wait; 0 once called.")
    eta_range: list[int] | None = Field(
        default=None,
        description="[low, high] whole minutes when the estimate is uncertain, else null.",
    )
    window: int | None
    window_label: str | None
    holder: str | None = Field(description="Masked name, e.g. 张*三.")
    id_masked: str | None = Field(description="Masked ID number, e.g. 3201**********1234.")
    phone_masked: str | None = Field(
        default=None,
        description="Masked phone number for notifications, e.g. 138****1234; clerks only "
        "(null for devices and on the public token view); erased when the day closes.",
    )
    id_expired: bool | None = Field(
        description="The holder's ID card had expired when the ticket was issued (the clerk "
        "checks it); null where personal fields are hidden (devices)."
    )
    issued_at: datetime
    arrived_at: datetime = Field(
        description="The original arrival, kept through transfers; for an appointment ticket "
        "its slot start (or the check-in, if later): its wait counts from there."
    )
    called_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    business_day: date
    recall_count: int
    outcome: str | None = Field(
        description="handled, consultation, certificate, no_show, transferred or "
        "closed_at_day_end; null until finished."
    )
    transfer: TransferOrigin | None = Field(
        description="For a ticket transferred in (source transfer): where from and why."
    )
    appointment: AppointmentSlot | None = Field(
        description="For an appointment ticket (priority and source appointment): its slot."
    )


class Ticket(ListedTicket):
    """The citizen's ticket: with its unguessable token and the public status page."""

    token: str
    status_url: str = Field(examples=["/t/<token>"])


class TicketAnswer(Answer):
    """A window action's answer: the ticket it acted on (for a transfer, the new one)."""

    ticket: Ticket


class HeldTickets(Answer):
    """The card holder's active tickets in the hall today (waiting, called, serving)."""

    tickets: list[Ticket]


class PhoneAttached(Answer):
    """The phone kept for the ticket's reminders, masked: the number itself is never answered."""

    phone_masked: str = Field(examples=["138****5678"])


class OfflineAnswer(Answer):
    """The handed-over tickets, in the order sent."""

    tickets: list[Ticket]


class SealKey(Answer):
    """The server's public key that kiosks seal offline tickets' ID cards to."""

    algorithm: Literal["x25519-sealedbox"]
    public_key: str = Field(description="32 bytes, base64 (libsodium sealed box).")


class EvaluationPrompt(Answer):
    """The `evaluation.prompt` event's sequence number and the ticket to be rated."""

    seq: int
    ticket: ListedTicket


class Window(Answer):
    number: int
    label: str
    hall: str
    services: list[str]
    state: Literal["open", "paused", "closed"]
    pause_reason: str | None
    clerk: str | None
    current_ticket: ListedTicket | None


class WindowQueue(Answer):
    service: str
    waiting: int
    longest_wait_minutes: int


class WindowDetail(Window):
    """The window plus the waiting count and longest wait of each service it serves."""

    queues: list[WindowQueue]


class Category(Answer):
    code: str
    zh: str
    en: str


class Unavailable(Answer):
    """Why a service issues no ticket now (the refusal a kiosk would get)."""

    code: str = Field(json_schema_extra=REFUSALS)
    zh: str
    en: str
    daily_cap: int | Absent = None
    opens_at: datetime | Absent = None


class Elsewhere(Answer):
    """Another hall offering the service, much faster now: what the kiosk suggests."""

    hall: str
    name: Text
    address: Text
    eta_minutes: int = Field(description="The damped estimate there for a newcomer.")


class Service(Answer):
    code: str
    name: Text
    category: Category
    prefix: str
    id_required: bool
    appointment_allowed: bool
    expected_minutes: float
    materials: list[Text]
    daily_cap: int | None
    employers_only: bool = Field(
        description="Done for an employer (单位) by its agent: the kiosk asks no green-channel "
        "question."
    )
    windows: list[int] = Field(
        description="The hall's windows that serve it (open or not), by number: where to wait."
    )
    waiting: int
    eta_minutes: int
    eta_range: list[int] | None = Field(
        description="[low, high] whole minutes for a new ticket when uncertain, else null."
    )
    available: bool
    unavailable_reason: Unavailable | None
    elsewhere: Elsewhere | None = Field(
        description="A hall of the district much faster for this service now (damped, from "
        "live queues; thresholds in `[balancing]`), or null."
    )


class Hours(Answer):
    days: str = Field(examples=["mon-fri"])
    open: str = Field(examples=["09:00"])
    close: str = Field(examples=["17:00"])


class HallSummary(Answer):
    id: str
    name: Text
    level: str = Field(json_schema_extra=one_of(LEVELS))
    address: Text
    target_wait_minutes: int
    green_channel: bool
    waiting: int
    eta_minutes: int


class Hall(HallSummary):
    """A hall; `eta_minutes` is the longest service estimate for a newcomer."""

    hours: list[Hours]


class HallOffering(HallSummary):
    """A hall offering the asked service: `waiting`, `available` and the damped `eta_minutes`
    are for it."""

    available: bool
    suggested: bool = Field(
        description="The hall `from` suggests for the service (without `from`: some hall does)."
    )


class Call(Answer):
    number: str
    window: int | None
    window_label: str | None
    service: str
    at: datetime
    recall: bool
    no_show: bool  # the ticket has since been marked a no-show (过号)
    appointment: bool  # an appointment ticket (the board marks it 预约)


class CategoryWaiting(Category):
    waiting: int


class Board(Answer):
    """The display board: today's recent calls (newest first, at most 20), waiting, windows."""

    hall: Hall
    calls: list[Call]
    waiting_by_category: list[CategoryWaiting]
    windows: list[Window]


class Fault(Answer):
    id: int
    hall: str
    kiosk_id: str
    device: Device
    state: DeviceState
    message: str
    at: datetime


class SyncHealth(Answer):
    ok: bool = Field(description="False while the last pull run or refusal left an error")
    last_success: str | None = Field(description="The last pull run that got through (ISO)")
    pending_outcomes: int = Field(description="Outcomes not yet acknowledged by the platform")


class Health(Answer):
    status: Literal["ok"]
    time: datetime
    clock_start: datetime | None = Field(
        description="Where `serve --clock-start` started the clock (training, trials); null "
        "when the server runs on the real time."
    )
    sync: SyncHealth | None = Field(
        description="The exchange with the online platform (`[platform]`); null without one."
    )


class Login(Answer):
    token: str
    role: str
    hall: str = Field(description="The hall the token acts on; `*` for the whole district.")
    window: int | None
    username: str
    expires_at: datetime


class ErrorDetail(Answer):
    """`code` says which refusal (see each answer's codes); `zh`/`en` are shown to people."""

    code: str
    zh: str
    en: str
    fields: list[str] | Absent = Field(None, description="invalid_input: the fields at fault.")
    current_number: str | Absent = Field(None, description="window_busy: the window's ticket.")
    state: str | Absent = Field(None, description="window_paused: paused or closed.")
    existing_number: str | Absent = Field(None, description="duplicate_ticket: the held ticket.")
    daily_cap: int | Absent = Field(None, description="daily_cap_reached: the cap.")
    opens_at: datetime | Absent = Field(
        None, description="outside_hours: the next opening; too_early: when check-in opens."
    )
    reason: str | Absent = Field(
        None, description="invalid_signature: missing, malformed, stale, replayed or mismatch."
    )
    min_days_ahead: int | Absent = Field(None, description="outside_horizon: working days.")
    max_days_ahead: int | Absent = Field(None, description="outside_horizon: working days.")
    until: datetime | Absent = Field(None, description="banned: when the ID may book again.")
    from_: str | Absent = Field(None, alias="from", description="illegal_transition: from.")
    to: str | Absent = Field(None, description="illegal_transition: to.")
    index: int | Absent = Field(
        None, description="offline hand-over: the refused ticket's place in the batch, from 0."
    )
    number: str | Absent = Field(None, description="offline hand-over: the refused ticket.")
    server_time: datetime | Absent = Field(
        None, description="invalid_issued_at: the server's clock, which rules."
    )
    retry_after: int | Absent = Field(
        None, description="too_many_attempts, login_busy: seconds to wait (as Retry-After)."
    )


class ErrorAnswer(Answer):
    """Every error: `{"error": {"code", "zh", "en", ...extra}}`."""

    error: ErrorDetail


class SlotAnswer(Answer):
    """One bookable slot of a service in a hall."""

    date: date
    start: datetime
    end: datetime
    capacity: int
    booked: int
    available: int = Field(
        description="What may still be booked, after the half-day and daily caps."
    )


class Appointment(Answer):
    """A booking; holder, ID number and phone masked only (the raw ones are never stored)."""

    id: int
    external_id: str
    hall: str
    service: str
    slot_start: datetime
    slot_end: datetime
    state: Literal["booked", "checked_in", "served", "cancelled", "no_show"]
    check_in_code: str = Field(description="8 characters (Crockford base32) for the QR code.")
    holder: str | None
    id_masked: str
    phone_masked: str | None
    ticket_id: int | None
    version: int
