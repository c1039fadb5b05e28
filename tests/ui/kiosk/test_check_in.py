"""Appointment check-in at the kiosk on a live server (issue 11): one swipe on the home screen
checks in and prints the slot; no booking goes on to walk-in with the card read; a typed code;
too early, too late and an invalid code say what to do and offer a walk-in ticket; a server
that cannot be reached says check-in cannot be verified. Screenshots go to /tmp."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import httpx
import pytest
from PySide6.QtWidgets import QLabel, QWidget

from devices.sim.identities import GONG_KUN, LI_XIUYING, OUYANG_JIANGUO, ZHANG_SANFENG
from kiosk.config import KioskConfig
from kiosk.session import Screen
from tests.queue_server._district import id_number
from tests.ui.appointments import FRIDAY, book, open_monday, slot

SHOTS = "/tmp/kcheckin-{}.png"


def texts(kiosk: Any, name: str) -> list[str]:
    block = kiosk.window.page.findChildren(QWidget, name)[0]
    return [label.text() for label in block.findChildren(QLabel)]


def page_text(kiosk: Any) -> str:
    return " ".join(label.text() for label in kiosk.window.page.findChildren(QLabel))


@pytest.fixture
def booked(make_live_server: Any) -> tuple[Any, dict[str, dict[str, Any]]]:
    """A server with four bookings of Monday, its clock at 09:20 that day."""
    server = make_live_server(clock_start=FRIDAY)
    bookings = {
        "swipe": book(server, "p-1", ZHANG_SANFENG.id_number, ZHANG_SANFENG.name, slot(9, 30)),
        "code": book(server, "p-2", id_number(1), "王小明", slot(9, 30)),
        "early": book(server, "p-3", OUYANG_JIANGUO.id_number, OUYANG_JIANGUO.name, slot(10, 30)),
        "late": book(server, "p-4", GONG_KUN.id_number, GONG_KUN.name, slot(9)),
    }
    open_monday(server)
    return server, bookings


def kiosk_on(make_kiosk: Any, config: KioskConfig, server: Any) -> Any:
    kiosk = make_kiosk(replace(config, server_url=server.url, token=server.token("kiosk")))
    kiosk.qtbot.waitUntil(lambda: kiosk.state.appointments is True, timeout=5000)  # the probe
    kiosk.qtbot.waitUntil(lambda: kiosk.find("home_checkin") is not None, timeout=3000)
    return kiosk


def test_one_swipe_on_home_checks_in_and_prints_the_slot_then_no_booking_goes_on_to_walk_in(
    make_kiosk: Any, kiosk_config: KioskConfig, booked: Any
) -> None:
    server, bookings = booked
    kiosk = kiosk_on(make_kiosk, kiosk_config, server)
    kiosk.window.grab().save(SHOTS.format("home"))
    assert kiosk.find("home_checkin").height() >= kiosk.find("home_place").height(), "a real tile"
    kiosk.kiosk.hub.sim_idcard.present(ZHANG_SANFENG)
    kiosk.wait_screen(Screen.TICKET)
    ticket = kiosk.state.ticket
    assert (ticket.priority, ticket.source) == ("appointment", "appointment")
    assert texts(kiosk, "ticket_slot") == [
        "预约 09:30-10:00 · 优先办理", "Appointment 09:30-10:00 · served first",
    ]  # fmt: skip
    printed = kiosk.printed(ticket.number, "预约 09:30-10:00", "Appointment 09:30-10:00")
    assert "张*丰" in printed and ZHANG_SANFENG.id_number not in printed
    kiosk.window.grab().save(SHOTS.format("ticket"))
    day = httpx.get(f"{server.url}/api/halls/qixia/appointments?date=2026-11-30",
                    headers=server.headers("clerk"), timeout=5).json()  # fmt: skip
    states = {a["external_id"]: a["state"] for a in day}
    assert states["p-1"] == "checked_in" and states["p-2"] == "booked"
    assert bookings["swipe"]["id"] in {a["id"] for a in day}
    kiosk.tap("done")
    kiosk.wait_screen(Screen.HOME)
    kiosk.kiosk.hub.sim_idcard.present(LI_XIUYING)  # no booking: on to walk-in, card read
    kiosk.wait_screen(Screen.CATEGORIES)
    assert kiosk.state.identity is not None and kiosk.state.identity.number == LI_XIUYING.id_number
    kiosk.tap("category_HJ")
    kiosk.tap("service_HJ01")
    kiosk.wait_screen(Screen.GREEN)  # the card is not asked for again
    kiosk.tap("green_no")
    kiosk.wait_screen(Screen.TICKET)
    assert kiosk.state.ticket.priority == "normal" and not kiosk.find("ticket_slot")


def test_a_typed_code_checks_in_and_a_second_check_in_gives_the_same_ticket(
    make_kiosk: Any, kiosk_config: KioskConfig, booked: Any
) -> None:
    server, bookings = booked
    kiosk = kiosk_on(make_kiosk, kiosk_config, server)
    code = bookings["code"]["check_in_code"]
    numbers: list[str] = []
    for attempt in range(2):
        kiosk.tap("home_checkin")
        kiosk.wait_screen(Screen.CHECKIN)
        if attempt == 0:
            kiosk.window.grab().save(SHOTS.format("checkin"))
        kiosk.tap("open_code_pad")
        kiosk.wait_screen(Screen.CODE_PAD)
        kiosk.type_keys(code[:4])
        assert not kiosk.find("key_ok").isEnabled(), "four characters are too few"
        kiosk.type_keys(code[4:])
        shown = kiosk.window.page.findChildren(QLabel, "keypad_display")[0].text()
        assert shown == f"{code[:4]} {code[4:]}", "in two halves, easy to check"
        kiosk.window.grab().save(SHOTS.format("code_pad"))
        kiosk.tap("key_ok")
        kiosk.wait_screen(Screen.TICKET)
        numbers.append(kiosk.state.ticket.number)
        assert kiosk.state.ticket.appointment is not None
        kiosk.tap("done")
        kiosk.wait_screen(Screen.HOME)
    assert numbers[0] == numbers[1], "checked in twice: the same ticket"


def test_too_early_too_late_and_an_invalid_code_say_what_to_do_and_offer_walk_in(
    make_kiosk: Any, kiosk_config: KioskConfig, booked: Any
) -> None:
    server, _ = booked
    kiosk = kiosk_on(make_kiosk, kiosk_config, server)
    kiosk.tap("home_checkin")
    kiosk.wait_screen(Screen.CHECKIN)
    kiosk.kiosk.hub.sim_idcard.present(OUYANG_JIANGUO)  # 10:30 slot: check-in opens at 10:00
    kiosk.wait_screen(Screen.NOTICE)
    assert kiosk.state.notice.key == "too_early"
    assert texts(kiosk, "notice_title")[0] == "还没到签到时间"
    assert "10:00 起可以签到" in page_text(kiosk)
    kiosk.window.grab().save(SHOTS.format("too_early"))
    kiosk.tap("notice_normal_ticket")  # a walk-in ticket now, the card kept
    kiosk.wait_screen(Screen.CATEGORIES)
    assert kiosk.state.identity.number == OUYANG_JIANGUO.id_number
    kiosk.tap("go_home")
    kiosk.wait_screen(Screen.HOME)
    kiosk.kiosk.hub.sim_idcard.present(GONG_KUN)  # 09:00 slot: closed at 09:15
    kiosk.wait_screen(Screen.NOTICE)
    assert kiosk.state.notice.key == "too_late"
    assert kiosk.find("notice_normal_ticket") is not None
    kiosk.window.grab().save(SHOTS.format("too_late"))
    kiosk.tap("go_home")
    kiosk.tap("home_checkin")
    kiosk.tap("open_code_pad")
    kiosk.type_keys("7Q2K9M4B")  # well formed, but no booking's signature
    kiosk.tap("key_ok")
    kiosk.wait_screen(Screen.NOTICE)
    assert kiosk.state.notice.key == "invalid_code"
    assert texts(kiosk, "notice_title") == ["签到码不对", "This check-in code is not valid"]
    assert "刷身份证" in page_text(kiosk)
    kiosk.window.grab().save(SHOTS.format("invalid_code"))
    kiosk.tap("notice_retype_code")
    kiosk.wait_screen(Screen.CODE_PAD)
    assert kiosk.state.keypad == ""


def test_with_the_server_gone_check_in_cannot_be_verified_and_walk_in_goes_on(
    make_kiosk: Any, kiosk_config: KioskConfig, booked: Any
) -> None:
    server, _ = booked
    kiosk = kiosk_on(make_kiosk, kiosk_config, server)
    server.stop()
    kiosk.tap("home_checkin")
    kiosk.kiosk.hub.sim_idcard.present(ZHANG_SANFENG)
    kiosk.wait_screen(Screen.NOTICE)
    assert kiosk.state.notice.key == "offline_checkin"
    assert texts(kiosk, "notice_title")[0] == "网络中断，暂时无法核对预约"
    kiosk.window.grab().save(SHOTS.format("offline"))
    kiosk.tap("notice_normal_ticket")
    kiosk.wait_screen(Screen.CATEGORIES)
    kiosk.tap("category_HJ")
    kiosk.tap("service_HJ01")
    kiosk.wait_screen(Screen.GREEN)
    kiosk.tap("green_no")
    kiosk.wait_screen(Screen.TICKET)
    assert kiosk.state.ticket.offline, "issued offline, valid as usual"
