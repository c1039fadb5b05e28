"""The kiosk with a live server, as a citizen with an ID card uses it (issue 10, items 6, 8, 9,
10, 11): refused at once and reprinted, my tickets by card, the green channel by age, an
expired card, employers' services, and the service guide's actions. Screenshots go to /tmp."""

from __future__ import annotations

from typing import Any

import httpx
from PySide6.QtWidgets import QLabel, QWidget

from devices.idcard.text import IdCard
from devices.sim.identities import CHEN_YIJUN, LI_XIUYING, OUYANG_JIANGUO, ZHANG_SANFENG
from kiosk.config import KioskConfig
from kiosk.session import Screen

SHOTS = "/tmp/kflow-{}.png"


def texts(kiosk: Any, name: str) -> list[str]:
    block = kiosk.window.page.findChildren(QWidget, name)[0]
    return [label.text() for label in block.findChildren(QLabel)]


def shot(kiosk: Any, name: str) -> None:
    kiosk.window.grab().save(SHOTS.format(name))


def issue_by_api(server: Any, service: str, card: IdCard) -> dict[str, Any]:
    body = {"service": service, "id_card": {"number": card.id_number, "name": card.name}}
    answer = httpx.post(f"{server.url}/api/halls/qixia/tickets", json=body,
                        headers=server.headers("kiosk"), timeout=5)  # fmt: skip
    answer.raise_for_status()
    ticket: dict[str, Any] = answer.json()
    return ticket


def take(kiosk: Any, category: str, service: str, card: IdCard) -> None:
    kiosk.tap("home_take")
    kiosk.tap(f"category_{category}")
    kiosk.tap(f"service_{service}")
    kiosk.wait_screen(Screen.IDENTIFY)
    kiosk.kiosk.hub.sim_idcard.present(card)


def test_a_second_ticket_is_refused_at_the_card_and_the_first_is_reprinted(
    make_kiosk: Any, kiosk_config: KioskConfig, live_server: Any
) -> None:
    first = issue_by_api(live_server, "HJ01", ZHANG_SANFENG)
    kiosk = make_kiosk(kiosk_config)
    take(kiosk, "HJ", "HJ01", ZHANG_SANFENG)
    kiosk.wait_screen(Screen.NOTICE)
    assert Screen.GREEN not in kiosk.state.history, "refused before the green-channel question"
    assert texts(kiosk, "notice_title")[0] == "您已经取过这个事项的号"
    shot(kiosk, "duplicate")
    kiosk.tap("notice_reprint")
    kiosk.wait_screen(Screen.TICKET)
    assert kiosk.state.ticket.number == first["number"] and kiosk.state.printed
    assert texts(kiosk, "ticket_reprinted")[0] == "补打号票 · 号码不变"
    printed = kiosk.printed("补打 Reprint", first["number"])
    assert f"/t/{first['token']}" not in printed  # the QR code carries it, not the text
    shot(kiosk, "reprinted")
    waiting = kiosk.api("/api/halls/qixia/tickets?status=waiting")
    assert [t["number"] for t in waiting] == [first["number"]], "no second ticket"


def test_my_place_by_id_card_shows_the_holders_tickets_today(
    make_kiosk: Any, kiosk_config: KioskConfig, live_server: Any
) -> None:
    mine = [issue_by_api(live_server, code, LI_XIUYING) for code in ("HJ01", "SB01")]
    issue_by_api(live_server, "HJ01", ZHANG_SANFENG)  # someone else's, behind her
    kiosk = make_kiosk(kiosk_config)
    kiosk.tap("home_place")
    kiosk.wait_screen(Screen.PLACE_SCAN)
    kiosk.kiosk.hub.sim_idcard.present(LI_XIUYING)
    kiosk.wait_screen(Screen.MY_TICKETS)
    rows = [texts(kiosk, f"held_{t['number']}") for t in mine]
    assert rows[0][0] == f"{mine[0]['number']}  户口迁移"
    assert rows[0][1].startswith("前面还有 0 人 · 约 ")
    assert rows[1][0].startswith(mine[1]["number"])
    shot(kiosk, "my-tickets")


def test_a_68_year_old_gets_the_green_channel_without_being_asked(
    make_kiosk: Any, kiosk_config: KioskConfig
) -> None:
    kiosk = make_kiosk(kiosk_config)
    take(kiosk, "HJ", "HJ03", OUYANG_JIANGUO)
    kiosk.wait_screen(Screen.TICKET)
    assert Screen.GREEN not in kiosk.state.history
    assert kiosk.state.ticket.priority == "green"
    kiosk.printed("绿色通道 Green channel", kiosk.state.ticket.number)
    shot(kiosk, "green-by-age")


def test_an_expired_card_is_told_and_the_ticket_flagged_for_the_clerk(
    make_kiosk: Any, kiosk_config: KioskConfig
) -> None:
    kiosk = make_kiosk(kiosk_config)
    take(kiosk, "HJ", "HJ04", CHEN_YIJUN)  # valid to 2024-09-01
    kiosk.wait_screen(Screen.NOTICE)
    assert texts(kiosk, "notice_title")[0] == "您的身份证已过期"
    shot(kiosk, "expired")
    kiosk.tap("notice_go_on")
    kiosk.wait_screen(Screen.GREEN)
    kiosk.tap("green_no")
    kiosk.wait_screen(Screen.TICKET)
    assert kiosk.state.ticket.id_expired
    listed = kiosk.api("/api/halls/qixia/tickets?status=waiting")
    assert [t["id_expired"] for t in listed] == [True]


def test_an_employers_service_asks_no_green_channel_question(
    make_kiosk: Any, kiosk_config: KioskConfig
) -> None:
    kiosk = make_kiosk(kiosk_config)
    take(kiosk, "QY", "QY01", OUYANG_JIANGUO)  # 68, but here as a company's agent
    kiosk.wait_screen(Screen.TICKET)
    assert Screen.GREEN not in kiosk.state.history
    assert kiosk.state.ticket.priority == "normal"


def test_the_guide_prints_the_list_and_takes_a_ticket_for_the_service(
    make_kiosk: Any, kiosk_config: KioskConfig
) -> None:
    kiosk = make_kiosk(kiosk_config)
    kiosk.tap("home_guide")
    kiosk.tap("category_HJ")
    kiosk.tap("service_HJ01")
    kiosk.wait_screen(Screen.MATERIALS)
    kiosk.tap("materials_print")
    kiosk.qtbot.waitUntil(lambda: kiosk.state.materials_printed is not None, timeout=3000)
    kiosk.printed("办事指南（一次告知）", "1. 居民身份证", "3. 准予迁入证明或房屋产权证明")
    assert texts(kiosk, "materials_printed")[0] == "清单已打印，请取走"
    shot(kiosk, "materials")
    kiosk.tap("materials_take")
    kiosk.wait_screen(Screen.IDENTIFY)
    kiosk.kiosk.hub.sim_idcard.present(ZHANG_SANFENG)
    kiosk.wait_screen(Screen.GREEN)
    kiosk.tap("green_no")
    kiosk.wait_screen(Screen.TICKET)
    assert kiosk.state.ticket.service == "HJ01"
    # where to wait, from the hall's windows for HJ01 (config/district.toml: 1, 2, 25-27, 29)
    kiosk.printed(kiosk.state.ticket.number, "请在1-2、25-27、29号窗口等候区等候叫号")
