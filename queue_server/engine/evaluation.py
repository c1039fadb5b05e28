"""好差评 rules: reason codes of the national list, channels, what one submission may hold,
how often a visit is rated (一次一评 plus one 追评), and the rectification deadline of a bad
review on the working-day calendar. Levels are the API's (5 = 非常满意; see evaluation_levels)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources
from typing import Any

from queue_server.engine.calendar import HallDays
from queue_server.engine.district import Text
from queue_server.engine.evaluation_errors import EvaluationInvalid, EvaluationRefused
from queue_server.engine.evaluation_levels import BAD_LEVELS, LEVEL_NAMES, is_api_level
from queue_server.engine.evaluation_settings import EvaluationRules

FIRST, FOLLOW_UP = 1, 2  # 评价次数

CHANNELS: dict[int, Text] = {
    1: Text("PC", "PC"),
    2: Text("移动端", "Mobile"),
    3: Text("二维码", "QR code"),
    4: Text("政务大厅平板电脑", "Hall tablet"),
    5: Text("政务大厅其他终端", "Other hall terminal"),
    6: Text("电话", "Telephone"),
    7: Text("短信", "SMS"),
}
PAD_CHANNEL = 4
CITIZEN_CHANNELS = frozenset({1, 2, 3})  # what a citizen's own browser may claim


@dataclass(frozen=True)
class Reason:
    code: int
    level: int
    text: Text
    current: bool


@dataclass(frozen=True)
class CodeBook:
    """The national reason codes: the current ones offered per level, retired ones readable."""

    reasons: dict[int, Reason] = field(default_factory=dict)

    def offered(self, level: int) -> list[Reason]:
        """The current codes of a level, in code order (what a form lists)."""
        found = (r for r in self.reasons.values() if r.current and r.level == level)
        return sorted(found, key=lambda r: r.code)

    def current(self, code: int) -> Reason | None:
        reason = self.reasons.get(code)
        return reason if reason is not None and reason.current else None

    def read(self, code: int) -> Reason | None:
        """Any known code, retired ones too (an import of older records)."""
        return self.reasons.get(code)


@cache
def national_codes() -> CodeBook:
    """The code book shipped with the server (`evaluation_codes.toml` beside this module)."""
    text = resources.files(__package__).joinpath("evaluation_codes.toml").read_text("utf-8")
    return parse_codes(tomllib.loads(text))


def parse_codes(data: dict[str, Any]) -> CodeBook:
    """The code book of a parsed codes file (`current`: [level, zh, en]; `retired`: level)."""
    reasons: dict[int, Reason] = {}
    for code, (level, zh, en) in data.get("current", {}).items():
        reasons[int(code)] = Reason(int(code), int(level), Text(str(zh), str(en)), True)
    retired = Text("已停用代码", "retired code")
    for code, level in data.get("retired", {}).items():
        reasons[int(code)] = Reason(int(code), int(level), retired, False)
    return CodeBook(reasons)


@dataclass(frozen=True)
class Submission:
    level: int
    reasons: tuple[int, ...]
    text: str
    channel: int
    follow_up: bool


MESSAGES: dict[str, tuple[str, str]] = {
    "invalid_level": ("满意度须为 1 至 5（5 = 非常满意）。",
                      "The level must be 1 to 5 (5 = very satisfied)."),
    "invalid_channel": ("评价渠道代码须为 1 至 7。", "The channel code must be 1 to 7."),
    "reason_required": ("不满意或非常不满意时请至少选择一项原因。",
                        "Choose at least one reason for a rating of dissatisfied or below."),
    "duplicate_reason": ("原因不能重复选择。", "A reason was chosen twice."),
    "reason_not_of_level": ("原因代码 {reason} 不属于“{zh}”。",
                            "Reason code {reason} does not belong to “{en}”."),
    "text_too_long": ("文字评价不能超过 {limit} 字。",
                      "The text may have at most {limit} characters."),
    "nothing_to_follow_up": ("请先提交评价，再追评。", "Evaluate first; a follow-up comes after."),
    "already_evaluated": ("本次办事已评价（一次一评），如需补充请追评。",
                          "This visit is already evaluated; add a follow-up instead."),
    "follow_up_done": ("本次办事已追评过，不能再评价。",
                       "This visit already has its follow-up evaluation."),
    "follow_up_closed": ("追评须在首次评价后 {days} 天内提交。",
                         "A follow-up is taken within {days} days of the first."),
}  # fmt: skip


def check_content(book: CodeBook, rules: EvaluationRules, entry: Submission) -> None:
    """EvaluationInvalid unless the level, reasons, text and channel make a valid evaluation."""
    if not is_api_level(entry.level):
        raise _invalid("invalid_level")
    if entry.channel not in CHANNELS:
        raise _invalid("invalid_channel")
    if entry.level in BAD_LEVELS and not entry.reasons:
        raise _invalid("reason_required")
    if len(set(entry.reasons)) != len(entry.reasons):
        raise _invalid("duplicate_reason")
    for code in entry.reasons:
        reason = book.current(code)
        if reason is None or reason.level != entry.level:
            name = LEVEL_NAMES[entry.level]
            raise _invalid("reason_not_of_level", reason=code, zh=name.zh, en=name.en)
    if len(entry.text) > rules.text_limit:
        raise _invalid("text_too_long", limit=rules.text_limit)


def next_count(
    rules: EvaluationRules, entry: Submission, earlier: list[datetime], now: datetime
) -> int:
    """The 评价次数 this submission gets, given the times of the visit's earlier evaluations."""
    if not earlier:
        if entry.follow_up:
            raise _refused("nothing_to_follow_up")
        return FIRST
    if not entry.follow_up:
        raise _refused("already_evaluated")
    if len(earlier) >= FOLLOW_UP:
        raise _refused("follow_up_done")
    if now > follow_up_until(rules, earlier[0]):
        raise _refused("follow_up_closed", days=rules.follow_up_days)
    return FOLLOW_UP


def follow_up_until(rules: EvaluationRules, first: datetime) -> datetime:
    return first + timedelta(days=rules.follow_up_days)


def rectification_deadline(days: HallDays, opened: date, working_days: int) -> date:
    """The `working_days`-th working day after the day a bad review came in."""
    for count, day in enumerate(days.working_days_after(opened), start=1):
        if count == working_days:
            return day
    raise ValueError(f"no {working_days} working days within a year after {opened}")


def _message(code: str, values: dict[str, object]) -> tuple[str, str]:
    zh, en = MESSAGES[code]
    return zh.format(**values), en.format(**values)


def _invalid(code: str, **values: object) -> EvaluationInvalid:
    return EvaluationInvalid(code, *_message(code, values))


def _refused(code: str, **values: object) -> EvaluationRefused:
    return EvaluationRefused(code, *_message(code, values))


def evaluation_path(token: str) -> str:
    """The citizen's evaluation page of a ticket: the phone page links to it, the clerk's
    prompt names it, and the notification invites to it."""
    return f"/t/{token}/evaluate"
