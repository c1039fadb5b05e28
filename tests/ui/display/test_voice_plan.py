from __future__ import annotations

import wave

import pytest

from ui.display import voice_clips as vc
from ui.display.voice_plan import numeral_clips, phrase_clips, plan_call, ticket_clips

PHRASE_A001_3 = ["qing", "A", "0", "0", "1", "hao", "dao", "3", "hao_chuangkou", "banli"]


def test_call_is_chime_then_phrase_twice_with_a_gap() -> None:
    announcement = plan_call("A001", 3, repeat=2)
    assert list(announcement.clips) == ["chime", *PHRASE_A001_3, "gap", *PHRASE_A001_3]
    assert announcement.text == "请A001号到3号窗口办理"


def test_recall_says_attention_first() -> None:
    announcement = plan_call("A001", 3, recall=True, repeat=1)
    assert list(announcement.clips) == ["chime", "qing_zhuyi", *PHRASE_A001_3]
    assert announcement.recall


def test_repeat_count_is_honoured() -> None:
    clips = plan_call("B12", 1, repeat=3).clips
    assert clips.count("qing") == 3
    assert clips.count("gap") == 2


@pytest.mark.parametrize(
    ("window", "clips"),
    [
        (3, ["3"]),
        (10, ["shi"]),
        (12, ["shi", "2"]),
        (20, ["2", "shi"]),
        (35, ["3", "shi", "5"]),
        (100, ["1", "bai"]),
        (105, ["1", "bai", "0", "5"]),
        (110, ["1", "bai", "1", "shi"]),
        (999, ["9", "bai", "9", "shi", "9"]),
    ],
)
def test_window_numbers_read_as_chinese_numerals(window: int, clips: list[str]) -> None:
    assert numeral_clips(window) == clips


def test_ticket_number_read_character_by_character() -> None:
    assert ticket_clips("AK101") == ["A", "K", "1", "0", "1"]
    assert ticket_clips("hj007") == ["H", "J", "0", "0", "7"]
    assert ticket_clips("A-01") == ["A", "0", "1"]  # no clip for '-': skipped, not fatal
    assert phrase_clips("Z9", 12)[-4:] == ["shi", "2", "hao_chuangkou", "banli"]


def _every_clip_the_planner_can_name() -> set[str]:
    names: set[str] = set()
    for number in [vc.LETTERS, "0123456789", "AK101"]:
        for window in (1, 10, 12, 20, 100, 105, 999):
            for recall in (False, True):
                names.update(plan_call(number, window, recall, repeat=2).clips)
    return names


def test_every_plannable_clip_is_a_valid_wav_in_assets() -> None:
    names = _every_clip_the_planner_can_name()
    assert names == set(vc.CATALOGUE)  # the planner uses the whole catalogue, nothing more
    for name in sorted(names):
        path = vc.clip_path(name)
        assert path.is_file(), f"missing voice clip {path}"
        with wave.open(str(path)) as wav:
            assert wav.getnframes() > 0, path
            assert wav.getnchannels() == 1, path
            assert wav.getframerate() == 16_000, path
            assert wav.getsampwidth() == 2, path
            seconds = wav.getnframes() / wav.getframerate()
        assert 0.1 < seconds < 2.0, f"{path}: {seconds:.2f} s"


def test_speech_clips_are_not_silent() -> None:
    import array

    for clip in vc.CATALOGUE.values():
        if clip.kind == "silence":
            continue
        with wave.open(str(vc.clip_path(clip.id))) as wav:
            samples = array.array("h", wav.readframes(wav.getnframes()))
        assert max(abs(s) for s in samples) > 8000, clip.id
