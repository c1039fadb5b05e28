from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import time
from pathlib import Path

from pytestqt.qtbot import QtBot

from ui.display.announcer import Announcer
from ui.display.config import QuietPeriod, VoiceConfig
from ui.display.sinks import SilentSink, clip_seconds
from ui.display.voice_clips import clip_path
from ui.display.voice_plan import plan_call
from ui.display.voice_queue import short_phrase

SCALE = 0.05  # clips 'play' at 20x speed; order and spacing are what is checked


def make(qtbot: QtBot, voice: VoiceConfig, now: time = time(10, 0)) -> Announcer:
    sink = SilentSink(time_scale=SCALE)
    return Announcer(sink, voice, lambda: now)


def test_calls_at_once_play_in_order_without_overlap_or_cuts(qtbot: QtBot) -> None:
    announcer = make(qtbot, VoiceConfig(repeat=2))
    calls = [plan_call("A001", 3), plan_call("B002", 5), plan_call("A003", 12, recall=True)]
    for call in calls:
        assert announcer.enqueue(call)
    assert announcer.pending == 3
    qtbot.waitUntil(lambda: len(announcer.announced) == 3, timeout=10_000)
    assert announcer.announced == calls  # none dropped, in order
    played = announcer.played
    # the first is said once (others wait: no repetition), the two waiting together, short
    first = list(calls[0].clips[: calls[0].clips.index("gap")])
    grouped = ["gap", *short_phrase(calls[1], last=False), "gap", *short_phrase(calls[2])]
    assert [p.clip for p in played] == first + grouped
    assert short_phrase(calls[2])[0] == "qing_zhuyi"  # a recall keeps 请注意
    for before, after in zip(played, played[1:], strict=False):
        assert after.started >= before.ended  # never overlapping
    for item in played:  # never cut off: each clip ran at least its (scaled) length
        expected = clip_seconds(clip_path(item.clip)) * SCALE
        assert item.ended - item.started >= expected * 0.9 - 0.002, item.clip
    assert not announcer.busy


def test_quiet_hours_and_disabled_voice_mute(qtbot: QtBot) -> None:
    quiet = VoiceConfig(quiet_hours=(QuietPeriod(time(12, 0), time(13, 30)),))
    announcer = make(qtbot, quiet, now=time(12, 30))
    with qtbot.waitSignal(announcer.muted):
        assert not announcer.enqueue(plan_call("A001", 3))
    assert announcer.silenced[0].number == "A001" and announcer.played == []
    assert not make(qtbot, replace(quiet, enabled=False), now=time(9, 0)).enqueue(
        plan_call("A002", 3)
    )
    loud = make(qtbot, quiet, now=time(13, 30))
    assert loud.enqueue(plan_call("A003", 3))
    qtbot.waitUntil(lambda: len(loud.announced) == 1, timeout=5000)


def test_missing_clip_is_skipped_not_fatal(qtbot: QtBot, tmp_path: Path) -> None:
    call = plan_call("A1", 2, repeat=1)
    for clip in set(call.clips) - {"A"}:
        shutil.copy(clip_path(clip), clip_path(clip, tmp_path))
    announcer = make(qtbot, VoiceConfig(clip_dir=tmp_path))
    announcer.enqueue(call)
    qtbot.waitUntil(lambda: len(announcer.announced) == 1, timeout=5000)
    assert [p.clip for p in announcer.played] == [c for c in call.clips if c != "A"]


def test_speech_engine_says_the_words_between_chimes(qtbot: QtBot) -> None:
    from PySide6.QtTextToSpeech import QTextToSpeech

    from ui.display.speech import TtsSpeaker, make_speaker

    assert make_speaker("no-such-engine") is None  # falls back to the recorded clips
    speaker = TtsSpeaker(QTextToSpeech("mock"))
    announcer = Announcer(SilentSink(time_scale=SCALE), VoiceConfig(repeat=2), lambda: time(10))
    announcer.speaker = speaker
    announcer.enqueue(plan_call("A001", 3, recall=True))
    qtbot.waitUntil(lambda: len(announcer.announced) == 1, timeout=10_000)
    words = "say:请注意，请A001号到3号窗口办理"
    assert [p.clip for p in announcer.played] == ["chime", words, "gap", words]
    for before, after in zip(announcer.played, announcer.played[1:], strict=False):
        assert after.started >= before.ended
