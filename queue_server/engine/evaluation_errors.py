"""The refusals of 好差评 evaluation and rectification, each `code` naming the rule broken.

Part of the `QueueError` tree (engine.errors): EvaluationRefused 409, EvaluationInvalid 422,
RectificationNotFound 404, StaffCannotEvaluate 403. Messages never repeat the citizen's text."""

from __future__ import annotations

from queue_server.engine.errors import Conflict, Forbidden, Invalid, NotFound


class EvaluationRefused(Conflict):
    """An evaluation the rules refuse now (`not_finished`, `already_evaluated`, ...)."""

    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(zh, en, code=code)


class EvaluationInvalid(Invalid):
    """An evaluation whose content breaks the rules (`reason_required`, ...)."""

    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(zh, en, code=code)


class StaffCannotEvaluate(Forbidden):
    default_code = "staff_cannot_evaluate"

    def __init__(self) -> None:
        super().__init__(
            "评价须由办事群众本人提交，工作人员不能代为评价。",
            "Only the citizen served may evaluate; staff cannot evaluate for them.",
        )


class RectificationNotFound(NotFound):
    default_code = "rectification_not_found"

    def __init__(self, item: int) -> None:
        super().__init__(f"没有编号为 {item} 的整改事项", f"There is no rectification item {item}")
