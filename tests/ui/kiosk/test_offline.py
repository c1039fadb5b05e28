"""Offline: the server stops, the kiosk keeps issuing from its journal (across a kiosk restart),
the server comes back, the tickets are handed over once, in issue order, numbers unique."""

from __future__ import annotations

from typing import Any

from kiosk.config import KioskConfig
from kiosk.session import Screen


def enquiry_ticket(kiosk: Any) -> Any:
    """An enquiry ticket (no ID needed), left on the ticket screen."""
    kiosk.tap("home_take")
    kiosk.wait_screen(Screen.CATEGORIES)
    kiosk.tap("category_ZX")
    kiosk.tap("service_ZX01")  # no ID needed
    kiosk.tap("green_no")
    kiosk.wait_screen(Screen.TICKET)
    return kiosk.state.ticket


def take_enquiry_ticket(kiosk: Any) -> Any:
    ticket = enquiry_ticket(kiosk)
    kiosk.tap("done")
    return ticket


def today(kiosk: Any) -> list[dict[str, Any]]:
    return [t for t in kiosk.api("/api/halls/qixia/tickets") if t["service"] == "ZX01"]


def test_offline_tickets_survive_a_restart_and_are_handed_over_once(
    make_kiosk: Any, kiosk_config: KioskConfig, live_server: Any
) -> None:
    kiosk = make_kiosk(kiosk_config)
    online = take_enquiry_ticket(kiosk)
    assert online.number == "Z001" and not online.offline

    live_server.stop()
    first = take_enquiry_ticket(kiosk)
    assert first.offline and first.number == "ZK101" and first.token is None
    assert not kiosk.state.online and kiosk.window.banner.isVisible()
    assert "网络中断" in kiosk.window.banner.text()
    second = take_enquiry_ticket(kiosk)
    assert second.number == "ZK102"
    kiosk.printed("Z001", "ZK101", "ZK102", "网络中断时取号，本号有效")

    kiosk.kiosk.window.close()  # the kiosk restarts while the server is still down
    kiosk.kiosk.stop()
    restarted = make_kiosk(kiosk_config)  # knows the hall and services from its journal
    third = take_enquiry_ticket(restarted)
    assert third.number == "ZK103"
    assert [e.number for e in restarted.kiosk.journal.pending()] == ["ZK101", "ZK102", "ZK103"]

    live_server.start()
    restarted.qtbot.waitUntil(lambda: restarted.state.online, timeout=10000)
    assert restarted.kiosk.journal.pending() == []
    assert not restarted.window.banner.isVisible()
    tickets = today(restarted)
    assert [t["number"] for t in tickets] == ["Z001", "ZK101", "ZK102", "ZK103"]
    assert [t["source"] for t in tickets] == ["walk_in", "offline", "offline", "offline"]
    next_online = take_enquiry_ticket(restarted)
    assert next_online.number == "Z002" and not next_online.offline

    restarted.kiosk.window.close()  # one more restart: nothing is handed over twice
    restarted.kiosk.stop()
    again = make_kiosk(kiosk_config)
    again.qtbot.waitUntil(lambda: again.state.online, timeout=5000)
    numbers = [t["number"] for t in today(again)]
    assert numbers == ["Z001", "ZK101", "ZK102", "ZK103", "Z002"]
    assert len(set(numbers)) == len(numbers)
