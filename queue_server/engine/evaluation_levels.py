"""The one mapping of satisfaction levels across boundaries.

Our API, like Zhejiang's interface and review-pad SDKs, numbers 5 = 非常满意 … 1 = 非常不满意;
GB/T 39046-2020 appendix A.8 (the national data set the export follows) numbers them the other
way, 1 = 非常满意 … 5 = 非常不满意. Every boundary converts here; nothing guesses."""

from __future__ import annotations

from queue_server.engine.district import Text

API_LEVELS = (5, 4, 3, 2, 1)  # best first, as forms list them
BAD_LEVELS = frozenset({2, 1})  # 差评: a rectification item follows

LEVEL_NAMES: dict[int, Text] = {
    5: Text("非常满意", "Very satisfied"),
    4: Text("满意", "Satisfied"),
    3: Text("基本满意", "Fairly satisfied"),
    2: Text("不满意", "Dissatisfied"),
    1: Text("非常不满意", "Very dissatisfied"),
}

GBT_STANDARD = "GB/T 39046-2020 附录A.8"
GBT_MEANING = "1=非常满意, 2=满意, 3=基本满意, 4=不满意, 5=非常不满意"
API_MEANING = "5=非常满意, 4=满意, 3=基本满意, 2=不满意, 1=非常不满意"


def is_api_level(level: int) -> bool:
    return level in LEVEL_NAMES


def api_to_gbt(level: int) -> int:
    """The GB/T 39046-2020 code of an API level (5 非常满意 → 1)."""
    if not is_api_level(level):
        raise ValueError(f"satisfaction level {level!r} is not one of 1-5")
    return 6 - level


def gbt_to_api(code: int) -> int:
    """The API level of a GB/T 39046-2020 code (1 非常满意 → 5)."""
    if not is_api_level(code):
        raise ValueError(f"GB/T 39046-2020 satisfaction code {code!r} is not one of 1-5")
    return 6 - code


def mapping_table() -> dict[str, object]:
    """The mapping as an export names it in its file."""
    return {
        "standard": GBT_STANDARD,
        "满意度代码": GBT_MEANING,
        "api_level": API_MEANING,
        "api_level_to_code": {str(level): api_to_gbt(level) for level in API_LEVELS},
    }
