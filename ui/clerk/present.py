"""What the console shows, as plain text (pure: no Qt), so it can be tested on its own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from queue_server.client.models import QueueLength, Service, Text, Ticket, default_label
from queue_server.engine.privacy import mask_name
from ui.clerk.state import ConsoleState

STATUS_TEXT: dict[str, tuple[str, str]] = {
    "waiting": ("等候中", "Waiting"),
    "called": ("已叫号，等待到窗", "Called, coming to the window"),
    "serving": ("办理中", "Serving"),
    "done": ("已办结", "Done"),
    "no_show": ("已过号", "No-show"),
    "transferred": ("已转移", "Transferred"),
    "cancelled": ("已取消", "Cancelled"),
}

PRIORITY_TEXT: dict[str, tuple[str, str]] = {
    "green": ("绿色通道", "Priority"),
    "appointment": ("预约", "Appointment"),
}


@dataclass(frozen=True)
class TicketView:
    number: str
    service: str  # "户口迁移 Household registration transfer"
    status: str
    holder: str  # masked name or ""
    tags: str  # priority / appointment / recall count
    waited: str  # "已等候 12 分钟 · Waited 12 min"
    materials: tuple[str, ...]


def minutes_between(start: datetime | None, end: datetime | None, now: datetime) -> int | None:
    """Whole minutes from `start` to `end` (or to `now` when `end` is missing)."""
    if start is None:
        return None
    begin, finish = start, end or now
    if finish.tzinfo is None or begin.tzinfo is None:
        finish, begin = finish.replace(tzinfo=None), begin.replace(tzinfo=None)
    return max(0, int((finish - begin).total_seconds() // 60))


def waited_text(ticket: Ticket, now: datetime) -> str:
    """How long the citizen waited: from arrival to the call (or until now if not called yet)."""
    minutes = minutes_between(ticket.arrived_at, ticket.called_at, now)
    if minutes is None:
        return ""
    return f"已等候 {minutes} 分钟 · Waited {minutes} min"


def bilingual(text: Text | None, fallback: str = "") -> str:
    """Chinese, then English; once when both say the same (a text sent in Chinese only)."""
    if text is None or not (text.zh or text.en):
        return fallback
    return text.zh if text.zh == text.en else f"{text.zh} {text.en}".strip()


def appointment_text(ticket: Ticket) -> str:
    """The appointment slot when the server sends one, else whether it is an appointment."""
    slot = ticket.appointment
    if slot is None:
        return "预约 Appointment" if ticket.priority == "appointment" else ""
    start, until = slot.start, f"–{slot.end:%H:%M}" if slot.end else ""
    shown = f"预约 {start:%H:%M}{until} · Appointment {start:%H:%M}{until}"
    timing = check_in_timing(ticket)
    return f"{shown}  ·  {timing}" if timing else shown


def check_in_timing(ticket: Ticket) -> str:
    """Whether the citizen checked in early or late (whole minutes against the slot start):
    an appointment ticket is issued at check-in, so its issue time is the check-in's."""
    slot = ticket.appointment
    try:
        checked_in = datetime.fromisoformat(ticket.issued_at) if ticket.issued_at else None
    except ValueError:
        checked_in = None
    if slot is None or checked_in is None or checked_in.tzinfo is None:
        return ""
    minutes = round((checked_in - slot.start).total_seconds() / 60)  # nearest: 20 s is on time
    if minutes < 0:
        return f"提前 {-minutes} 分钟签到 · Checked in {-minutes} min early"
    if minutes > 0:
        return f"迟到 {minutes} 分钟签到 · Checked in {minutes} min late"
    return "准时签到 · Checked in on time"


OFFLINE_MARK = "离线取号 Issued offline"  # the kiosk printed it while the server was down


def tags_text(ticket: Ticket) -> str:
    parts = [OFFLINE_MARK] if ticket.source == "offline" else []
    appointment = appointment_text(ticket)
    if appointment:
        parts.append(appointment)
    elif ticket.priority in PRIORITY_TEXT:
        zh, en = PRIORITY_TEXT[ticket.priority]
        parts.append(f"{zh} {en}")
    if ticket.source == "transfer":
        parts.append(transfer_text(ticket))
    if ticket.recall_count:
        count = ticket.recall_count
        parts.append(f"已重呼 {count} 次 · Recalled {count}×")
    return "  ·  ".join(parts)


def transfer_text(ticket: Ticket) -> str:
    """Where a transferred ticket came from and why: 自1号窗口转入（原因：…） · Transferred …."""
    origin = ticket.transfer
    if origin is None or origin.from_window is None:
        return "转入 Transferred in"
    label = origin.from_window_label or f"{origin.from_window}号窗口"
    reason = f"，原因：{origin.reason}" if origin.reason else ""
    english = f"Transferred from window {origin.from_window}"
    return f"自{label}转入{reason} · {english}" + (f": {origin.reason}" if origin.reason else "")


def found_text(ticket: Ticket) -> str:
    """A search result: number, service, state (and where), arrival, tags."""
    zh, en = STATUS_TEXT.get(ticket.status, (ticket.status, ""))
    where = f" · {ticket.window_label.zh}" if ticket.window_label else ""
    arrived = f"到达 Arrived {ticket.arrived_at:%H:%M}" if ticket.arrived_at else ""
    parts = [ticket.number, bilingual(ticket.service_name, ticket.service),
             f"{zh} {en}{where}", arrived, tags_text(ticket)]  # fmt: skip
    return "   ".join(part for part in parts if part)


def materials_for(service: str, services: dict[str, Service]) -> tuple[str, ...]:
    """The required materials (一次告知) of a service, one bilingual line each."""
    info = services.get(service)
    return tuple(bilingual(item) for item in info.materials) if info else ()


def ticket_view(ticket: Ticket, services: dict[str, Service], now: datetime) -> TicketView:
    zh, en = STATUS_TEXT.get(ticket.status, (ticket.status, ""))
    return TicketView(
        number=ticket.number,
        service=bilingual(ticket.service_name, ticket.service),
        status=f"{zh} {en}".strip(),
        holder=f"姓名 Name: {mask_name(ticket.holder)}" if ticket.holder else "",
        tags=tags_text(ticket),
        waited=waited_text(ticket, now),
        materials=materials_for(ticket.service, services),
    )


def service_name(code: str, services: dict[str, Service]) -> str:
    info = services.get(code)
    return bilingual(info.name, code) if info else code


def queue_rows(
    queues: Sequence[QueueLength], services: dict[str, Service]
) -> list[tuple[str, int, int | str]]:
    """(service name, waiting, longest wait) rows for the window's services."""
    return [
        (service_name(q.service, services), q.waiting, q.longest_wait_minutes if q.waiting else "—")
        for q in queues
    ]


def queue_summary(queues: Sequence[QueueLength]) -> str:
    total = sum(q.waiting for q in queues)
    longest = max((q.longest_wait_minutes for q in queues), default=0)
    return f"共 {total} 人等候 · 最长 {longest} 分钟    {total} waiting · longest {longest} min"


def window_title(state: ConsoleState, username: str | None) -> str:
    number = state.number
    if number is None:
        return ""
    label = state.window.label if state.window else default_label(number)
    return f"{label.zh} · Window {number}    办理人员 Clerk: {username or ''}"


def pause_text(state: ConsoleState) -> str:
    """The paused banner: empty while the window is open (or none is chosen)."""
    if state.number is None or state.window_state == "open":
        return ""
    if state.window_state == "closed":
        return "窗口未开放 · Window closed"
    reason = (state.window.pause_reason if state.window else None) or ""
    return f"暂停服务 · Paused    {reason}".rstrip()
