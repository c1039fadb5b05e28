"""Which messages a ticket or a booking is owed, per hall: pure functions of its facts and the
hall's `NotifyRules`. Each message has a key that names it once and for all (`ahead:12`), so
deriving it again never queues it twice."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from queue_server.engine.alerts import AlertConfig
from queue_server.engine.evaluation import evaluation_path

AHEAD, CALLED, EVALUATION = "ahead", "called", "evaluation"
REMINDER_DAY, REMINDER_HOUR = "reminder_day", "reminder_hour"
HOUR_BEFORE = timedelta(hours=1)


@dataclass(frozen=True)
class NotifyRules:
    """What one hall sends; `ahead` 0 sends no "people ahead" message."""

    ahead: int = 3
    called: bool = True
    reminder_day_before: bool = True
    reminder_day_before_at: time = time(18, 0)  # local time on the day before the slot
    reminder_hour_before: bool = True
    evaluation: bool = True


@dataclass(frozen=True)
class SenderSettings:
    """How messages leave: `kind` log (the default), sms or webhook."""

    kind: str = "log"
    url: str = ""
    account: str = ""
    password_env: str = "QUEUE_SERVER_SMS_PASSWORD"  # the gateway's password, never in a file
    timeout_seconds: float = 5.0


@dataclass(frozen=True)
class NotifyConfig:
    """The district's `[notify]`: the sender, the public base URL of the phone pages, the
    default rules and each hall's overrides (`[halls.ID.notify]`)."""

    sender: SenderSettings = field(default_factory=SenderSettings)
    public_url: str = ""
    rules: NotifyRules = field(default_factory=NotifyRules)
    halls: dict[str, NotifyRules] = field(default_factory=dict)
    retry_seconds: float = 10.0  # the first back-off after a failed send; it doubles up to 1 h
    alerts: AlertConfig = field(default_factory=AlertConfig)  # `[alerts]`: managers' alerts

    def rules_for(self, hall: str) -> NotifyRules:
        return self.halls.get(hall, self.rules)


@dataclass(frozen=True)
class Draft:
    key: str
    kind: str
    text: str


@dataclass(frozen=True)
class TicketFacts:
    id: int
    token: str
    hall_name: str
    number: str
    service_name: str
    status: str
    ahead: int
    window_label: str | None


@dataclass(frozen=True)
class BookingFacts:
    id: int
    hall_name: str
    service_name: str
    slot_start: datetime  # local, aware


def ticket_drafts(rules: NotifyRules, ticket: TicketFacts, public_url: str) -> list[Draft]:
    """The messages the ticket is owed now (its queued ones are skipped by their keys)."""
    drafts: list[Draft] = []
    head = f"【{ticket.hall_name}】{ticket.number}号（{ticket.service_name}）"
    if rules.ahead and ticket.status == "waiting" and ticket.ahead <= rules.ahead:
        text = f"{head}前面还有 {ticket.ahead} 人，请回到大厅留意叫号。"
        drafts.append(Draft(f"{AHEAD}:{ticket.id}", AHEAD, text))
    if rules.called and ticket.status in ("called", "serving"):
        window = ticket.window_label or "窗口"
        drafts.append(Draft(f"{CALLED}:{ticket.id}", CALLED, f"{head}请到 {window} 办理。"))
    if rules.evaluation and ticket.status == "done" and public_url:
        link = public_url.rstrip("/") + evaluation_path(ticket.token)
        text = f"{head}已办结，欢迎对本次服务作出评价（好差评）：{link}"
        drafts.append(Draft(f"{EVALUATION}:{ticket.id}", EVALUATION, text))
    return drafts


def booking_drafts(rules: NotifyRules, booking: BookingFacts, now: datetime) -> list[Draft]:
    """The reminders a booking is owed at `now`: the day before (from `reminder_day_before_at`
    until an hour before the slot, when the hour's reminder takes over) and an hour before."""
    start = booking.slot_start
    now = now.astimezone(start.tzinfo)
    slot = f"{booking.id}:{start.isoformat()}"  # a rescheduled booking is reminded anew
    head = f"【{booking.hall_name}】您预约了{booking.service_name}"
    hour_from = start - HOUR_BEFORE
    day_from = datetime.combine(
        start.date() - timedelta(days=1), rules.reminder_day_before_at, start.tzinfo
    )
    if rules.reminder_day_before and day_from <= now < hour_from:
        text = f"{head}，时间为明天 {start:%H:%M}，请按时到大厅签到。"
        if now.date() == start.date():
            text = f"{head}，时间为今天 {start:%H:%M}，请按时到大厅签到。"
        return [Draft(f"{REMINDER_DAY}:{slot}", REMINDER_DAY, text)]
    if rules.reminder_hour_before and hour_from <= now < start:
        text = f"{head}，将于 {start:%H:%M} 开始，请提前到大厅签到。"
        return [Draft(f"{REMINDER_HOUR}:{slot}", REMINDER_HOUR, text)]
    return []
