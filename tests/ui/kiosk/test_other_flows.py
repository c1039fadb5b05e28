"""Appointment check-in on a server without appointments (501), what to bring. Check-in itself:
test_check_in.py; the cross-hall suggestion: test_elsewhere.py."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from devices.sim.identities import OUYANG_JIANGUO
from kiosk.config import KioskConfig
from kiosk.session import Screen


def texts(kiosk: Any, name: str) -> list[str]:
    block = kiosk.window.page.findChildren(QWidget, name)[0]
    return [label.text() for label in block.findChildren(QLabel)]


def test_without_appointments_the_tile_says_unavailable_and_explains_without_asking_for_a_card(
    make_kiosk: Any, kiosk_config: KioskConfig
) -> None:
    kiosk = make_kiosk(kiosk_config)
    kiosk.qtbot.waitUntil(lambda: kiosk.state.appointments is True, timeout=3000)  # the probe
    # what a server without appointments answers the probe (501 appointments_unavailable)
    kiosk.controller._appointments_known(False)
    kiosk.qtbot.waitUntil(lambda: "暂未开通" in " ".join(texts(kiosk, "home_checkin")))
    assert texts(kiosk, "home_checkin") == [
        "预约签到（暂未开通）", "Appointment check-in (not yet available)",
    ]  # fmt: skip
    tile, take = kiosk.find("home_checkin"), kiosk.find("home_take")
    page = kiosk.window.page
    assert tile.width() * tile.height() < page.width() * page.height() / 8, "a slim tile"
    assert tile.height() < take.height() / 2
    kiosk.tap("home_checkin")
    kiosk.wait_screen(Screen.NOTICE)  # at once: no card asked for
    assert kiosk.state.notice.key == "appointments_unavailable"
    assert texts(kiosk, "notice_title") == [
        "预约签到暂时不能使用", "Appointment check-in is not available now",
    ]  # fmt: skip
    kiosk.tap("notice_normal_ticket")
    kiosk.wait_screen(Screen.CATEGORIES)
    kiosk.tap("category_HJ")
    kiosk.tap("service_HJ03")
    kiosk.wait_screen(Screen.IDENTIFY)
    kiosk.kiosk.hub.sim_idcard.present(OUYANG_JIANGUO)
    # at 68 the green channel comes without the question (issue 10, item 10:
    # [kiosk] green_channel_age = 65)
    kiosk.wait_screen(Screen.TICKET)
    on_server = kiosk.api(f"/api/tickets/{kiosk.state.ticket.token}")
    assert on_server["holder"] == "欧**国" and on_server["priority"] == "green"


def test_what_to_bring_lists_the_materials(make_kiosk: Any, kiosk_config: KioskConfig) -> None:
    kiosk = make_kiosk(kiosk_config)
    kiosk.tap("home_guide")
    kiosk.tap("category_HJ")
    kiosk.tap("service_HJ01")
    kiosk.wait_screen(Screen.MATERIALS)
    assert texts(kiosk, "material_1") == ["1. 居民身份证", "Resident ID card"]
    assert texts(kiosk, "material_3")[0] == "3. 准予迁入证明或房屋产权证明"
    kiosk.tap("back")
    kiosk.wait_screen(Screen.SERVICES)
    assert kiosk.state.flow.value == "guide"
