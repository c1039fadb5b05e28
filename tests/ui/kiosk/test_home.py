"""The home screen on a live server: waiting counts that follow the hall, the closed hall, the
keypad that stays put, and large text that does not outlast its citizen."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import httpx
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from kiosk.config import KioskConfig
from kiosk.session import Screen, Session
from queue_server.clock import shanghai

CLOSED_EVENING = shanghai(2026, 12, 2, 20)  # a Wednesday, after hours


def status_text(kiosk: Any) -> str:
    block = kiosk.window.page.findChildren(QWidget, "home_status")[0]
    return " ".join(label.text() for label in block.findChildren(QLabel))


def test_the_waiting_count_follows_a_ticket_from_another_kiosk_within_a_second(
    make_kiosk: Any, kiosk_config: KioskConfig, live_server: Any
) -> None:
    kiosk = make_kiosk(kiosk_config, refresh_ms=60_000)  # the poll alone would take a minute
    before = kiosk.state.hall.waiting
    assert f"当前等候 {before} 人" in status_text(kiosk)
    kiosk.qtbot.waitUntil(lambda: kiosk.controller.events.live, timeout=3000)
    service = next(s for s in kiosk.state.services if not s.id_required and s.available)
    answer = httpx.post(
        f"{live_server.url}/api/halls/qixia/tickets",
        json={"service": service.code, "kiosk_id": "K2"},
        headers=live_server.headers("kiosk", "qixia"),
        timeout=5,
    )
    assert answer.status_code == 201, answer.text
    kiosk.qtbot.waitUntil(lambda: f"当前等候 {before + 1} 人" in status_text(kiosk), timeout=1200)
    assert kiosk.state.hall.waiting == before + 1


def test_the_closed_hall_says_so_and_when_it_opens(
    make_kiosk: Any, make_live_server: Any, kiosk_config: KioskConfig
) -> None:
    server = make_live_server(ignore_hours=False, clock_start=CLOSED_EVENING)
    config = replace(kiosk_config, server_url=server.url, token=server.token("kiosk", "qixia"))
    services = httpx.get(f"{server.url}/api/halls/qixia/services", timeout=5).json()
    opens = {datetime.fromisoformat(s["unavailable_reason"]["opens_at"]) for s in services}
    assert len(opens) == 1, "every service closed until the same opening"
    kiosk = make_kiosk(config)
    shown = status_text(kiosk)
    assert "本厅现在不办公" in shown and "The hall is closed now" in shown
    assert f"{opens.pop():%H:%M} 开始办理" in shown
    assert not kiosk.find("home_take").isEnabled()
    assert kiosk.find("home_place").isEnabled() and kiosk.find("home_guide").isEnabled()


def keys_in_place(kiosk: Any) -> dict[str, QRect]:
    window = kiosk.window
    return {
        key.objectName(): QRect(key.mapTo(window, key.rect().topLeft()), key.size())
        for key in window.page.findChildren(QPushButton)
        if key.objectName().startswith("key_")
    }


def test_the_keypad_does_not_move_when_the_error_line_comes_and_goes(
    make_kiosk: Any, kiosk_config: KioskConfig
) -> None:
    for size in ((1080, 1920), (1920, 1080)):
        orientation = "portrait" if size[0] < size[1] else "landscape"
        kiosk = make_kiosk(kiosk_config, size=size, orientation=orientation)
        kiosk.controller.act(Session.open_keypad)
        kiosk.type_keys("12010319880601824X")  # a wrong check digit
        before = keys_in_place(kiosk)
        kiosk.tap("key_ok")
        error = kiosk.window.page.findChildren(QWidget, "keypad_error")[0]
        assert all(line.isVisible() for line in error.findChildren(QLabel))
        assert keys_in_place(kiosk) == before, "the error line appeared"
        kiosk.tap("key_delete")
        assert not any(line.isVisible() for line in error.findChildren(QLabel))
        assert keys_in_place(kiosk) == before, "the error line went"


def test_large_text_is_off_again_for_the_next_citizen_after_the_idle_reset(
    make_kiosk: Any, kiosk_config: KioskConfig
) -> None:
    kiosk = make_kiosk(kiosk_config, idle_seconds=30)
    clock = [1000.0]
    kiosk.controller.clock = lambda: clock[0]
    kiosk.tap("toggle_large_text")
    kiosk.tap("home_take")
    assert kiosk.state.large_text and kiosk.state.screen == Screen.CATEGORIES
    clock[0] += 41  # nobody answers "还在吗？"
    kiosk.controller.tick()
    kiosk.controller.tick()
    assert kiosk.state.screen == Screen.HOME and not kiosk.state.large_text
    assert kiosk.window.theme.large_text is False
