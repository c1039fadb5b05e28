"""Which device faults the console shows, and in which words (pure)."""

from __future__ import annotations

from dataclasses import replace

from queue_server.client.models import Fault
from ui.clerk.faults import banner_text, fault_text, open_faults
from ui.clerk.state import Action, ConsoleState

PAPER_OUT = Fault("K1", "printer", "paper_out", "缺纸", "2026-11-27T10:00:00+08:00")


def test_a_device_is_shown_until_its_latest_report_says_ok() -> None:
    near_end = replace(PAPER_OUT, state="paper_near_end", message="纸将用完")
    assert open_faults([near_end]) == [near_end]
    assert open_faults([near_end, PAPER_OUT]) == [PAPER_OUT]  # the latest report counts
    back = replace(PAPER_OUT, state="ok", message="正常")
    assert open_faults([near_end, PAPER_OUT, back]) == []
    other = replace(PAPER_OUT, kiosk_id="K2")
    assert open_faults([PAPER_OUT, other, back]) == [other]  # per kiosk and device


def test_fault_words_and_states_this_console_does_not_know() -> None:
    assert fault_text(PAPER_OUT) == "1号自助机：打印机缺纸 · Kiosk 1: printer out of paper"
    near_end = replace(PAPER_OUT, state="paper_near_end")
    assert fault_text(near_end).endswith("printer paper nearly out")
    jammed = replace(PAPER_OUT, state="paper_jam", message="卡纸")  # a newer kiosk's state
    assert fault_text(jammed) == "1号自助机：打印机卡纸 · Kiosk 1: printer 卡纸"
    odd = replace(PAPER_OUT, kiosk_id="hall-east", device="camera", state="x", message="")
    assert fault_text(odd) == "自助机 hall-east：camerax · Kiosk hall-east: camera x"
    assert banner_text([PAPER_OUT, jammed]).count("\n") == 1


def test_undo_is_offered_only_at_a_free_open_window() -> None:
    from queue_server.client.models import Window

    window = Window.from_json({"number": 1, "state": "open"})
    state = ConsoleState(window=window)
    assert not state.is_enabled(Action.UNDO_NO_SHOW)
    offered = replace(state, undo="A001")
    assert offered.is_enabled(Action.UNDO_NO_SHOW)
    assert not replace(offered, busy=True).is_enabled(Action.UNDO_NO_SHOW)
    paused = replace(offered, window=replace(window, state="paused"))
    assert not paused.is_enabled(Action.UNDO_NO_SHOW)
