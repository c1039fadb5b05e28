"""The kiosk's home screen shows the hall's notices and follows a manager's change live (the
event stream: the poll alone would take a minute)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from kiosk.config import KioskConfig
from tests.conftest import SCREENSHOT_DIR
from tests.ui.notices import put_notices


def notice_texts(kiosk: Any) -> list[str]:
    page = kiosk.window.page
    blocks = [w for w in page.findChildren(QWidget) if w.objectName().startswith("home_notice_")]
    return [" ".join(label.text() for label in b.findChildren(QLabel)) for b in blocks]


def test_the_home_screen_follows_the_halls_notices(
    make_kiosk: Any, kiosk_config: KioskConfig, live_server: Any
) -> None:
    kiosk = make_kiosk(kiosk_config, refresh_ms=60_000)
    assert notice_texts(kiosk) == []
    kiosk.qtbot.waitUntil(lambda: kiosk.controller.events.live, timeout=3000)
    lines = [{"zh": "不动产业务今日暂停", "en": "No property registration today"}]
    put_notices(live_server, lines)
    kiosk.qtbot.waitUntil(lambda: len(notice_texts(kiosk)) == 1, timeout=3000)
    assert notice_texts(kiosk) == ["不动产业务今日暂停 No property registration today"]
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    assert kiosk.window.grab().save(str(SCREENSHOT_DIR / "kiosk-notices.png"))
