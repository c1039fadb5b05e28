"""The voice clip catalogue: every clip the announcement planner may name, and what it says.

Clip ids are file stems under the clip directory (`assets/voice/<id>.wav`). A hall replaces a clip
by recording the same words into a file of the same name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_CLIP_DIR = Path(__file__).resolve().parents[2] / "assets" / "voice"

CHIME = "chime"  # two-tone 叮咚 before an announcement (a generated tone, not speech)
GAP = "gap"  # short silence between repetitions
PLEASE = "qing"  # 请
NUMBER = "hao"  # 号 (after the ticket number)
TO = "dao"  # 到
WINDOW = "hao_chuangkou"  # 号窗口
HANDLE = "banli"  # 办理
ATTENTION = "qing_zhuyi"  # 请注意 (before a recall)
TEN = "shi"  # 十
HUNDRED = "bai"  # 百

DIGIT_WORDS = "零一二三四五六七八九"
DIGIT_PINYIN = ("ling2", "yi1", "er4", "san1", "si4", "wu3", "liu4", "qi1", "ba1", "jiu3")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class Clip:
    id: str
    text: str  # what the clip says (what a hall records into the file)
    kind: str  # "speech" | "letter" | "chime" | "silence"
    pinyin: str = ""  # for the synthesiser (Debian's espeak-ng lacks most hanzi, not pinyin)


def _speech() -> list[Clip]:
    fixed = [
        Clip(PLEASE, "请", "speech", "qing3"),
        Clip(NUMBER, "号", "speech", "hao4"),
        Clip(TO, "到", "speech", "dao4"),
        Clip(WINDOW, "号窗口", "speech", "hao4 chuang1 kou3"),
        Clip(HANDLE, "办理", "speech", "ban4 li3"),
        Clip(ATTENTION, "请注意", "speech", "qing3 zhu4 yi4"),
        Clip(TEN, "十", "speech", "shi2"),
        Clip(HUNDRED, "百", "speech", "bai3"),
    ]
    digits = [Clip(str(d), DIGIT_WORDS[d], "speech", DIGIT_PINYIN[d]) for d in range(10)]
    letters = [Clip(letter, letter, "letter") for letter in LETTERS]
    return fixed + digits + letters


CATALOGUE: dict[str, Clip] = {
    clip.id: clip for clip in [Clip(CHIME, "叮咚", "chime"), Clip(GAP, "", "silence"), *_speech()]
}


def clip_path(clip_id: str, clip_dir: Path = DEFAULT_CLIP_DIR) -> Path:
    return clip_dir / f"{clip_id}.wav"
