"""The preset reasons clerks pick (pause, no-show), Chinese with English (pure: no Qt).

The server keeps the Chinese text the clerk chose; screens that also speak English find the
English of a preset here, and show a clerk's own words as they are.
"""

from __future__ import annotations

PAUSE_REASONS: tuple[tuple[str, str], ...] = (
    ("午休", "Lunch break"),
    ("临时离开", "Short break"),
    ("业务培训", "Training"),
    ("系统故障", "System fault"),
)
NO_SHOW_REASONS: tuple[tuple[str, str], ...] = (
    ("多次叫号未到", "Did not come after repeated calls"),
    ("本人离开", "Left the hall"),
)
_ENGLISH = dict(PAUSE_REASONS + NO_SHOW_REASONS)


def english_reason(reason: str) -> str:
    """The English of a preset reason; a clerk's own words unchanged."""
    return _ENGLISH.get(reason.strip(), reason.strip())
