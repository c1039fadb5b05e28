"""Each program's calls against the real server: kiosk, clerk console, display board."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from queue_server.client.board import BoardClient
from queue_server.client.clerk import ClerkClient
from queue_server.client.errors import Refused, Unauthorised
from queue_server.client.kiosk import KioskClient
from queue_server.client.models import IdentityCard
from queue_server.engine.privacy import id_check_char


def identity(serial: int) -> IdentityCard:
    first17 = f"32011319850101{serial:03d}"
    return IdentityCard(first17 + id_check_char(first17), "王五")


def kiosk_of(server: Any, hall: str) -> KioskClient:
    return KioskClient(server.url, server.token("kiosk", hall), hall, kiosk_id="K7")


def clerk_of(server: Any, hall: str) -> ClerkClient:
    clerk = ClerkClient(server.url)
    login = clerk.login(f"clerk-{hall}", "demo1234")
    assert (login.role, login.hall, login.username) == ("clerk", hall, f"clerk-{hall}")
    assert login.token == clerk.token and login.expires_at is not None
    return clerk


def test_the_kiosk_reads_its_hall_and_issues(live_server_session: Any) -> None:
    kiosk = kiosk_of(live_server_session, "maqun")
    assert kiosk.health() and kiosk.hall_info().id == "maqun"
    service = next(s for s in kiosk.services() if s.available and s.id_required)
    key = uuid.uuid4().hex
    ticket = kiosk.issue(service.code, key, identity(1), "green")
    assert (ticket.service, ticket.priority, ticket.hall) == (service.code, "green", "maqun")
    assert kiosk.issue(service.code, key, identity(1), "green") == ticket  # same key, same ticket
    assert kiosk.ticket(str(ticket.token)).number == ticket.number
    assert kiosk.phone_url(ticket) == f"{live_server_session.url}/t/{ticket.token}"
    with pytest.raises(Refused) as caught:
        kiosk.issue(service.code, uuid.uuid4().hex, identity(1))
    assert (caught.value.code, caught.value.extra["existing_number"]) == (
        "duplicate_ticket", ticket.number,
    )  # fmt: skip


def test_the_kiosk_hands_over_reports_faults_and_a_made_up_code_is_refused(
    live_server_session: Any,
) -> None:
    kiosk = kiosk_of(live_server_session, "xigang")
    service = next(s for s in kiosk.services() if not s.id_required)
    offline = {
        "number": f"{service.prefix}K701",
        "service": service.code,
        # the server checks a paper's time against its own clock: printed just now
        "issued_at": datetime.now(ZoneInfo("Asia/Shanghai")).isoformat(timespec="seconds"),
        "idempotency_key": uuid.uuid4().hex,
    }
    handed = kiosk.hand_over([offline])
    assert [t.number for t in handed] == [offline["number"]]
    assert kiosk.hand_over([offline]) == handed
    kiosk.report_fault("printer", "paper_out", "纸尽")  # 201: accepted
    with pytest.raises(Refused) as caught:
        kiosk.check_in(code="ABC123")
    assert (caught.value.status, caught.value.code) == (422, "invalid_code")


def test_the_clerk_logs_in_and_works_a_window(live_server_session: Any) -> None:
    clerk = clerk_of(live_server_session, "longtan")
    assert (clerk.hall, clerk.username) == ("longtan", "clerk-longtan")
    window = clerk.windows()[0]
    number = window.number
    assert clerk.call_next(number) is None  # nobody waits in this hall yet
    kiosk = kiosk_of(live_server_session, "longtan")
    service = window.services[0]
    issued = [kiosk.issue(service, uuid.uuid4().hex, identity(n + 10)) for n in range(3)]
    assert {t.number for t in clerk.waiting_tickets()} >= {t.number for t in issued}
    called = clerk.call_next(number)
    assert called is not None and (called.status, called.window) == ("called", number)
    assert called.arrived_at is not None and called.called_at is not None
    assert called.arrived_at <= called.called_at
    assert clerk.recall(number).recall_count == 1
    assert clerk.start(number).status == "serving"
    assert clerk.finish(number, "handled").status == "done"
    clerk.evaluation_prompt(number)
    assert clerk.call_ticket(number, issued[2].number, "预约改期").number == issued[2].number
    assert clerk.no_show(number, "未到").status == "no_show"
    clerk.call_next(number)
    moved = clerk.transfer(number, to_window=number, reason="补材料")
    assert (moved.status, moved.number) == ("waiting", issued[1].number)
    assert (moved.source, moved.called_at, moved.window) == ("transfer", None, None)
    assert clerk.pause(number, "午休").state == "paused"
    assert clerk.resume(number).state == "open"
    assert clerk.window(number).current_ticket is None


def test_a_wrong_password_is_unauthorised(live_server_session: Any) -> None:
    clerk = ClerkClient(live_server_session.url)
    with pytest.raises(Unauthorised) as caught:
        clerk.login("clerk", "wrong")
    assert caught.value.code == "bad_credentials" and clerk.token is None


def test_the_board_snapshot(live_server_session: Any) -> None:
    token = live_server_session.token("display", "yanziji")
    board = BoardClient(live_server_session.url, "yanziji", token)
    snapshot, services = board.snapshot()
    assert snapshot["hall"]["id"] == "yanziji" and isinstance(snapshot["calls"], list)
    assert {s.code for s in services} == {s["code"] for s in board.services_json()}
    assert all(s.category.code and s.category.name.zh for s in services)
    assert board.events_url() == f"{live_server_session.url}/api/halls/yanziji/events"
    with pytest.raises(Refused) as caught:  # a display token of another hall
        BoardClient(board.server, "qixia", str(board.token)).board()
    assert caught.value.code == "wrong_hall"
