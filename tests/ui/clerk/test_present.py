"""What the console prints about a ticket and the queues (pure, no Qt)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from queue_server.client.models import Service, Text, Ticket, Window
from ui.clerk import present
from ui.clerk.state import ConsoleState

CST = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 28, 10, 0, tzinfo=CST)
SERVICES = {
    "HJ01": Service.from_json(
        {
            "code": "HJ01",
            "name": {"zh": "户口迁移", "en": "Household registration transfer"},
            "category": {"code": "HJ", "zh": "户籍", "en": "Household"},
            "prefix": "A",
            "materials": [
                {"zh": "居民身份证", "en": "ID card"},
                {"zh": "户口簿", "en": "Hukou book"},
            ],
        }
    )
}


def ticket(**changes: object) -> Ticket:
    base: dict[str, Any] = {
        "number": "A007",
        "service": "HJ01",
        "service_name": {"zh": "户口迁移", "en": "Household registration transfer"},
        "status": "called",
        "priority": "normal",
        "source": "walk_in",
        "holder": "张三丰",
        "arrived_at": "2026-11-28T09:35:00+08:00",
        "called_at": "2026-11-28T09:47:30+08:00",
        "recall_count": 0,
    }
    return Ticket.from_json({**base, **changes})


def console_at(**window: object) -> ConsoleState:
    return ConsoleState(window=Window.from_json({"number": 3, **window}))


def test_ticket_view_shows_number_service_masked_name_wait_and_materials() -> None:
    view = present.ticket_view(ticket(), SERVICES, NOW)
    assert view.number == "A007"
    assert view.service == "户口迁移 Household registration transfer"
    assert view.holder == "姓名 Name: 张*丰"
    assert view.waited == "已等候 12 分钟 · Waited 12 min"
    assert view.materials == ("居民身份证 ID card", "户口簿 Hukou book")
    assert view.status.startswith("已叫号")


def test_wait_runs_until_now_when_not_called_yet() -> None:
    assert present.waited_text(ticket(called_at=None), NOW) == "已等候 25 分钟 · Waited 25 min"


def test_tags_name_appointment_slot_priority_transfer_and_recalls() -> None:
    slot = {"slot_start": "2026-11-28T10:00:00+08:00", "slot_end": "2026-11-28T10:30:00+08:00"}
    appointment = ticket(priority="appointment", appointment=slot, recall_count=2)
    assert present.tags_text(appointment) == (
        "预约 10:00–10:30 · Appointment 10:00–10:30  ·  已重呼 2 次 · Recalled 2×"
    )
    booked = {"priority": "appointment", "appointment": slot}
    early = ticket(**booked, issued_at="2026-11-28T09:50:00+08:00")
    assert present.tags_text(early) == (
        "预约 10:00–10:30 · Appointment 10:00–10:30  ·  提前 10 分钟签到 · Checked in 10 min early"
    )
    late = ticket(**booked, issued_at="2026-11-28T02:07:20+00:00")
    assert present.check_in_timing(late) == "迟到 7 分钟签到 · Checked in 7 min late"
    on_time = ticket(**booked, issued_at="2026-11-28T10:00:20+08:00")
    assert present.check_in_timing(on_time) == "准时签到 · Checked in on time"
    assert present.check_in_timing(ticket(issued_at="2026-11-28T09:50:00+08:00")) == ""
    assert present.tags_text(ticket(priority="green", source="transfer")) == (
        "绿色通道 Priority  ·  转入 Transferred in"
    )
    assert present.tags_text(ticket()) == ""


def test_queue_rows_and_summary() -> None:
    queues = Window.from_json(
        {
            "number": 3,
            "state": "open",
            "queues": [
                {"service": "HJ01", "waiting": 4, "longest_wait_minutes": 18},
                {"service": "XX99", "waiting": 0, "longest_wait_minutes": None},
            ],
        }
    ).queues
    assert present.queue_rows(queues, SERVICES) == [
        ("户口迁移 Household registration transfer", 4, 18),
        ("XX99", 0, "—"),
    ]
    assert present.queue_summary(queues).startswith("共 4 人等候 · 最长 18 分钟")


def test_pause_text() -> None:
    assert present.pause_text(console_at(state="open")) == ""
    paused = console_at(state="paused", pause_reason="午休")
    assert present.pause_text(paused) == "暂停服务 · Paused    午休"


def test_window_title_before_and_after_the_window_is_read() -> None:
    assert present.window_title(ConsoleState(), "clerk") == ""
    waiting = ConsoleState(chosen=3)
    assert present.window_title(waiting, "clerk") == "3号窗口 · Window 3    办理人员 Clerk: clerk"
    assert present.pause_text(waiting) == "暂停服务 · Paused"  # not known to be open yet
    labelled = console_at(state="closed", label="综合窗口")
    assert present.window_title(labelled, None) == "综合窗口 · Window 3    办理人员 Clerk: "
    assert present.pause_text(labelled) == "窗口未开放 · Window closed"


def test_bilingual_says_a_text_once_when_both_languages_agree() -> None:
    assert present.bilingual(Ticket.from_json({"number": "A1"}).service_name, "HJ01") == "HJ01"
    unnamed = Ticket.from_json({"number": "A1", "service": "HJ01"})  # no service_name sent
    assert present.bilingual(unnamed.service_name) == "HJ01"
    assert present.bilingual(Text.of({"zh": "只有中文"})) == "只有中文"
    assert present.bilingual(SERVICES["HJ01"].materials[1]) == "户口簿 Hukou book"
    assert present.bilingual(None, "fallback") == "fallback"
