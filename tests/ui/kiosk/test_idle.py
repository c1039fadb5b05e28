"""Idle: "还在吗？" after the configured time, then home with everything personal forgotten."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel

from devices.sim.identities import LI_XIUYING
from kiosk.config import KioskConfig
from kiosk.session import Screen


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def visible_texts(kiosk: Any) -> str:
    return " ".join(
        label.text() for label in kiosk.window.findChildren(QLabel) if label.isVisible()
    )


def test_idle_asks_then_goes_home_forgetting_card_and_typed_digits(
    make_kiosk: Any, kiosk_config: KioskConfig
) -> None:
    kiosk = make_kiosk(kiosk_config, idle_seconds=30)
    clock = FakeClock()
    kiosk.controller.clock = clock
    kiosk.controller.touched()

    kiosk.tap("home_take")
    kiosk.tap("category_HJ")
    kiosk.tap("service_HJ01")
    kiosk.tap("open_keypad")
    kiosk.type_keys("1201031988")
    clock.now += 29
    kiosk.controller.tick()
    assert not kiosk.window.idle.isVisible()

    clock.now += 2  # 31 s without touch
    kiosk.controller.tick()
    assert kiosk.window.idle.isVisible()
    assert "还在吗？" in kiosk.window.idle.title.text()
    assert "9 秒后回到首页" in kiosk.window.idle.body.text()  # 10 s to answer, 1 s gone
    kiosk.tap("idle_stay")  # "I'm still here" keeps everything
    assert not kiosk.window.idle.isVisible() and kiosk.state.keypad == "1201031988"

    clock.now += 35  # nobody answers this time
    kiosk.controller.tick()
    assert kiosk.window.idle.isVisible() and kiosk.state.screen == Screen.KEYPAD
    clock.now += 10
    kiosk.controller.tick()
    state = kiosk.state
    assert state.screen == Screen.HOME and not kiosk.window.idle.isVisible()
    assert state.identity is None and state.keypad == "" and state.service is None
    assert "120103" not in visible_texts(kiosk) and "李" not in visible_texts(kiosk)

    clock.now += 600  # on an empty home screen nobody is asked anything
    kiosk.controller.tick()
    assert not kiosk.window.idle.isVisible()

    kiosk.kiosk.hub.sim_idcard.present(LI_XIUYING)  # a card swiped, then the citizen leaves
    kiosk.wait_screen(Screen.CATEGORIES)
    assert kiosk.state.identity is not None
    clock.now += 41
    kiosk.controller.tick()
    assert kiosk.state.screen == Screen.HOME and kiosk.state.identity is None
