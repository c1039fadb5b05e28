"""The catch-up rules of the voice on a virtual clock, with the clips' real lengths."""

from __future__ import annotations

import random

from ui.display.sinks import clip_seconds
from ui.display.voice_clips import CATALOGUE, clip_path
from ui.display.voice_plan import Announcement, plan_call
from ui.display.voice_queue import GROUP, ONE_VOICE_WINDOWS, next_turn, short_phrase, simulate

LENGTHS = {clip: clip_seconds(clip_path(clip)) for clip in CATALOGUE}


def seconds(clip: str) -> float:
    return LENGTHS[clip]


def peak(calls: int, interval: float, seed: int = 3) -> list[tuple[float, Announcement]]:
    """`calls` calls from 60 windows, one every `interval` s on average (random arrivals)."""
    rng = random.Random(seed)
    at, timed = 0.0, []
    for index in range(calls):
        at += rng.expovariate(1 / interval)
        timed.append((at, plan_call(f"A{index % 1000:03d}", rng.randint(1, 60))))
    return timed


def test_a_quiet_hall_hears_each_call_in_full_twice() -> None:
    calls = [(0.0, plan_call("A001", 3)), (60.0, plan_call("A002", 12))]
    heard = simulate(calls, seconds)
    full = sum(seconds(c) for c in calls[0][1].clips[: calls[0][1].clips.index("gap")])
    assert [h.call for h in heard] == [c for _, c in calls]
    assert abs(heard[0].delay - full) < 1e-9  # heard at the end of its first phrase
    turn = next_turn([calls[0][1]], quiet=True, after_silence=True)
    assert turn.clips + turn.repeats[0] == calls[0][1].clips  # today's call-out, unchanged


def test_calls_queued_up_are_said_once_short_and_grouped() -> None:
    waiting = [plan_call(f"B00{n}", n) for n in range(1, GROUP + 3)]
    turn = next_turn(waiting, quiet=False, after_silence=False)
    assert turn.calls == tuple(waiting[:GROUP]) and turn.repeats == ()
    assert "qing" not in turn.clips and "banli" not in turn.clips and "chime" not in turn.clips
    for index, call in enumerate(turn.calls):
        phrase = short_phrase(call, last=index == GROUP - 1)
        assert any(turn.clips[i : i + len(phrase)] == tuple(phrase) for i in range(len(turn.clips)))
    assert turn.clips.count("hao_chuangkou") == 1 and turn.clips[-1] == "hao_chuangkou"
    assert turn.text == "B001到1号，B002到2号，B003到3号，B004到4号窗口"  # one sentence


def test_at_a_60_window_peak_nothing_is_dropped_and_the_voice_keeps_up() -> None:
    calls = peak(600, interval=6.0)
    today = simulate(calls, seconds, catch_up=False)
    caught_up = simulate(calls, seconds)
    for heard in (today, caught_up):
        assert sorted(h.called for h in heard) == [at for at, _ in calls]  # every call, once
    late_today = max(h.delay for h in today[-50:])
    late_now = max(h.delay for h in caught_up[-50:])
    assert late_today > 1000  # today: ever further behind (11.6 s a call, one every 6 s)
    assert late_now < 120  # catch-up: the queue does not grow through the hour
    assert [h.call for h in caught_up] == [c for _, c in calls]  # in the order called


def test_recall_in_a_group_keeps_its_attention_word() -> None:
    recall = plan_call("C007", 20, recall=True)
    turn = next_turn([plan_call("C006", 2), recall], quiet=False, after_silence=True)
    assert turn.clips[0] == "chime"  # after silence the chime still sounds
    assert short_phrase(recall)[0] == "qing_zhuyi"
    assert turn.text == "C006到2号，请注意，C007到20号窗口"


def p95(delays: list[float]) -> float:
    ordered = sorted(delays)
    return ordered[int(0.95 * len(ordered))]


def test_a_voice_zone_of_30_windows_at_the_peak_keeps_p95_within_15_s() -> None:
    """Half of a 60-window hall (a call every ~12 s): the issue's target, nothing dropped."""
    calls = peak(300, interval=12.0)
    caught_up = simulate(calls, seconds)
    today = simulate(calls, seconds, catch_up=False)
    assert len(caught_up) == len(today) == len(calls)
    assert p95([h.delay for h in caught_up]) <= 15.0
    assert p95([h.delay for h in today]) > 15.0  # today's rules miss it even in a zone


def test_one_voice_keeps_a_hall_of_one_voice_windows_within_15_s_at_the_peak() -> None:
    """ONE_VOICE_WINDOWS, which the board's warning names: a call every 6 min per window."""
    windows = ONE_VOICE_WINDOWS
    calls = peak(windows * 10, interval=360.0 / windows)
    assert p95([h.delay for h in simulate(calls, seconds)]) <= 15.0
