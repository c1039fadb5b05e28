"""The walk-in flow on a live server: home → category → service → card swipe → ticket."""

from __future__ import annotations

from typing import Any

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
    assert [t.number for t in kiosk.kiosk.printer.printed] == ["A001"]
    assert kiosk.state.identity is None, "the card is forgotten once the ticket exists"
    on_server = kiosk.api(f"/api/tickets/{ticket.token}")
    assert on_server["status"] == "waiting" and on_server["service"] == "HJ01"
    assert on_server["holder"] == "张*丰"
    assert on_server["id_masked"] == "3604**********0071"
    qr = kiosk.window.findChild(type(kiosk.window.hall_label), "qr")
    assert qr is not None and qr.property("qr_text") == f"{kiosk.server.url}/t/{ticket.token}"

    kiosk.tap("done")
    assert kiosk.state.screen == Screen.HOME and kiosk.state.ticket is None
