"""The clerk console against a real queue-server on 127.0.0.1 (pytest-qt, offscreen)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt

from tests.ui.clerk.conftest import WAIT_MS, Api, log_in, screenshot
from ui.clerk.dialogs import OutcomeDialog
from ui.clerk.state import Action, ConsoleState
from ui.clerk.window import ClerkWindow

LEFT = Qt.MouseButton.LeftButton


def current_number(console: ClerkWindow) -> str | None:
    return ticket_field(console, "number")


def ticket_field(console: ClerkWindow, name: str) -> Any:
    """A field of the current ticket, once no request is in flight (None before that)."""
    state = console.session.state
    return None if state.busy or state.ticket is None else getattr(state.ticket, name)


def idle_with(console: ClerkWindow, test: Callable[[ConsoleState], bool]) -> bool:
    state = console.session.state
    return not state.busy and test(state)


def opened_dialog(qtbot: Any, console: ClerkWindow) -> Any:
    """The dialog a button or its shortcut opened (a shortcut clicks after a short animation)."""
    qtbot.waitUntil(lambda: console.dialog is not None, timeout=WAIT_MS)
    return console.dialog


def enabled_buttons(console: ClerkWindow) -> set[Action]:
    return {action for action, button in console.console.buttons.items() if button.isEnabled()}


def test_full_cycle_call_start_finish_with_outcome(
    qtbot: Any, console: ClerkWindow, api: Api
) -> None:
    console.login_page.username.setText("clerk")
    screenshot(console, "1-login")
    log_in(qtbot, console, 1, shot="2-window-choice")
    service = api.window(1)["services"][0]
    events: list[str] = []
    assert console.session.stream is not None
    console.session.stream.received.connect(lambda kind, _: events.append(kind))
    qtbot.waitUntil(lambda: bool(console.session.state.queues), timeout=WAIT_MS)
    screenshot(console, "3-idle")

    issued = api.issue(service)
    waiting = lambda: sum(q.waiting for q in console.session.state.queues)  # noqa: E731
    qtbot.waitUntil(lambda: waiting() >= 1, timeout=WAIT_MS)  # live, from the event stream

    qtbot.keyClick(console, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: current_number(console) == issued["number"], timeout=WAIT_MS)
    assert console.console.ticket_card.number.text() == issued["number"]
    card = console.console.ticket_card
    assert "已叫号" in card.status.text()
    assert card.holder.text() == "姓名 Name: 张*丰"  # masked, never the full name
    first_material = console.session.services[service].materials[0].zh
    assert first_material in card.materials.text()
    screenshot(console, "4-called")

    qtbot.mouseClick(console.console.buttons[Action.START], LEFT)
    qtbot.waitUntil(lambda: ticket_field(console, "status") == "serving", timeout=WAIT_MS)
    screenshot(console, "5-serving")

    qtbot.mouseClick(console.console.buttons[Action.FINISH], LEFT)
    dialog = opened_dialog(qtbot, console)
    assert isinstance(dialog, OutcomeDialog)
    screenshot(dialog, "6-finish-outcome")
    qtbot.mouseClick(dialog.outcome_buttons["certificate"], LEFT)
    qtbot.waitUntil(lambda: idle_with(console, lambda s: s.ticket is None), timeout=WAIT_MS)

    done = api.ticket(issued["token"])
    assert (done["status"], done["outcome"]) == ("done", "certificate")
    qtbot.waitUntil(lambda: "evaluation.prompt" in events, timeout=WAIT_MS)
    assert console.console.buttons[Action.CALL_NEXT].isEnabled()


def test_buttons_follow_the_state(qtbot: Any, console: ClerkWindow, api: Api) -> None:
    log_in(qtbot, console, 2)
    idle = {Action.CALL_NEXT, Action.CALL_TICKET, Action.PAUSE}
    assert enabled_buttons(console) == idle
    issued = api.issue(api.window(2)["services"][0])
    qtbot.keyClick(console, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: current_number(console) == issued["number"], timeout=WAIT_MS)
    called = {Action.RECALL, Action.START, Action.NO_SHOW, Action.TRANSFER}
    assert enabled_buttons(console) == called

    qtbot.keyClick(console, Qt.Key.Key_F2)  # recall
    qtbot.waitUntil(lambda: ticket_field(console, "recall_count") == 1, timeout=WAIT_MS)
    qtbot.keyClick(console, Qt.Key.Key_F5)  # no-show asks for a reason
    dialog = opened_dialog(qtbot, console)
    qtbot.mouseClick(dialog.preset_buttons[0], LEFT)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: idle_with(console, lambda s: s.ticket is None), timeout=WAIT_MS)
    assert enabled_buttons(console) == idle

    qtbot.keyClick(console, Qt.Key.Key_F7)  # pause asks for a reason
    pause = opened_dialog(qtbot, console)
    pause.text.setText("窗口设备检修")  # type: ignore[attr-defined]
    screenshot(pause, "7-pause-reason")
    qtbot.mouseClick(pause.ok, LEFT)  # type: ignore[attr-defined]
    qtbot.waitUntil(
        lambda: idle_with(console, lambda s: s.window_state == "paused"), timeout=WAIT_MS
    )
    assert enabled_buttons(console) == {Action.RESUME}
    assert console.console.paused.isVisible()
    assert "窗口设备检修" in console.console.paused.text()
    assert api.window(2)["pause_reason"] == "窗口设备检修"
    screenshot(console, "8-paused")

    qtbot.keyClick(console, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: idle_with(console, lambda s: s.window_state == "open"), timeout=WAIT_MS)
    assert enabled_buttons(console) == idle
    assert not console.console.paused.isVisible()


def test_transfer_keeps_the_original_arrival(qtbot: Any, console: ClerkWindow, api: Api) -> None:
    log_in(qtbot, console, 1)
    own = api.window(1)["services"]
    issued = api.issue(own[0])
    qtbot.keyClick(console, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: current_number(console) == issued["number"], timeout=WAIT_MS)
    target = next(code for code in console.session.services if code != issued["service"])

    qtbot.keyClick(console, Qt.Key.Key_F6)
    dialog = opened_dialog(qtbot, console)
    dialog.select({"to_service": target})  # type: ignore[attr-defined]
    screenshot(dialog, "9-transfer")
    qtbot.mouseClick(dialog.ok, LEFT)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: idle_with(console, lambda s: s.ticket is None), timeout=WAIT_MS)

    moved = [t for t in api.waiting() if t["number"] == issued["number"]]
    assert len(moved) == 1
    assert moved[0]["service"] == target
    assert moved[0]["arrived_at"] == issued["arrived_at"]


def test_wrong_password_is_refused_in_words(qtbot: Any, console: ClerkWindow) -> None:
    page = console.login_page
    page.username.setText("clerk")
    page.password.setText("not-the-password")
    qtbot.mouseClick(page.button, LEFT)
    qtbot.waitUntil(lambda: "\n" in page.error.text(), timeout=WAIT_MS)
    zh, en = page.error.text().split("\n")
    assert zh and en and zh != en
    assert console.pages.currentWidget() is page
    assert page.button.isEnabled()
