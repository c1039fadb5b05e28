"""Every kiosk screen in both orientations, saved under var/screenshots/kiosk/ to be looked at.

The states come from the live server's sample hall; each screenshot is checked for the basics
a citizen needs: nothing cut off at the bottom, touch targets of at least 64 px, and the
bundled font covering every character shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from kiosk.config import default_config
from kiosk.effects import Notice
from kiosk.session import Flow, Screen, Session
from queue_server.client.kiosk import KioskClient
from queue_server.client.models import Hall, Text, Ticket
from tests.conftest import SCREENSHOT_DIR
from tests.kiosk import samples
from ui.common.fonts import FONT_DIR, install_fonts
from ui.kiosk.context import P, SessionStep
from ui.kiosk.window import KioskWindow

FONT_CHARS = set((FONT_DIR / "subset-chars.txt").read_text(encoding="utf-8"))
SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
URL = "http://127.0.0.1:8600"


class LookOnly:
    """The intents of a window that is only looked at: taps change nothing."""

    def act(self, step: SessionStep[P], /, *args: P.args, **kwargs: P.kwargs) -> None:
        pass

    def go_home(self) -> None:
        pass

    def still_here(self) -> None:
        pass

    def phone_url(self, ticket: Ticket) -> str | None:
        return f"{URL}/t/{ticket.token}" if ticket.token else None


def _walk(session: Session) -> list[tuple[str, Callable[[], None]]]:
    """(name, step) pairs; each step moves the session to the state to photograph."""
    s = session
    yarn = Hall.from_json({"id": "yaohua", "name": {"zh": "尧化街道便民服务中心",
                           "en": "Yaohua Street Service Centre"},
                           "address": {"zh": "南京市栖霞区尧化街道尧新大道 1 号",
                                       "en": "1 Yaoxin Avenue, Yaohua, Qixia"},
                           "eta_minutes": 5})  # fmt: skip
    served = samples.ticket(status="called", window_label="3号窗口", number="A003")
    busy = replace(s.state.services[0], waiting=31, eta_minutes=47)
    offline = samples.ticket(number="AK101", token=None, source="offline")
    duplicate = Notice("duplicate_ticket", Text("请勿重复取号", "Do not take a second ticket"))
    unavailable = Notice("appointments_unavailable", Text("预约签到暂不可用", "Not available"),
                         actions=("normal_ticket", "home"))  # fmt: skip

    def state(**changes: Any) -> Callable[[], None]:
        def apply() -> None:
            for key, value in changes.items():
                setattr(s.state, key, value)

        return apply

    def then(*calls: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            for call in calls:
                call()

        return run

    return [
        ("home", then(s.go_home)),
        ("categories", then(lambda: s.choose(Flow.TICKET))),
        ("services", then(lambda: s.pick_category("SB"))),
        ("suggest", state(screen=Screen.SUGGEST, service=busy, alternative=yarn)),
        ("identify", state(screen=Screen.IDENTIFY)),
        ("keypad", state(screen=Screen.KEYPAD, keypad="3604261991010100")),
        ("keypad_wrong", state(keypad="360426199101010072", keypad_error=True)),
        ("green", state(screen=Screen.GREEN)),
        ("working", state(screen=Screen.WORKING)),
        ("ticket", state(screen=Screen.TICKET, ticket=samples.ticket(), printed=True)),
        ("ticket_photo", state(printed=False)),
        ("ticket_offline", state(ticket=offline, printed=True, online=False)),
        ("notice_duplicate", state(screen=Screen.NOTICE, online=True, notice=duplicate)),
        ("notice_checkin_unavailable", state(notice=unavailable)),
        ("checkin", state(screen=Screen.CHECKIN)),
        ("place_scan", state(screen=Screen.PLACE_SCAN)),
        ("place_waiting", state(screen=Screen.PLACE, ticket=samples.ticket())),
        ("place_called", state(ticket=served)),
        ("guide_categories", then(s.go_home, lambda: s.choose(Flow.GUIDE))),
        ("guide_services", then(lambda: s.pick_category("HJ"))),
        ("materials", then(lambda: s.pick_service("HJ01"))),
        ("large_text_home", then(s.go_home, s.toggle_large_text)),
        ("large_text_services", then(lambda: s.choose(Flow.TICKET), lambda: s.pick_category("HJ"))),
        ("english_home", then(s.go_home, s.toggle_large_text, lambda: s.set_language("en"))),
        ("english_services", then(lambda: s.choose(Flow.TICKET), lambda: s.pick_category("QY"))),
        (
            "offline_home",
            then(s.go_home, lambda: s.set_language("zh"), lambda: s.set_online(False)),
        ),
    ]


def _cut_off(window: KioskWindow) -> list[str]:
    """Texts of the current page that a citizen could not see without scrolling."""
    area = window.screen_widget
    assert area is not None
    bar = area.verticalScrollBar()
    return [f"page taller than the screen by {bar.maximum()} px"] if bar.maximum() > 0 else []


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_every_screen_is_saved_and_fits(qtbot: Any, live_server: Any, orientation: str) -> None:
    app = QApplication.instance()
    assert app is not None
    install_fonts()
    client = KioskClient(live_server.url, live_server.token("kiosk"), "qixia")
    session = Session()
    session.on_hall(client.hall_info())
    session.on_services(client.services())
    window = KioskWindow(LookOnly(), orientation)
    window.resize(*SIZES[orientation])
    window.show()
    folder = SCREENSHOT_DIR / "kiosk" / orientation
    folder.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for name, step in _walk(session):
        step()
        window.show_state(session.state)
        window.tick_clock(datetime(2026, 11, 30, 9, 41, tzinfo=default_config().zone))
        qtbot.waitUntil(lambda: window.page is not None and window.page.isVisible())
        app.processEvents()
        path: Path = folder / f"{name}.png"
        shot = window.grab()
        assert shot.save(str(path))
        if (shot.width(), shot.height()) != SIZES[orientation]:
            problems.append(f"{orientation}/{name}: window grew to {shot.width()}x{shot.height()}")
        if not (name.startswith("large_text") and orientation == "landscape"):  # may scroll
            problems += [f"{orientation}/{name}: {p}" for p in _cut_off(window)]
        problems += _small_targets(window, f"{orientation}/{name}")
        problems += _missing_glyphs(window, f"{orientation}/{name}")
    window.idle.ask(window_tr(session), 7)
    app.processEvents()
    assert window.grab().save(str(folder / "idle.png"))
    assert not problems, "\n".join(problems)


def window_tr(session: Session) -> Any:
    from ui.kiosk.strings import Tr

    return Tr(session.state.language)


def _small_targets(window: KioskWindow, where: str) -> list[str]:
    return [
        f"{where}: button {b.objectName() or b.text()!r} is {b.width()}x{b.height()} px"
        for b in window.findChildren(QPushButton)
        if b.isVisible() and (b.height() < 64 or b.width() < 64)
    ]


def _missing_glyphs(window: KioskWindow, where: str) -> list[str]:
    """Characters shown that the bundled font subset lacks (they would be tofu boxes)."""
    missing = set()
    for label in window.findChildren(QLabel):
        if label.isVisible():
            missing |= {c for c in label.text() if not c.isspace() and c not in FONT_CHARS}
    return [f"{where}: no glyph for {''.join(sorted(missing))!r}"] if missing else []
