"""An uncertain estimate (`eta_range`) as a range on the kiosk's screens; a single estimate as
before; the faster hall never shown offline. Real widgets, no server."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from kiosk.session import Flow, Screen, Session
from tests.kiosk import samples
from tests.ui.kiosk.test_screenshots import LookOnly
from ui.common.fonts import install_fonts
from ui.kiosk.window import KioskWindow

XIANLIN = samples.elsewhere()


def shown(window: KioskWindow, name: str) -> list[str]:
    assert window.page is not None
    found = window.page.findChildren(QWidget, name)
    assert found, f"no {name!r} on the screen"
    return [label.text() for label in found[0].findChildren(QLabel)]


def everything(window: KioskWindow) -> str:
    assert window.page is not None
    return " ".join(label.text() for label in window.page.findChildren(QLabel))


def window_at(qtbot: Any, session: Session) -> KioskWindow:
    install_fonts()
    window = KioskWindow(LookOnly())
    qtbot.addWidget(window)
    window.resize(1080, 1920)
    window.show()
    window.show_state(session.state)
    return window


def ranged_session() -> Session:
    session = Session()
    session.on_hall(samples.hall())
    busy = replace(samples.services()[0], eta_minutes=14, eta_range=(10, 20), elsewhere=XIANLIN)
    session.on_services([busy, *samples.services()[1:]])
    return session


def test_the_service_list_and_the_ticket_say_a_range(qtbot: Any) -> None:
    session = ranged_session()
    session.choose(Flow.TICKET)
    session.pick_category("hukou")
    window = window_at(qtbot, session)
    assert "等候 4 人 · 约 10～20 分钟" in shown(window, "service_HJ01")[1]
    assert "等候 0 人 · 约 0 分钟" in shown(window, "service_HJ02")[1], "0: the usual words"
    session.on_ticket(samples.ticket(eta_minutes=14, eta_range=[10, 20]))
    session.on_printed(True)
    window.show_state(session.state)
    assert shown(window, "ticket_eta") == ["预计等候约 10～20 分钟", "About 10-20 minutes"]
    session.state.ticket = samples.ticket(eta_minutes=14, eta_range=None)
    window.show_state(session.state)
    assert shown(window, "ticket_eta") == ["预计等候约 14 分钟", "About 14 minutes"]


def test_offline_the_faster_hall_is_not_shown(qtbot: Any) -> None:
    session = ranged_session()
    session.on_ticket(samples.ticket(service="HJ01"))
    session.on_printed(True)
    window = window_at(qtbot, session)
    assert session.state.screen == Screen.TICKET
    assert "仙林街道便民服务中心" in everything(window)
    session.set_online(False)
    window.show_state(session.state)
    assert "仙林" not in everything(window) and "Xianlin" not in everything(window)
