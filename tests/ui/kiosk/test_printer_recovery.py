"""The printer unplugged and plugged back in: the kiosk reopens it by itself, the home screen
says what to do meanwhile, and every change of the printer's state reaches the server once."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from devices.sim import VirtualPrinter
from kiosk.config import KioskConfig
from kiosk.session import Screen
from ui.kiosk.status_strips import UNAVAILABLE

SHOTS = Path("/tmp/print-shots")


def take_ticket(kiosk: Any) -> None:
    kiosk.tap("home_take")
    kiosk.tap("category_ZX")
    kiosk.tap("service_ZX01")
    kiosk.tap("green_no")
    kiosk.wait_screen(Screen.TICKET)


def printer_states(kiosk: Any) -> list[str]:
    faults = kiosk.api("/api/halls/qixia/devices/faults")
    return [f["state"] for f in faults if f["device"] == "printer"]


def test_unplugged_printer_is_reopened_and_the_next_ticket_prints(
    make_kiosk: Any, kiosk_config: KioskConfig
) -> None:
    kiosk = make_kiosk(kiosk_config)
    take_ticket(kiosk)
    assert kiosk.state.printed is True
    kiosk.printed("Z001")
    kiosk.tap("done")

    kiosk.paper.disappear()  # unplugged: the kiosk's port now fails with "Input/output error"
    banner = kiosk.window.printer_banner
    kiosk.qtbot.waitUntil(banner.isVisible, timeout=5000)  # the probe saw it, no ticket needed
    assert banner.text() == f"{UNAVAILABLE[0]}\n{UNAVAILABLE[1]}"
    assert banner.text().startswith("打印机暂不可用")
    SHOTS.mkdir(exist_ok=True)
    kiosk.window.grab().save(str(SHOTS / "home-printer-unavailable.png"))
    kiosk.qtbot.waitUntil(lambda: "offline" in printer_states(kiosk), timeout=5000)

    kiosk.paper.reappear()  # plugged back in, on a new pty behind the same port name
    kiosk.qtbot.waitUntil(lambda: not banner.isVisible(), timeout=5000)
    kiosk.qtbot.waitUntil(lambda: printer_states(kiosk)[-1:] == ["ok"], timeout=5000)
    assert printer_states(kiosk) == ["offline", "ok"], "each change reported once"

    kiosk.paper.clear()
    take_ticket(kiosk)
    assert kiosk.state.printed is True
    kiosk.printed("Z002")


def test_a_quick_replug_costs_no_ticket(make_kiosk: Any, kiosk_config: KioskConfig) -> None:
    kiosk = make_kiosk(kiosk_config)
    take_ticket(kiosk)
    kiosk.printed("Z001")
    kiosk.tap("done")
    kiosk.paper.disappear()
    kiosk.paper.reappear()  # before any probe noticed: the print itself reopens the port
    take_ticket(kiosk)
    assert kiosk.state.printed is True
    kiosk.printed("Z002")


def test_paper_near_end_is_reported_and_tickets_still_print(
    make_kiosk: Any, kiosk_config: KioskConfig
) -> None:
    kiosk = make_kiosk(kiosk_config)
    kiosk.paper.paper = "near_end"
    kiosk.qtbot.waitUntil(lambda: printer_states(kiosk) == ["paper_near_end"], timeout=5000)
    fault = kiosk.api("/api/halls/qixia/devices/faults")[-1]
    assert fault["kiosk_id"] == "K1" and "纸将用尽" in fault["message"]
    assert not kiosk.window.printer_banner.isVisible(), "it still prints"
    take_ticket(kiosk)
    assert kiosk.state.printed is True
    kiosk.printed("Z001")

    kiosk.paper.paper = "out"
    kiosk.qtbot.waitUntil(lambda: printer_states(kiosk)[-1:] == ["paper_out"], timeout=5000)
    kiosk.tap("done")
    kiosk.qtbot.waitUntil(kiosk.window.printer_banner.isVisible, timeout=3000)
    take_ticket(kiosk)  # a ticket while out of paper is not one more report
    assert kiosk.state.printed is False
    assert printer_states(kiosk) == ["paper_near_end", "paper_out"]


def test_a_kiosk_starts_without_its_printer_and_prints_once_it_is_plugged_in(
    make_kiosk: Any, kiosk_config: KioskConfig, tmp_path: Path
) -> None:
    with VirtualPrinter(link_dir=tmp_path) as printer:
        printer.disappear()  # not plugged in when the kiosk starts
        devices = replace(kiosk_config.devices, printer=f"serial:{printer.port}")
        kiosk = make_kiosk(kiosk_config, devices=devices)
        kiosk.qtbot.waitUntil(kiosk.window.printer_banner.isVisible, timeout=5000)
        kiosk.qtbot.waitUntil(lambda: printer_states(kiosk) == ["offline"], timeout=5000)
        printer.reappear()
        kiosk.qtbot.waitUntil(lambda: printer_states(kiosk) == ["offline", "ok"], timeout=5000)
        assert not kiosk.window.printer_banner.isVisible()
        take_ticket(kiosk)
        assert kiosk.state.printed is True
        kiosk.qtbot.waitUntil(lambda: "Z001" in printer.received_text(), timeout=3000)
