"""Read `[evaluation]` of the district file into `EvaluationRules` (defaults where absent)."""

from __future__ import annotations

import re

from queue_server.config_reader import Node
from queue_server.engine.evaluation_settings import EvaluationRules

_DIVISION = re.compile(r"^[0-9]{6}([0-9]{6})?$")  # GB/T 2260 (6 digits) or 12 with the town
KEYS = ("rectification_days", "follow_up_days", "text_limit", "pad_prompt_seconds", "division_code")


def evaluation_rules(root: Node) -> EvaluationRules:
    node = root.table("evaluation", required=False)
    node.only(*KEYS)
    default = EvaluationRules()
    division = node.string("division_code", default.division_code, required=False)
    if not _DIVISION.match(division):
        node.fail("division_code", f"expected 6 or 12 digits (GB/T 2260), got {division!r}")
    return EvaluationRules(
        rectification_days=node.integer("rectification_days", default.rectification_days),
        follow_up_days=node.integer("follow_up_days", default.follow_up_days),
        text_limit=node.integer("text_limit", default.text_limit),
        pad_prompt_seconds=node.integer("pad_prompt_seconds", default.pad_prompt_seconds),
        division_code=division,
    )
