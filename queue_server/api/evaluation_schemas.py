"""Request and answer bodies of the 好差评 routes (CONTRACT.md, Evaluation)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import Field

from queue_server.api.answers import Answer, Text
from queue_server.api.schemas import Body

Level: Any = Field(ge=1, le=5, description="5 = 非常满意 … 1 = 非常不满意 (the API's numbering).")
Reasons: Any = Field(default_factory=list, max_length=16, description="Reason codes of the level.")
FreeText: Any = Field(default="", max_length=2000, description="Free text (the district's limit).")


class EvaluationIn(Body):
    level: int = Level
    reasons: list[int] = Reasons
    text: str | None = FreeText
    channel: int = Field(default=2, description="1 PC, 2 移动端, 3 二维码 (4 is the pad's).")
    follow_up: bool = Field(default=False, description="The one follow-up (追评, count 2).")


class PadEvaluationIn(Body):
    prompt: int = Field(ge=1, description="The `id` of the window's open prompt.")
    level: int = Level
    reasons: list[int] = Reasons
    text: str | None = FreeText


class RectificationIn(Body):
    visit_result: str | None = Field(default=None, min_length=1, max_length=1000)
    reply: str | None = Field(default=None, min_length=1, max_length=1000)


class Reason(Answer):
    code: int
    zh: str
    en: str


class LevelCodes(Answer):
    level: int
    name: Text
    reasons: list[Reason]


class Evaluation(Answer):
    count: Literal[1, 2]
    level: int
    level_name: Text
    reasons: list[Reason]
    text: str
    channel: int
    channel_name: Text
    at: datetime


class PadEvaluation(Evaluation):
    number: str


class EvaluatedTicket(Answer):
    number: str
    hall: str
    service_name: Text
    status: str
    finished_at: datetime | None


class CitizenReply(Answer):
    state: Literal["open", "closed"]
    deadline: date
    reply: str | None
    replied_at: datetime | None


class TicketEvaluation(Answer):
    """What a ticket's token unlocks of its evaluation."""

    ticket: EvaluatedTicket
    evaluations: list[Evaluation]
    can_evaluate: bool
    can_follow_up: bool
    follow_up_until: datetime | None
    rectification: CitizenReply | None


class PadPrompt(Answer):
    id: int
    number: str
    service_name: Text
    expires_at: datetime


class PadState(Answer):
    prompt: PadPrompt | None


class RectifiedTicket(Answer):
    number: str
    service: str
    window: int | None
    business_day: date


class Visit(Answer):
    at: datetime
    result: str
    by: str


class Reply(Answer):
    at: datetime
    text: str
    by: str


class Rectification(Answer):
    id: int
    hall: str
    state: Literal["open", "closed"]
    opened_at: datetime
    deadline: date
    overdue: bool
    ticket: RectifiedTicket
    evaluation: Evaluation
    visit: Visit | None
    reply: Reply | None


class ExportedEvaluation(Answer):
    """One evaluation in the national data set's fields (GB/T 39046-2020)."""

    办件编号: str
    评价渠道: int
    评价人: str = Field(description="The masked holder, or 匿名.")
    评价时间: str = Field(pattern=r"^\d{8}T\d{6}$")
    评价次数: Literal[1, 2]
    满意度: str
    满意度代码: int = Field(ge=1, le=5, description="GB/T 39046-2020: 1 = 非常满意.")
    文字评价: str
    行政区划: str


class CodeMapping(Answer):
    standard: str
    满意度代码: str
    api_level: str
    api_level_to_code: dict[str, int]


class EvaluationExport(Answer):
    from_: date = Field(alias="from")
    to: date
    code_mapping: CodeMapping
    records: list[ExportedEvaluation]
