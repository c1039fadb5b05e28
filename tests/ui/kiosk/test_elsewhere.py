"""The server's cross-hall suggestion (`elsewhere`) on a whole kiosk against the real server:
large, Chinese first, with the address, on the suggestion screen and on the ticket screen; the
citizen may still take a ticket here. The ticket's uncertain wait (`eta_range`) on the screen
and the receipt."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.config import KioskConfig
from kiosk.session import Screen
from tests.conftest import SCREENSHOT_DIR

SHOTS = SCREENSHOT_DIR / "kiosk-elsewhere"
NO_WAIT = ("现在无需等候", "no wait now")  # a hall where nobody waits: not "约等 0 分钟"


def texts(kiosk: Any, name: str) -> list[str]:
    block = kiosk.window.page.findChildren(QWidget, name)[0]
    return [label.text() for label in block.findChildren(QLabel)]


def page_text(kiosk: Any) -> str:
    return " ".join(label.text() for label in kiosk.window.page.findChildren(QLabel))


def crowd_the_enquiry_desk(server: Any) -> dict[str, Any]:
    """40 enquiries (ZX01) at the district centre, until the server names a faster hall; its
    service answer for ZX01."""
    url, headers = f"{server.url}/api/halls/qixia", server.headers("kiosk", "qixia")
    for _ in range(40):
        body = {"service": "ZX01", "idempotency_key": uuid.uuid4().hex}
        httpx.post(f"{url}/tickets", json=body, headers=headers, timeout=5).raise_for_status()
    services = httpx.get(f"{url}/services", timeout=5).json()
    crowded: dict[str, Any] = next(s for s in services if s["code"] == "ZX01")
    assert crowded["elsewhere"] is not None, crowded
    return crowded


def choose_enquiry(kiosk: Any) -> None:
    kiosk.tap("home_take")
    kiosk.tap("category_ZX")
    kiosk.qtbot.waitUntil(
        lambda: any(s.code == "ZX01" and s.elsewhere for s in kiosk.state.services), timeout=5000
    )
    kiosk.tap("service_ZX01")


def test_a_much_faster_hall_is_shown_before_the_ticket_and_on_it_and_staying_still_works(
    make_kiosk: Any, kiosk_config: KioskConfig, live_server: Any
) -> None:
    crowded = crowd_the_enquiry_desk(live_server)
    other = crowded["elsewhere"]
    name, address, eta = other["name"], other["address"], other["eta_minutes"]
    kiosk = make_kiosk(kiosk_config)
    choose_enquiry(kiosk)
    kiosk.wait_screen(Screen.SUGGEST)
    SHOTS.mkdir(parents=True, exist_ok=True)
    kiosk.window.grab().save(str(SHOTS / "suggest.png"))
    zh_wait, en_wait = (f"约等 {eta} 分钟", f"about {eta} min") if eta else NO_WAIT
    assert texts(kiosk, "suggest_there") == [f"{name['zh']} {zh_wait}", f"{name['en']}: {en_wait}"]
    assert f"地址：{address['zh']}" in page_text(kiosk)
    there = kiosk.window.page.findChildren(QWidget, "suggest_there")[0].findChildren(QLabel)[0]
    assert QFontInfo(there.font()).pixelSize() >= 48, "large type, for elderly citizens"
    kiosk.tap("stay_here")  # a suggestion, never a block
    kiosk.wait_screen(Screen.GREEN)
    kiosk.tap("green_no")
    kiosk.wait_screen(Screen.TICKET)
    mine = kiosk.state.ticket
    assert mine.service == "ZX01" and mine.token
    assert mine.eta_range is not None, "40 ahead: the server's estimate is a range"
    low, high = mine.eta_range
    assert texts(kiosk, "ticket_eta") == [
        f"预计等候约 {low}～{high} 分钟",
        f"About {low}-{high} minutes",
    ]
    kiosk.printed(f"预计等候约 {low}～{high} 分钟", f"about {low}-{high} min")  # the receipt too
    shown = texts(kiosk, "ticket_elsewhere")
    assert shown[0] == f"人少的大厅：{name['zh']} {zh_wait}\n地址：{address['zh']}"
    assert shown[1] == f"Shorter wait: {name['en']}, {en_wait}\nAddress: {address['en']}"
    kiosk.window.grab().save(str(SHOTS / "ticket.png"))
    kiosk.tap("done")
    kiosk.wait_screen(Screen.HOME)
    choose_enquiry(kiosk)  # the next citizen goes there instead: no ticket here
    kiosk.wait_screen(Screen.SUGGEST)
    kiosk.tap("go_elsewhere")
    kiosk.wait_screen(Screen.NOTICE)
    assert texts(kiosk, "notice_title")[0] == f"请前往{name['zh']}"
    assert kiosk.state.ticket is None
