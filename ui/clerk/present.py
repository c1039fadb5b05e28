"""What the console shows, as plain text (pure: no Qt), so it can be tested on its own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from queue_server.engine.privacy import mask_name

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


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def minutes_between(start: str | None, end: str | None, now: datetime) -> int | None:
    """Whole minutes from `start` to `end` (or to `now` when `end` is missing)."""
    begin = parse_time(start)
    if begin is None:
        return None
    finish = parse_time(end) or now
    if finish.tzinfo is None or begin.tzinfo is None:
        finish, begin = finish.replace(tzinfo=None), begin.replace(tzinfo=None)
    return max(0, int((finish - begin).total_seconds() // 60))


def waited_text(ticket: dict, now: datetime) -> str:
    """How long the citizen waited: from arrival to the call (or until now if not called yet)."""
    minutes = minutes_between(ticket.get("arrived_at"), ticket.get("called_at"), now)
    if minutes is None:
        return ""
    return f"已等候 {minutes} 分钟 · Waited {minutes} min"


def bilingual(text: dict | None, fallback: str = "") -> str:
    if not text:
        return fallback
    return f"{text.get('zh', '')} {text.get('en', '')}".strip()


def appointment_text(ticket: dict) -> str:
    """The appointment slot when the server sends one (`appointment.slot_start/slot_end`)."""
    slot = ticket.get("appointment") or {}
    start, end = parse_time(slot.get("slot_start")), parse_time(slot.get("slot_end"))
    if start is None:
        return "预约 Appointment" if ticket.get("priority") == "appointment" else ""
    until = f"–{end:%H:%M}" if end else ""
    return f"预约 {start:%H:%M}{until} · Appointment {start:%H:%M}{until}"


def tags_text(ticket: dict) -> str:
    parts = []
    appointment = appointment_text(ticket)
    if appointment:
        parts.append(appointment)
    elif ticket.get("priority") in PRIORITY_TEXT:
        zh, en = PRIORITY_TEXT[ticket["priority"]]
        parts.append(f"{zh} {en}")
    if ticket.get("source") == "transfer":
        parts.append("转入 Transferred in")
    if ticket.get("recall_count"):
        count = ticket["recall_count"]
        parts.append(f"已重呼 {count} 次 · Recalled {count}×")
    return "  ·  ".join(parts)


def materials_for(service: str, services: dict[str, dict]) -> tuple[str, ...]:
    """The required materials (一次告知) of a service, one bilingual line each."""
    info = services.get(service) or {}
    return tuple(bilingual(item) for item in info.get("materials") or ())


def ticket_view(ticket: dict, services: dict[str, dict], now: datetime) -> TicketView:
    zh, en = STATUS_TEXT.get(ticket.get("status", ""), (ticket.get("status", ""), ""))
    holder = ticket.get("holder")
    return TicketView(
        number=ticket.get("number", "?"),
        service=bilingual(ticket.get("service_name"), ticket.get("service", "")),
        status=f"{zh} {en}".strip(),
        holder=f"姓名 Name: {mask_name(holder)}" if holder else "",
        tags=tags_text(ticket),
        waited=waited_text(ticket, now),
        materials=materials_for(ticket.get("service", ""), services),
    )


def queue_rows(queues: tuple[dict, ...] | list[dict], services: dict[str, dict]) -> list[tuple]:
    """(service name, waiting, longest wait) rows for the window's services."""
    rows = []
    for queue in queues:
        code = queue.get("service", "")
        name = bilingual((services.get(code) or {}).get("name"), code)
        waiting, longest = int(queue.get("waiting") or 0), queue.get("longest_wait_minutes")
        rows.append((name, waiting, "—" if longest is None or not waiting else longest))
    return rows


def queue_summary(queues: tuple[dict, ...] | list[dict]) -> str:
    total = sum(int(q.get("waiting") or 0) for q in queues)
    longest = max((q.get("longest_wait_minutes") or 0 for q in queues), default=0)
    return f"共 {total} 人等候 · 最长 {longest} 分钟    {total} waiting · longest {longest} min"


def window_title(window: dict | None, username: str | None) -> str:
    if not window:
        return ""
    label = window.get("label") or f"{window.get('number')}号窗口"
    return f"{label} · Window {window.get('number')}    办理人员 Clerk: {username or ''}"


def pause_text(window: dict | None) -> str:
    if not window or window.get("state") == "open":
        return ""
    reason = window.get("pause_reason") or ""
    if window.get("state") == "closed":
        return "窗口未开放 · Window closed"
    return f"暂停服务 · Paused    {reason}".rstrip()
