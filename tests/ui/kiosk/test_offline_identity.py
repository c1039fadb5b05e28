"""Offline with an ID card on the real kiosk (issue 10, item 3): the card's second ticket for a
service is refused naming the first, and the server learns the holder at hand-over."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from devices.sim.identities import ZHANG_SANFENG
from kiosk.config import KioskConfig
from kiosk.session import Screen


def take(kiosk: Any, swipe: bool) -> None:
    """HJ04 for 张三丰: by a swipe of the card (number and name) or the number on the keypad."""
    kiosk.tap("home_take")
    kiosk.wait_screen(Screen.CATEGORIES)
    kiosk.tap("category_HJ")
    kiosk.tap("service_HJ04")
    kiosk.wait_screen(Screen.IDENTIFY)
    if swipe:
        kiosk.kiosk.hub.sim_idcard.present(ZHANG_SANFENG)
    else:
        kiosk.tap("open_keypad")
        kiosk.type_keys(ZHANG_SANFENG.id_number)
        kiosk.tap("key_ok")
    kiosk.wait_screen(Screen.GREEN)
    kiosk.tap("green_no")


def test_offline_a_second_ticket_of_the_card_is_refused_and_the_holder_reaches_the_server(
    make_kiosk: Any, kiosk_config: KioskConfig, live_server: Any
) -> None:
    kiosk = make_kiosk(kiosk_config)
    kiosk.qtbot.waitUntil(lambda: kiosk.controller.offline.can_seal, timeout=5000)
    live_server.stop()
    take(kiosk, swipe=True)
    kiosk.wait_screen(Screen.TICKET)
    first = kiosk.state.ticket
    assert first.offline and first.token is None
    kiosk.tap("done")

    take(kiosk, swipe=False)
    kiosk.wait_screen(Screen.NOTICE)
    assert kiosk.state.notice.key == "duplicate_ticket"
    page = kiosk.window.page
    texts = [label.text() for label in page.findChildren(QLabel) if label.isVisible()]
    zh = next(n for n, text in enumerate(texts) if f"{first.number} 号" in text)
    en = next(n for n, text in enumerate(texts) if f"ticket {first.number}" in text)
    assert texts[zh].startswith("请勿重复取号") and zh < en  # Chinese first, then English
    assert page.findChild(QWidget, "notice_title") is not None
    kiosk.window.grab().save("/tmp/sealed/kiosk-offline-duplicate.png")
    kiosk.tap("go_home")

    live_server.start()
    kiosk.qtbot.waitUntil(lambda: kiosk.state.online, timeout=10000)
    (ticket,) = [t for t in kiosk.api("/api/halls/qixia/tickets") if t["service"] == "HJ04"]
    assert (ticket["number"], ticket["holder"]) == (first.number, "张*丰")
    assert ticket["id_masked"] == "3604**********0071"
