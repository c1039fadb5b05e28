"""The 好差评 settings of a district (`[evaluation]` of the district file)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EvaluationRules:
    """`[evaluation]` of the district file."""

    rectification_days: int = 5  # working days to answer a bad review (Dezhou: 5, Sichuan: 15)
    follow_up_days: int = 15  # 追评 allowed this many days after the first evaluation
    text_limit: int = 500  # characters of free text
    pad_prompt_seconds: int = 180  # the pad's form stays open this long after the prompt
    division_code: str = "320113"  # 行政区划代码 of the export (栖霞区)
