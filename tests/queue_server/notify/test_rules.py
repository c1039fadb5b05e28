"""The rules alone: which messages a ticket or a booking is owed, and their keys."""

from __future__ import annotations

from datetime import time, timedelta

from queue_server.clock import shanghai
from queue_server.notify.rules import (
    BookingFacts,
    NotifyRules,
    TicketFacts,
    booking_drafts,
    ticket_drafts,
)

SLOT = shanghai(2026, 12, 8, 9, 30)
BOOKING = BookingFacts(7, "栖霞区政务服务中心", "户口迁移", SLOT)


def ticket(status: str, ahead: int = 0, window: str | None = None) -> TicketFacts:
    return TicketFacts(12, "tok123", "大厅", "A005", "户口迁移", status, ahead, window)


def kinds(drafts: list) -> list[str]:  # type: ignore[type-arg]
    return [draft.kind for draft in drafts]


def test_people_ahead_fires_from_n_ahead_under_one_key() -> None:
    rules = NotifyRules(ahead=3)
    assert ticket_drafts(rules, ticket("waiting", 4), "") == []
    (draft,) = ticket_drafts(rules, ticket("waiting", 3), "")
    assert draft.key == "ahead:12" and "前面还有 3 人" in draft.text
    assert [d.key for d in ticket_drafts(rules, ticket("waiting", 1), "")] == ["ahead:12"]
    assert ticket_drafts(NotifyRules(ahead=0), ticket("waiting", 0), "") == []


def test_called_names_the_window() -> None:
    (draft,) = ticket_drafts(NotifyRules(), ticket("called", window="3号窗口"), "")
    assert draft.key == "called:12" and "请到 3号窗口 办理" in draft.text
    assert ticket_drafts(NotifyRules(called=False), ticket("called"), "") == []


def test_the_evaluation_invitation_links_the_evaluation_page() -> None:
    (draft,) = ticket_drafts(NotifyRules(), ticket("done"), "https://zw.example.cn/")
    assert draft.key == "evaluation:12"
    assert draft.text.endswith("https://zw.example.cn/t/tok123/evaluate")
    assert ticket_drafts(NotifyRules(), ticket("done"), "") == []  # no base URL: no link
    assert ticket_drafts(NotifyRules(evaluation=False), ticket("done"), "https://x.cn") == []


def test_the_day_before_reminder_from_its_time_until_the_hour_before() -> None:
    rules = NotifyRules(reminder_day_before_at=time(18, 0))
    evening = shanghai(2026, 12, 7, 18, 0)
    assert booking_drafts(rules, BOOKING, evening - timedelta(minutes=1)) == []
    (draft,) = booking_drafts(rules, BOOKING, evening)
    assert draft.key == f"reminder_day:7:{SLOT.isoformat()}" and "明天 09:30" in draft.text
    (early,) = booking_drafts(rules, BOOKING, shanghai(2026, 12, 8, 7, 0))
    assert early.key == draft.key and "今天 09:30" in early.text


def test_the_hour_before_reminder_until_the_slot_starts() -> None:
    (draft,) = booking_drafts(NotifyRules(), BOOKING, SLOT - timedelta(hours=1))
    assert draft.key == f"reminder_hour:7:{SLOT.isoformat()}" and "09:30" in draft.text
    assert kinds(booking_drafts(NotifyRules(), BOOKING, SLOT - timedelta(minutes=1))) == [
        "reminder_hour"
    ]
    assert booking_drafts(NotifyRules(), BOOKING, SLOT) == []
    off = NotifyRules(reminder_day_before=False, reminder_hour_before=False)
    assert booking_drafts(off, BOOKING, SLOT - timedelta(minutes=30)) == []


def test_a_rescheduled_booking_is_reminded_under_new_keys() -> None:
    moved = BookingFacts(7, "大厅", "户口迁移", SLOT + timedelta(days=1))
    at = SLOT - timedelta(hours=1)
    assert (
        booking_drafts(NotifyRules(), BOOKING, at)[0].key
        != booking_drafts(NotifyRules(), moved, at + timedelta(days=1))[0].key
    )
