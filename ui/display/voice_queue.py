"""What the voice says next when calls queue up (pure: no Qt, no audio).

A full call-out (chime, the phrase twice) takes about 11.6 s; at a 60-window hall's peak a call
comes every ~6 s, so playing each in full falls ever further behind. The catch-up rules:

- in a quiet hall (no other call in the last `QUIET_S` seconds, nobody waiting) a call is said
  in full, as before; its repetition is dropped if another call comes meanwhile;
- in a busy hall each number is said once, short: "A001到三号窗口" (a recall keeps 请注意);
  calls waiting are said together in one sentence, "A001到三号，B002到五号窗口" (at most
  `GROUP`, a short gap between them, 窗口 said once at the end); the chime sounds only after
  silence, a gap parts turns that follow each other;
- no call is ever dropped: every announcement queued is spoken, in order.

`simulate` plays the same rules on a virtual clock with the clips' real lengths (benchmark, tests).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ui.display import voice_clips as vc
from ui.display.voice_plan import Announcement, numeral_clips, ticket_clips

GROUP = 4  # calls said in one turn at most
QUIET_S = 20.0  # a hall with no other call for this long hears each call in full
# The most windows one voice keeps within p95 15 s at a district hall's peak (each window calls
# every ~6 min); a larger hall splits its windows into voice zones (benchmarks/bench_voice.py).
ONE_VOICE_WINDOWS = 45


@dataclass(frozen=True)
class Turn:
    """One go of the voice: `clips` always play; each of `repeats` only while nobody waits.

    `said[i]`: how many of `clips` have played once `calls[i]` has been said."""

    calls: tuple[Announcement, ...]
    clips: tuple[str, ...]
    repeats: tuple[tuple[str, ...], ...]
    text: str
    said: tuple[int, ...]


def short_phrase(call: Announcement, last: bool = True) -> list[str]:
    """[请注意] A001 到 三 号[窗口]: the call without 请, 号 and 办理; 窗口 only at the end of
    a turn, so a group is one sentence ("A001到三号，B002到五号窗口")."""
    attention = [vc.ATTENTION] if call.recall else []
    window = vc.WINDOW if last else vc.NUMBER
    return [*attention, *ticket_clips(call.number), vc.TO, *numeral_clips(call.window), window]


def short_text(call: Announcement, last: bool = True) -> str:
    attention = "请注意，" if call.recall else ""
    return f"{attention}{call.number}到{call.window}号{'窗口' if last else ''}"


def _split_repeats(clips: Sequence[str]) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """A planned call-out as (chime + first phrase, (gap + phrase, ...)): gaps part repeats."""
    parts: list[list[str]] = [[]]
    for clip in clips:
        if clip == vc.GAP:
            parts.append([])
        parts[-1].append(clip)
    return tuple(parts[0]), tuple(tuple(part) for part in parts[1:])


def full_turn(call: Announcement) -> Turn:
    """The call as planned: chime, phrase, then its repetitions (each only while nobody waits)."""
    clips, repeats = _split_repeats(call.clips)
    words = f"{'请注意，' if call.recall else ''}{call.text}"
    return Turn((call,), clips, repeats, words, (len(clips),))


def next_turn(waiting: Sequence[Announcement], *, quiet: bool, after_silence: bool) -> Turn:
    """The turn for the calls `waiting` (oldest first; not empty).

    `quiet`: no other call came in the last `QUIET_S` seconds before the first of them;
    `after_silence`: the voice has been silent since the last turn (so the chime sounds).
    """
    if quiet and len(waiting) == 1:
        return full_turn(waiting[0])
    group = tuple(waiting[:GROUP])
    clips, said, words = [vc.CHIME if after_silence else vc.GAP], [], []
    for index, call in enumerate(group):
        last = index == len(group) - 1
        clips += ([vc.GAP] if index else []) + short_phrase(call, last)
        said.append(len(clips))
        words.append(short_text(call, last))
    return Turn(group, tuple(clips), (), "，".join(words), tuple(said))


@dataclass(frozen=True)
class Heard:
    """When a call was made, and when the voice had finished saying its number and window."""

    call: Announcement
    called: float
    heard: float

    @property
    def delay(self) -> float:
        return self.heard - self.called


Timed = tuple[float, Announcement]


class _VirtualVoice:
    """The announcer's rules on a virtual clock (`catch_up=False`: every call in full)."""

    def __init__(self, seconds: Callable[[str], float], catch_up: bool) -> None:
        self.seconds = seconds
        self.catch_up = catch_up
        self.now = 0.0
        self.queue: deque[Timed] = deque()
        self.last_call = float("-inf")  # when the call before the queue's first came
        self.heard: list[Heard] = []

    def arrive(self, pending: deque[Timed]) -> None:
        while pending and pending[0][0] <= self.now:
            self.queue.append(pending.popleft())

    def turn(self, after_silence: bool) -> Turn:
        calls = [call for _, call in self.queue]
        if not self.catch_up:
            return full_turn(calls[0])
        quiet = self.queue[0][0] - self.last_call >= QUIET_S
        return next_turn(calls, quiet=quiet, after_silence=after_silence)

    def play(self, turn: Turn, pending: deque[Timed]) -> None:
        taken = [self.queue.popleft() for _ in turn.calls]
        for (at, call), count in zip(taken, turn.said, strict=True):
            said = self.now + sum(self.seconds(clip) for clip in turn.clips[:count])
            self.heard.append(Heard(call, at, said))
        self.last_call = max(self.last_call, taken[-1][0])
        self.now += sum(self.seconds(clip) for clip in turn.clips)
        for repeat in turn.repeats:
            self.arrive(pending)
            if self.catch_up and self.queue:
                break  # someone else waits: the number has been said once, go on
            self.now += sum(self.seconds(clip) for clip in repeat)


def simulate(
    calls: Sequence[Timed], seconds: Callable[[str], float], catch_up: bool = True
) -> list[Heard]:
    """Play `calls` ((time, announcement)) on a virtual clock; when each was heard, in order.

    `seconds(clip)` is a clip's length. A call counts as heard once its own phrase has ended
    in the turn that says it (the first time, for a call said in full).
    """
    pending = deque(sorted(calls, key=lambda item: item[0]))
    voice = _VirtualVoice(seconds, catch_up)
    while pending or voice.queue:
        after_silence = not voice.queue
        if after_silence:
            voice.now = max(voice.now, pending[0][0])
        voice.arrive(pending)
        voice.play(voice.turn(after_silence), pending)
    return voice.heard
