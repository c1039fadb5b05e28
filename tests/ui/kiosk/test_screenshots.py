"""Every kiosk screen in both languages, both text sizes and both orientations, saved under
var/screenshots/kiosk/ to be looked at.

The states come from the live server's sample hall; each screenshot is checked for the basics
a citizen needs: no text cut off (font metrics against its widget), nothing below the fold (in
large text, only behind a hint to scroll), a Chinese hall name never broken over lines, buttons
in the same place in either language, touch targets of at least 64 px, and the bundled font
covering every character shown.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from kiosk.config import default_config
from kiosk.effects import Notice
from kiosk.session import Flow, Screen, Session
from queue_server.client.kiosk import KioskClient
from queue_server.client.models import Text, Ticket
from tests.conftest import SCREENSHOT_DIR
from tests.kiosk import samples
from tests.ui.kiosk.fit import clipped
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
    xianlin = samples.elsewhere()
    served = samples.ticket(status="called", window_label="3号窗口", number="A003")
    busy = replace(s.state.services[0], waiting=31, eta_minutes=47, eta_range=(35, 62),
                   elsewhere=xianlin)  # fmt: skip
    ranged = samples.ticket(service=busy.code, ahead=31, eta_minutes=47, eta_range=[35, 62])
    offline = samples.ticket(number="AK101", token=None, source="offline")
    duplicate = Notice("duplicate_ticket", Text("请勿重复取号", "Do not take a second ticket"))
    unavailable = Notice("appointments_unavailable", Text("预约签到暂不可用", "Not available"),
                         actions=("normal_ticket", "home"))  # fmt: skip
    walk_in = ("normal_ticket", "home")
    early = Notice("too_early", None, {"opens_at": Text("10:00", "10:00")}, walk_in)
    late = Text(
        "已超过预约时段（09:00）的签到时间，请取普通号排队。",
        "Check-in for the 09:00 slot has closed; please take a walk-in ticket.",
    )
    invalid = Text("签到码无效：请核对后重新输入（8 位，不含字母 I、L、O、U），或刷身份证签到。",
                   "The check-in code is not valid: check and type it again (8 characters, no I,"
                   " L, O or U), or swipe your ID card instead.")  # fmt: skip
    booked = samples.ticket(number="A012", priority="appointment", source="appointment",
                            appointment={"slot_start": "2026-11-30T09:30:00+08:00",
                                         "slot_end": "2026-11-30T10:00:00+08:00"})  # fmt: skip

    services = list(s.state.services)
    faster = [busy, *services[1:]]  # the ticket's service has a much faster hall elsewhere
    opens = datetime.now(default_config().zone).replace(hour=9, minute=0) + timedelta(days=1)
    closed = [replace(x, available=False, unavailable_code="outside_hours", opens_at=opens,
                      unavailable_reason=Text("现在不是办公时间", "The hall is closed now"))
              for x in services]  # fmt: skip

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
        ("home_without_appointments", then(lambda: s.on_appointments(False))),
        ("categories", then(lambda: s.on_appointments(True), lambda: s.choose(Flow.TICKET))),
        ("services", then(lambda: s.pick_category("SB"))),
        ("services_qy", then(lambda: s.pick_category("QY"))),
        ("services_range", state(services=faster, category=busy.category.code)),
        ("suggest", state(screen=Screen.SUGGEST, service=busy, suggested=xianlin)),
        ("identify", state(screen=Screen.IDENTIFY)),
        ("keypad", state(screen=Screen.KEYPAD, keypad="3604261991010100")),
        ("keypad_wrong", state(keypad="360426199101010072", keypad_error=True)),
        ("green", state(screen=Screen.GREEN)),
        ("working", state(screen=Screen.WORKING)),
        ("ticket_faster", state(screen=Screen.TICKET, ticket=ranged, printed=True)),
        ("ticket_faster_photo", state(printed=False)),
        ("ticket", state(services=services, ticket=samples.ticket(), printed=True)),
        ("ticket_photo", state(printed=False)),
        ("phone_pad", state(screen=Screen.PHONE_PAD, printed=True, keypad="1391234")),
        ("phone_pad_wrong", state(keypad="12", keypad_error=True)),
        (
            "phone_done",
            state(
                screen=Screen.PHONE_DONE, keypad="", keypad_error=False, phone_masked="139****5678"
            ),
        ),  # fmt: skip
        ("ticket_sms_set", state(screen=Screen.TICKET)),
        ("ticket_sms_set_photo", state(printed=False)),
        (
            "notice_phone_offline",
            state(
                screen=Screen.NOTICE,
                phone_masked=None,
                notice=Notice("phone_offline", actions=("back_to_ticket", "home")),
            ),
        ),  # fmt: skip
        ("ticket_offline", state(screen=Screen.TICKET, ticket=offline, printed=True, online=False)),
        ("ticket_appointment", state(ticket=booked, printed=True, online=True)),
        ("ticket_appointment_photo", state(printed=False)),
        ("notice_duplicate", state(screen=Screen.NOTICE, online=True, notice=duplicate)),
        ("notice_checkin_unavailable", state(notice=unavailable)),
        ("checkin", state(screen=Screen.CHECKIN)),
        ("code_pad", state(screen=Screen.CODE_PAD, keypad="7Q2K9M")),
        ("code_pad_wrong", state(keypad="7Q2K", keypad_error=True)),
        (
            "notice_too_early",
            state(screen=Screen.NOTICE, keypad="", keypad_error=False, notice=early),
        ),
        ("notice_too_late", state(notice=Notice("too_late", late, actions=walk_in))),
        (
            "notice_invalid_code",
            state(notice=Notice("invalid_code", invalid, actions=("retype_code", "normal_ticket"))),
        ),
        ("notice_no_booking", state(notice=Notice("appointment_not_found", actions=walk_in))),
        ("notice_offline_checkin", state(notice=Notice("offline_checkin", actions=walk_in))),
        ("place_scan", state(screen=Screen.PLACE_SCAN)),
        ("place_waiting", state(screen=Screen.PLACE, ticket=samples.ticket())),
        ("place_called", state(ticket=served)),
        ("guide_categories", then(s.go_home, lambda: s.choose(Flow.GUIDE))),
        ("guide_services", then(lambda: s.pick_category("HJ"))),
        ("materials", then(lambda: s.pick_service("HJ01"))),
        ("offline_home", then(s.go_home, lambda: s.set_online(False))),
        ("closed_home", then(lambda: s.set_online(True), state(services=closed))),
    ]


def _cut_off(window: KioskWindow, large: bool) -> list[str]:
    """A page taller than the screen: never in normal text (its type shrinks a little first);
    in large text only with the hint to scroll."""
    area = window.screen_widget
    assert area is not None
    bar = area.verticalScrollBar()
    if bar.maximum() > 0 and not large:
        return [f"page taller than the screen by {bar.maximum()} px in normal text"]
    if bar.maximum() > 0 and not window.more_below.isVisible():
        return [f"page taller than the screen by {bar.maximum()} px, with no hint to scroll"]
    return []


SHOTS = SCREENSHOT_DIR / "kiosk"  # a copy to look at after a run


@pytest.mark.timeout(300)  # ~40 s of CPU for 344 screens; on a loaded 2-CPU machine 2 min+
def test_every_screen_fits_in_both_languages_sizes_and_orientations(
    qtbot: Any, live_server: Any, tmp_path: Path
) -> None:
    """One window through every screen x language x text size x orientation; no text is cut
    off (font metrics), nothing lies below the fold, and no button moves with the language."""
    app = QApplication.instance()
    assert app is not None
    install_fonts()
    client = KioskClient(live_server.url, live_server.token("kiosk"), "qixia")
    session = Session()
    session.on_hall(client.hall_info())
    session.on_services(client.services())
    window = KioskWindow(LookOnly())
    session.on_appointments(True)  # the server takes appointments (its probe's answer)
    window.show()
    services = session.state.services
    problems: list[str] = []
    for orientation, large in itertools.product(SIZES, (False, True)):
        window.orientation = orientation
        window.resize(*SIZES[orientation])
        places: dict[str, dict[str, QRect]] = {}
        for language in ("zh", "en"):
            where = f"{orientation}/{language}-{'large' if large else 'normal'}"
            folder = tmp_path / where
            folder.mkdir(parents=True)
            session.on_services(services)  # open again after the closed hall of the last round
            for name, step in _walk(session):
                step()
                session.state.language, session.state.large_text = language, large
                problems += _show(qtbot, window, session, folder / f"{name}.png", f"{where}/{name}")
                buttons = _button_places(window)
                problems += _moved(places.get(name, {}), buttons, f"{where}/{name}")
                places[name] = buttons
    window.idle.ask(window_tr(session), 7)
    app.processEvents()
    assert window.grab().save(str(tmp_path / "idle.png"))
    shutil.rmtree(SHOTS, ignore_errors=True)
    shutil.copytree(tmp_path, SHOTS)
    assert not problems, "\n".join(problems)


def _show(qtbot: Any, window: KioskWindow, session: Session, path: Path, where: str) -> list[str]:
    """Show the session's state, save its screenshot and list what is wrong with it."""
    window.show_state(session.state)
    window.tick_clock(datetime(2026, 11, 30, 9, 41, tzinfo=default_config().zone))
    qtbot.waitUntil(lambda: window.page is not None and window.page.isVisible())
    for _ in range(2):  # a block that needs more height asks for it after the first layout
        QApplication.processEvents()
    shot = window.grab()
    assert shot.save(str(path))
    size = SIZES[window.orientation]
    problems = [] if (shot.width(), shot.height()) == size else [f"window grew to {shot.size()}"]
    problems += _cut_off(window, session.state.large_text) + clipped(window)
    problems += _small_targets(window) + _missing_glyphs(window) + _broken_names(window)
    return [f"{where}: {problem}" for problem in problems]


def _moved(before: dict[str, QRect], now: dict[str, QRect], where: str) -> list[str]:
    """Buttons of the other language's screen that are elsewhere or of another size now."""
    return [
        f"{where}: {name} moved with the language: {rect} -> {now[name]}"
        for name, rect in before.items()
        if name in now and now[name] != rect
    ]


def _button_places(window: KioskWindow) -> dict[str, QRect]:
    return {
        b.objectName(): QRect(b.mapTo(window, b.rect().topLeft()), b.size())
        for b in window.findChildren(QPushButton)
        if b.isVisible() and b.objectName() and b.objectName() != "switch_language"
    }


def window_tr(session: Session) -> Any:
    from ui.kiosk.strings import Tr

    return Tr(session.state.language)


def _small_targets(window: KioskWindow) -> list[str]:
    return [
        f"button {b.objectName() or b.text()!r} is {b.width()}x{b.height()} px"
        for b in window.findChildren(QPushButton)
        if b.isVisible() and (b.height() < 64 or b.width() < 64)
    ]


def _missing_glyphs(window: KioskWindow) -> list[str]:
    """Characters shown that the bundled font subset lacks (they would be tofu boxes)."""
    missing = set()
    for label in window.findChildren(QLabel):
        if label.isVisible():
            missing |= {c for c in label.text() if not c.isspace() and c not in FONT_CHARS}
    return [f"no glyph for {''.join(sorted(missing))!r}"] if missing else []


def _broken_names(window: KioskWindow) -> list[str]:
    """A hall name without spaces (Chinese) must stay on one line: Qt would break it anywhere,
    "栖霞区政务服 / 务中心"."""
    return [
        f"hall name {part.text()!r} broken over lines"
        for part in (window.hall_label, window.hall_sub)
        if " " not in part.text() and part.wordWrap()
    ]
