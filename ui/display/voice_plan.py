"""Announcement planning (pure): a call becomes the list of clips that speak it.

"请 A001 号 到 3 号窗口 办理": the ticket number is read character by character (letters by
their name, digits one by one, as halls do: A 零 零 一); the window number is read as a Chinese
numeral (十二号窗口). A recall starts with 请注意.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ui.display import voice_clips as vc

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Announcement:
    """One call-out: what to play, and words for a log line or a speech engine."""

    number: str
    window: int
    recall: bool
    clips: tuple[str, ...]
    text: str


def ticket_clips(number: str) -> list[str]:
    """`A001` → ['A', '0', '0', '1']; characters without a clip are skipped (and logged)."""
    clips: list[str] = []
    for char in number.upper():
        if char in vc.CATALOGUE and vc.CATALOGUE[char].kind in ("speech", "letter"):
            clips.append(char)
        else:
            log.warning("ticket number %r: no voice clip for %r, skipped", number, char)
    return clips


def numeral_clips(value: int) -> list[str]:
    """A window number as a Chinese numeral: 3 → 三, 12 → 十二, 20 → 二十, 105 → 一百零五."""
    if value < 0 or value > 999:
        return [str(d) for d in str(abs(value))]
    if value < 10:
        return [str(value)]
    hundreds, tens, units = value // 100, value // 10 % 10, value % 10
    clips: list[str] = []
    if hundreds:
        clips += [str(hundreds), vc.HUNDRED]
        if tens == 0 and units:
            return clips + ["0", str(units)]
    if tens:
        if tens > 1 or hundreds:
            clips.append(str(tens))
        clips.append(vc.TEN)
    if units:
        clips.append(str(units))
    return clips


def phrase_clips(number: str, window: int) -> list[str]:
    """请 <number> 号 到 <window> 号窗口 办理."""
    return [
        vc.PLEASE,
        *ticket_clips(number),
        vc.NUMBER,
        vc.TO,
        *numeral_clips(window),
        vc.WINDOW,
        vc.HANDLE,
    ]


def plan_call(number: str, window: int, recall: bool = False, repeat: int = 2) -> Announcement:
    """The whole call-out: a chime, then the phrase `repeat` times with a short gap between."""
    phrase = phrase_clips(number, window)
    clips = [vc.CHIME]
    if recall:
        clips.append(vc.ATTENTION)
    for index in range(max(1, repeat)):
        if index:
            clips.append(vc.GAP)
        clips += phrase
    text = f"请{number}号到{window}号窗口办理"
    return Announcement(number, window, recall, tuple(clips), text)
