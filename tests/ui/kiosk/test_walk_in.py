"""The walk-in flow on a live server: home → category → service → card swipe → ticket."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from devices.sim.identities import ZHANG_SANFENG
from kiosk.config import KioskConfig
from kiosk.session import Screen


def test_walk_in_with_a_card_swipe_issues_and_prints_a_ticket(
    make_kiosk: Any, kiosk_config: KioskConfig
) -> None:
    kiosk = make_kiosk(kiosk_config)
    kiosk.tap("home_take")
    kiosk.wait_screen(Screen.CATEGORIES)
    kiosk.tap("category_HJ")
    kiosk.tap("service_HJ01")
    kiosk.wait_screen(Screen.IDENTIFY)
    kiosk.kiosk.hub.sim_idcard.present(ZHANG_SANFENG)
    kiosk.wait_screen(Screen.GREEN)
    kiosk.tap("green_no")
    kiosk.wait_screen(Screen.TICKET)

    ticket = kiosk.state.ticket
    assert ticket.number == "A001" and ticket.token and not ticket.offline
    assert kiosk.state.printed is True
    printed = kiosk.printed("A001", "户口迁移", "张*丰")
    assert "360426" not in printed
    assert kiosk.state.identity is None, "the card is forgotten once the ticket exists"
    on_server = kiosk.api(f"/api/tickets/{ticket.token}")
    assert on_server["status"] == "waiting" and on_server["service"] == "HJ01"
    assert on_server["holder"] == "张*丰"
    assert on_server["id_masked"] == "3604**********0071"
    qr = kiosk.window.findChild(QLabel, "qr")
    assert qr is not None and qr.property("qr_text") == f"{kiosk.server.url}/t/{ticket.token}"

    kiosk.tap("done")
    assert kiosk.state.screen == Screen.HOME and not kiosk.state.holds_personal_data()

    kiosk.kiosk.hub.sim_scanner.scan(f"{kiosk.server.url}/t/{ticket.token}")  # my place
    kiosk.wait_screen(Screen.PLACE)
    assert kiosk.state.ticket.number == "A001" and kiosk.state.ticket.ahead == 0
    status = kiosk.window.page.findChild(QWidget, "place_status")
    assert [label.text() for label in status.findChildren(QLabel)][0] == "前面还有 0 人"


def test_keypad_entry_with_a_wrong_check_digit_says_so_and_takes_the_right_one(
    make_kiosk: Any, kiosk_config: KioskConfig
) -> None:
    kiosk = make_kiosk(kiosk_config)
    kiosk.tap("home_take")
    kiosk.tap("category_SB")
    kiosk.tap("service_SB01")
    kiosk.wait_screen(Screen.IDENTIFY)
    kiosk.tap("open_keypad")
    kiosk.type_keys("12010319880601824")
    assert not kiosk.find("key_ok").isEnabled(), "OK waits for 18 characters"
    kiosk.type_keys("X")  # the right check digit is 1
    kiosk.tap("key_ok")
    assert kiosk.state.screen == Screen.KEYPAD and kiosk.state.keypad_error
    error = kiosk.window.page.findChild(QWidget, "keypad_error")
    assert error is not None and error.isVisible()
    shown = [label.text() for label in error.findChildren(QLabel)]
    assert shown == ["身份证号码有误，请核对后重新输入",
                     "This ID number is not valid. Check it and type it again."]  # fmt: skip
    kiosk.tap("key_delete")
    kiosk.type_keys("1")
    kiosk.tap("key_ok")
    kiosk.wait_screen(Screen.GREEN)
    kiosk.tap("green_yes")
    kiosk.wait_screen(Screen.TICKET)
    ticket = kiosk.state.ticket
    assert ticket.number == "B001" and ticket.priority == "green"
    on_server = kiosk.api(f"/api/tickets/{ticket.token}")
    assert on_server["id_masked"] == "1201**********8241" and on_server["priority"] == "green"


def test_a_second_ticket_for_the_same_person_is_refused_saying_what_to_do(
    make_kiosk: Any, kiosk_config: KioskConfig
) -> None:
    kiosk = make_kiosk(kiosk_config)
    kiosk.kiosk.hub.sim_idcard.present(ZHANG_SANFENG)  # swiped on the home screen
    kiosk.wait_screen(Screen.CATEGORIES)
    kiosk.tap("category_HJ")
    kiosk.tap("service_HJ04")
    kiosk.wait_screen(Screen.GREEN)  # the card from the home screen is used
    kiosk.tap("green_no")
    kiosk.wait_screen(Screen.TICKET)
    kiosk.tap("done")

    kiosk.tap("home_take")
    kiosk.tap("category_HJ")
    kiosk.tap("service_HJ04")
    kiosk.tap("open_keypad")
    kiosk.type_keys(ZHANG_SANFENG.id_number)
    kiosk.tap("key_ok")  # refused as soon as the number is known: no green-channel question
    kiosk.wait_screen(Screen.NOTICE)
    notice = kiosk.state.notice
    assert notice.key == "duplicate_reprint" and notice.actions == ("reprint", "home")
    title = kiosk.window.page.findChild(QWidget, "notice_title")
    texts = [label.text() for label in title.findChildren(QLabel)]
    assert texts == ["您已经取过这个事项的号", "You already have a ticket for this service"]
    kiosk.tap("go_home")
    assert kiosk.state.screen == Screen.HOME and kiosk.state.identity is None


def test_language_switch_changes_every_text_and_home_restores_chinese(
    make_kiosk: Any, kiosk_config: KioskConfig
) -> None:
    kiosk = make_kiosk(kiosk_config)
    take = kiosk.find("home_take")
    assert take.text_lines()[0] == "取号"
    kiosk.tap("switch_language")
    assert kiosk.state.language == "en"
    assert kiosk.find("home_take").text_lines()[0] == "Take a ticket"
    assert kiosk.find("switch_language").text() == "中文"
    kiosk.tap("home_take")
    kiosk.wait_screen(Screen.CATEGORIES)
    assert kiosk.find("category_HJ").text_lines()[0] == "Household registration"
    assert kiosk.find("back").text_lines() == ["Back", "返回"]
    kiosk.tap("switch_language")
    assert kiosk.find("category_HJ").text_lines()[0] == "户籍"
    kiosk.tap("switch_language")
    kiosk.tap("go_home")
    assert kiosk.state.language == "zh", "the next citizen starts in Chinese"
    assert kiosk.find("home_take").text_lines()[0] == "取号"
