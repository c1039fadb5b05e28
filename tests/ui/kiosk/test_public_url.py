"""The receipt's QR code and the paper-out screen's point at the configured public URL; a kiosk
without one falls back to the server's address and tells staff so at start-up."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import zxingcpp
from PySide6.QtWidgets import QLabel

from devices.printer.decode import qr_payloads
from devices.printer.escpos_preview import render_escpos_preview
from kiosk.config import KioskConfig
from tests.ui.kiosk.test_printer_recovery import take_ticket

PUBLIC = "http://10.1.2.3:8600"
SHOTS = Path("/tmp/print-shots")


def test_receipt_and_paper_out_qr_codes_use_the_public_url(
    make_kiosk: Any, kiosk_config: KioskConfig
) -> None:
    kiosk = make_kiosk(kiosk_config, public_url=PUBLIC)
    assert not kiosk.window.staff_note.isVisible(), "configured: nothing to tell staff"
    take_ticket(kiosk)
    kiosk.printed("Z001")
    token = kiosk.state.ticket.token
    kiosk.qtbot.waitUntil(lambda: len(qr_payloads(kiosk.paper.received)) == 1, timeout=3000)
    assert qr_payloads(kiosk.paper.received) == [f"{PUBLIC}/t/{token}"]
    paper = render_escpos_preview(kiosk.paper.received)  # what a phone would scan on paper
    assert [code.text for code in zxingcpp.read_barcodes(paper)] == [f"{PUBLIC}/t/{token}"]

    kiosk.tap("done")
    kiosk.paper.paper = "out"
    take_ticket(kiosk)
    assert kiosk.state.printed is False
    qr = kiosk.window.page.findChild(QLabel, "qr")
    assert qr.property("qr_text") == f"{PUBLIC}/t/{kiosk.state.ticket.token}"


def test_without_a_public_url_staff_are_told_and_the_server_address_is_used(
    make_kiosk: Any, kiosk_config: KioskConfig, caplog: Any
) -> None:
    with caplog.at_level(logging.WARNING, logger="ui.kiosk.assembly"):
        kiosk = make_kiosk(kiosk_config)
    warned = [r.getMessage() for r in caplog.records if "public_url" in r.getMessage()]
    assert len(warned) == 1 and kiosk_config.server_url in warned[0]
    note = kiosk.window.staff_note
    assert note.isVisible() and note.text().startswith("未设置 [kiosk] public_url")
    SHOTS.mkdir(exist_ok=True)
    kiosk.window.grab().save(str(SHOTS / "home-staff-note.png"))
    take_ticket(kiosk)
    assert not note.isVisible(), "only under the home screen"
    kiosk.printed("Z001")
    kiosk.qtbot.waitUntil(lambda: len(qr_payloads(kiosk.paper.received)) == 1, timeout=3000)
    token = kiosk.state.ticket.token
    assert qr_payloads(kiosk.paper.received) == [f"{kiosk_config.server_url}/t/{token}"]
