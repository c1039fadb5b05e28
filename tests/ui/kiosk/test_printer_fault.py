"""The printer cannot print: the ticket is still valid, shown full screen to photograph, and the
hall manager sees a device fault on the server."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from kiosk.config import KioskConfig
from kiosk.session import Screen


def test_paper_out_shows_the_ticket_to_photograph_and_reports_the_fault(
    make_kiosk: Any, kiosk_config: KioskConfig
) -> None:
    kiosk = make_kiosk(kiosk_config)
    kiosk.paper.paper = "out"
    kiosk.tap("home_take")
    kiosk.tap("category_ZX")
    kiosk.tap("service_ZX01")
    kiosk.tap("green_no")
    kiosk.wait_screen(Screen.TICKET)

    assert kiosk.state.printed is False and kiosk.state.ticket.number == "Z001"
    assert kiosk.paper.received == b"", "nothing sent to a printer without paper"
    assert not kiosk.window.header.isVisible(), "the ticket alone fills the screen"
    photo = kiosk.window.page.findChild(QWidget, "ticket_photo")
    texts = [label.text() for label in photo.findChildren(QLabel)]
    assert texts[0] == "请拍照保存" and "this number is valid" in texts[-1]
    qr = kiosk.window.page.findChild(QLabel, "qr")
    assert qr.property("qr_text").endswith(f"/t/{kiosk.state.ticket.token}")
    assert kiosk.state.ticket.token, "the ticket exists on the server"

    def reported() -> bool:
        return any(f["state"] == "paper_out" for f in kiosk.api("/api/halls/qixia/devices/faults"))

    kiosk.qtbot.waitUntil(reported, timeout=15000)  # a background report over HTTP
    fault = kiosk.api("/api/halls/qixia/devices/faults")[-1]
    assert (fault["device"], fault["kiosk_id"]) == ("printer", "K1")

    kiosk.tap("done")
    kiosk.paper.paper = "ok"  # paper refilled: the next ticket prints
    kiosk.tap("home_take")
    kiosk.tap("category_ZX")
    kiosk.tap("service_ZX01")
    kiosk.tap("green_no")
    kiosk.wait_screen(Screen.TICKET)
    assert kiosk.state.printed is True
    kiosk.printed("Z002")
