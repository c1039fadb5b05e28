"""The typed models: the contract's JSON in, typed values out; bad answers named."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from queue_server.client.clerk import ClerkClient
from queue_server.client.errors import BadAnswer, ClientError
from queue_server.client.kiosk import KioskClient
from queue_server.client.models import (
    AppointmentSlot,
    Category,
    Elsewhere,
    Hall,
    IdentityCard,
    Login,
    QueueLength,
    Service,
    Text,
    Ticket,
    Window,
)

CST = timezone(timedelta(hours=8))

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
    "arrived_at": "2026-11-28T09:05:00+08:00", "called_at": "2026-11-28T09:17:30+08:00",
    "recall_count": 2,
}  # fmt: skip
LOGIN = {
    "token": "tok", "role": "clerk", "hall": "qixia", "window": None, "username": "clerk",
    "expires_at": "2026-11-28T21:00:00+08:00",
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


XIANLIN = {
    "hall": "xianlin",
    "name": {"zh": "仙林街道便民服务中心", "en": "Xianlin Street Service Centre"},
    "address": {"zh": "南京市栖霞区仙林大道 10 号", "en": "10 Xianlin Avenue, Qixia"},
    "eta_minutes": 5,
}  # fmt: skip


def test_a_services_wait_range_and_the_faster_hall_elsewhere() -> None:
    service = Service.from_json({**SERVICE, "eta_range": [10, 20], "elsewhere": XIANLIN})
    assert service.eta_range == (10, 20)
    assert service.elsewhere == Elsewhere(
        "xianlin", Text("仙林街道便民服务中心", "Xianlin Street Service Centre"),
        Text("南京市栖霞区仙林大道 10 号", "10 Xianlin Avenue, Qixia"), 5,
    )  # fmt: skip
    plain = Service.from_json({**SERVICE, "eta_range": None, "elsewhere": None})
    assert (plain.eta_range, plain.elsewhere) == (None, None)
    older = Service.from_json(SERVICE)  # a server before issue 13 sends neither
    assert (older.eta_range, older.elsewhere) == (None, None)


def test_a_tickets_wait_range() -> None:
    assert Ticket.from_json({**TICKET, "eta_range": [8, 19]}).eta_range == (8, 19)
    assert Ticket.from_json({**TICKET, "eta_range": None}).eta_range is None


def test_a_ticket_and_its_defaults() -> None:
    ticket = Ticket.from_json(TICKET)
    assert (ticket.number, ticket.token, ticket.status, ticket.priority) == (
        "A001", "tok", "called", "green",
    )  # fmt: skip
    assert ticket.window_label == Text("3号窗口", "3号窗口") and not ticket.offline
    bare = Ticket.from_json({"number": "AK101", "source": "offline"})
    assert (bare.status, bare.ahead, bare.token, bare.offline) == ("waiting", 0, None, True)
    assert bare.service_name == Text("", "")
    assert (bare.window, bare.source, bare.arrived_at, bare.called_at) == (
        None, "offline", None, None,
    )  # fmt: skip
    assert (bare.recall_count, bare.appointment) == (0, None)
    assert Ticket.from_json({"number": "A1"}).source == "walk_in"


ARRIVED = datetime(2026, 11, 28, 9, 5, tzinfo=CST)
CALLED = datetime(2026, 11, 28, 9, 17, 30, tzinfo=CST)
SLOT = {"slot_start": "2026-11-28T10:00:00+08:00", "slot_end": "2026-11-28T10:30:00+08:00"}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, (3, "walk_in", ARRIVED, CALLED, 2, None)),
        (
            {"window": None, "source": "transfer", "called_at": None, "recall_count": None},
            (None, "transfer", ARRIVED, None, 0, None),
        ),
        (
            {"source": "appointment", "appointment": SLOT},
            (3, "appointment", ARRIVED, CALLED, 2, AppointmentSlot(
                datetime(2026, 11, 28, 10, tzinfo=CST), datetime(2026, 11, 28, 10, 30, tzinfo=CST)
            )),
        ),
        (
            {"appointment": {"slot_start": "2026-11-28T10:00:00", "slot_end": None}},
            (3, "walk_in", ARRIVED, CALLED, 2, AppointmentSlot(datetime(2026, 11, 28, 10))),
        ),
        ({"appointment": {"slot_end": SLOT["slot_end"]}}, (3, "walk_in", ARRIVED, CALLED, 2, None)),
        ({"appointment": None, "arrived_at": ""}, (3, "walk_in", None, CALLED, 2, None)),
    ],
)  # fmt: skip
def test_a_tickets_window_source_times_recalls_and_slot(
    changes: dict[str, Any], expected: tuple[Any, ...]
) -> None:
    ticket = Ticket.from_json({**TICKET, **changes})
    assert (ticket.window, ticket.source, ticket.arrived_at, ticket.called_at,
            ticket.recall_count, ticket.appointment) == expected  # fmt: skip


def test_a_login() -> None:
    login = Login.from_json(LOGIN)
    assert (login.token, login.role, login.hall, login.username, login.window) == (
        "tok", "clerk", "qixia", "clerk", None,
    )  # fmt: skip
    assert login.expires_at == datetime(2026, 11, 28, 21, tzinfo=CST)
    district = Login.from_json({"token": "t", "hall": "*", "window": 3})
    assert (district.hall, district.window, district.username, district.role) == ("*", 3, None, "")
    assert district.expires_at is None


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
        (Ticket, {**TICKET, "arrived_at": "yesterday"}, "arrived_at: not an ISO 8601 time"),
        (Ticket, {**TICKET, "called_at": 930}, "called_at: not an ISO 8601 time: 930"),
        (Ticket, {**TICKET, "window": "three"}, "three"),
        (Ticket, {**TICKET, "recall_count": "twice"}, "twice"),
        (Ticket, {**TICKET, "appointment": "10:00"}, "appointment: expected an object"),
        (Ticket, {**TICKET, "appointment": {"slot_start": "ten"}}, "appointment.slot_start: "),
        (
            Ticket,
            {
                **TICKET,
                "appointment": {"slot_start": "2026-11-28T10:00:00", "slot_end": "half past"},
            },
            "appointment.slot_end: ",
        ),
        (Window, {**WINDOW, "current_ticket": {**TICKET, "called_at": "x"}}, "called_at"),
        (Login, {k: v for k, v in LOGIN.items() if k != "token"}, "'token'"),
        (Login, {**LOGIN, "expires_at": "tomorrow"}, "expires_at: not an ISO 8601 time"),
        (Login, {**LOGIN, "window": "three"}, "three"),
        (Login, "tok", "login: expected an object"),
        (Ticket, {**TICKET, "eta_range": [20, 10]}, "eta_range: expected 0 <= low <= high"),
        (Ticket, {**TICKET, "eta_range": [10]}, r"eta_range: expected \[low, high\]"),
        (Service, {**SERVICE, "eta_range": "10-20"}, r"eta_range: expected \[low, high\]"),
        (Service, {**SERVICE, "elsewhere": "xianlin"}, "elsewhere: expected an object"),
        (Service, {**SERVICE, "elsewhere": {**XIANLIN, "eta_minutes": None}}, "eta_minutes"),
        (Service, {**SERVICE, "elsewhere": {"hall": "xianlin"}}, "'name'"),
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
    windows = clerk.windows()
    assert {w.state for w in windows} <= {"open", "paused", "closed"}
    assert all(w.services and w.hall == "qixia" for w in windows)
    detail = clerk.window(windows[0].number)
    assert {q.service for q in detail.queues} == set(windows[0].services)
