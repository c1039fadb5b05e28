"""The typed models: the contract's JSON in, typed values out; bad answers named."""

from __future__ import annotations

from typing import Any

import pytest

from queue_server.client.clerk import ClerkClient
from queue_server.client.errors import BadAnswer, ClientError
from queue_server.client.kiosk import KioskClient
from queue_server.client.models import (
    Category,
    Hall,
    IdentityCard,
    QueueLength,
    Service,
    Text,
    Ticket,
    Window,
)

SERVICE = {
    "code": "HJ01",
    "name": {"zh": "户口迁移", "en": "Household registration transfer"},
    "category": {"code": "HJ", "zh": "户籍", "en": "Household"},
    "prefix": "A",
    "id_required": True,
    "appointment_allowed": False,
    "expected_minutes": 12,
    "materials": [{"zh": "户口簿", "en": "Household register"}, "身份证"],
    "daily_cap": None,
    "waiting": 4,
    "eta_minutes": 18,
    "available": False,
    "unavailable_reason": {"code": "no_open_window", "zh": "暂无窗口", "en": "No open window"},
}
TICKET = {
    "number": "A001", "token": "tok", "hall": "qixia", "service": "HJ01",
    "service_name": {"zh": "户口迁移", "en": "Household registration transfer"},
    "status": "called", "priority": "green", "source": "walk_in", "ahead": 0,
    "eta_minutes": 0, "window": 3, "window_label": "3号窗口", "holder": "张*三",
    "id_masked": "3201**********1234", "issued_at": "2026-11-28T09:05:00+08:00",
}  # fmt: skip
WINDOW = {
    "number": 3, "label": "3号窗口", "hall": "qixia", "services": ["HJ01", "HJ02"],
    "state": "paused", "pause_reason": "午休", "clerk": "clerk", "current_ticket": TICKET,
    "queues": [{"service": "HJ01", "waiting": 2, "longest_wait_minutes": 7}],
}  # fmt: skip


def test_a_service_with_every_field() -> None:
    service = Service.from_json(SERVICE)
    assert service.name == Text("户口迁移", "Household registration transfer")
    assert service.category == Category("HJ", Text("户籍", "Household"))
    assert service.materials == (Text("户口簿", "Household register"), Text("身份证", "身份证"))
    assert (service.expected_minutes, service.waiting, service.eta_minutes) == (12.0, 4, 18)
    assert (service.available, service.unavailable_code) == (False, "no_open_window")
    assert service.unavailable_reason == Text("暂无窗口", "No open window")


def test_a_ticket_and_its_defaults() -> None:
    ticket = Ticket.from_json(TICKET)
    assert (ticket.number, ticket.token, ticket.status, ticket.priority) == (
        "A001", "tok", "called", "green",
    )  # fmt: skip
    assert ticket.window_label == Text("3号窗口", "3号窗口") and not ticket.offline
    bare = Ticket.from_json({"number": "AK101", "source": "offline"})
    assert (bare.status, bare.ahead, bare.token, bare.offline) == ("waiting", 0, None, True)
    assert bare.service_name == Text("", "")


def test_a_window_with_its_ticket_and_queues() -> None:
    window = Window.from_json(WINDOW)
    assert (window.number, window.label, window.state, window.pause_reason) == (
        3, Text("3号窗口", "3号窗口"), "paused", "午休",
    )  # fmt: skip
    assert window.services == ("HJ01", "HJ02")
    assert window.current_ticket == Ticket.from_json(TICKET)
    assert window.queues == (QueueLength("HJ01", 2, 7),)
    idle = Window.from_json({"number": 1, "state": "open", "current_ticket": None})
    assert (idle.label, idle.current_ticket, idle.queues) == (Text("1号窗口", "1号窗口"), None, ())


def test_a_hall_without_optional_fields() -> None:
    hall = Hall.from_json({"id": "maqun", "name": {"zh": "马群街道", "en": "Maqun"}})
    assert (hall.id, hall.address, hall.target_wait_minutes, hall.green_channel) == (
        "maqun", Text("", ""), 30, False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("model", "raw", "named"),
    [
        (Service, {**SERVICE, "category": None}, "service"),
        (Service, {k: v for k, v in SERVICE.items() if k != "prefix"}, "'prefix'"),
        (Service, {**SERVICE, "name": 5}, "service name"),
        (Service, {**SERVICE, "waiting": "many"}, "many"),
        (Hall, {"name": {"zh": "x"}}, "'id'"),
        (Ticket, {"service": "HJ01"}, "'number'"),
        (Ticket, {"number": "A1", "ahead": "x"}, "ahead"),
        (Ticket, [TICKET], "ticket: expected an object"),
        (Ticket, None, "ticket: expected an object"),
        (Window, {**WINDOW, "state": None, "number": "three"}, "three"),
        (Window, {**WINDOW, "current_ticket": {"status": "called"}}, "'number'"),
        (Window, "3号窗口", "window: expected an object"),
    ],
)
def test_a_bad_answer_names_what_it_cannot_read(model: Any, raw: Any, named: str) -> None:
    with pytest.raises(BadAnswer, match=named) as caught:
        model.from_json(raw)
    assert isinstance(caught.value, ClientError) and caught.value.zh and caught.value.en


def test_text_picks_a_language_and_an_identity_hides_its_number() -> None:
    assert Text("取号", "Take a ticket").pick("zh") == "取号"
    assert Text("取号", "Take a ticket").pick("en") == "Take a ticket"
    assert Text.of({"zh": "只有中文"}) == Text("只有中文", "只有中文")
    card = IdentityCard("320113199001011234", "张三")
    assert "3201" not in repr(card)
    assert card.as_json() == {"number": "320113199001011234", "name": "张三"}


def test_every_object_the_real_server_sends_parses(live_server_session: Any) -> None:
    kiosk = KioskClient(live_server_session.url, live_server_session.token("kiosk"), "qixia")
    services = kiosk.services()
    assert len(services) == len(kiosk.services_json()) > 10
    assert kiosk.hall_info().id == "qixia"
    clerk = ClerkClient(live_server_session.url, hall="qixia")
    clerk.login("clerk", "demo1234")
    windows = [Window.from_json(raw) for raw in clerk.windows()]
    assert {w.state for w in windows} <= {"open", "paused", "closed"}
    assert all(w.services and w.hall == "qixia" for w in windows)
    detail = Window.from_json(clerk.window(windows[0].number))
    assert {q.service for q in detail.queues} == set(windows[0].services)
