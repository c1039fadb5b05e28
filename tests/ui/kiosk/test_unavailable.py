"""A service nobody can serve right now is shown greyed with the reason, on a live server."""

from __future__ import annotations

from typing import Any

import httpx
from PySide6.QtWidgets import QLabel

from kiosk.config import KioskConfig
from kiosk.session import Screen
from queue_server.config_loader import load_district

SERVICE = "MZ01"  # windows 8, 25-27, 29; MZ04/MZ05 are also served at window 9


def test_a_service_with_every_window_paused_is_greyed_with_the_reason(
    make_kiosk: Any, kiosk_config: KioskConfig, live_server: Any
) -> None:
    hall = load_district().halls["qixia"]
    paused = {w.number for w in hall.windows_serving(SERVICE)}
    for number in sorted(paused):
        answer = httpx.post(
            f"{live_server.url}/api/halls/qixia/windows/{number}/pause",
            json={"reason": "lunch"},
            headers=live_server.headers("clerk", "qixia"),
            timeout=5,
        )
        assert answer.status_code == 200, answer.text
    kiosk = make_kiosk(kiosk_config)
    kiosk.wait_ready()
    kiosk.tap("home_take")
    kiosk.wait_screen(Screen.CATEGORIES)
    kiosk.tap("category_MZ")
    kiosk.wait_screen(Screen.SERVICES)
    button = kiosk.find(f"service_{SERVICE}")
    assert button is not None and not button.isEnabled()
    assert "人工导引台" in _texts(button)  # 请前往人工导引台咨询: what to do instead
    open_windows = {w.number for w in hall.windows} - paused
    for code in ("MZ02", "MZ03", "MZ04", "MZ05"):  # greyed exactly when no open window serves it
        shown = kiosk.find(f"service_{code}")
        served = any(w.number in open_windows for w in hall.windows_serving(code))
        assert shown is not None and shown.isEnabled() == served, code
    assert kiosk.find("service_MZ05").isEnabled(), "window 9 still serves MZ05"


def _texts(widget: Any) -> str:
    return " ".join(label.text() for label in widget.findChildren(QLabel))
