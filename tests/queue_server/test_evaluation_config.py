"""`[evaluation]` of the district file: defaults where absent, bad values named by key."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from queue_server.config_loader import SAMPLE_PATH, parse_district
from queue_server.engine.errors import ConfigError
from queue_server.engine.evaluation_settings import EvaluationRules

SAMPLE = tomllib.loads(SAMPLE_PATH.read_text(encoding="utf-8"))


def with_evaluation(table: dict[str, Any] | None) -> dict[str, Any]:
    data = {key: value for key, value in SAMPLE.items() if key != "evaluation"}
    return data if table is None else {**data, "evaluation": table}


def test_absent_settings_are_the_defaults() -> None:
    assert parse_district(with_evaluation(None), "d.toml").evaluation == EvaluationRules()


def test_settings_are_read() -> None:
    table = {"rectification_days": 15, "follow_up_days": 7, "division_code": "510100"}
    rules = parse_district(with_evaluation(table), "d.toml").evaluation
    assert (rules.rectification_days, rules.follow_up_days, rules.division_code) == (
        15,
        7,
        "510100",
    )


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ({"rectification_days": 0}, "evaluation.rectification_days"),
        ({"follow_up_days": "15"}, "evaluation.follow_up_days"),
        ({"division_code": "3201"}, "evaluation.division_code"),
        ({"rectifcation_days": 5}, "evaluation.rectifcation_days"),
    ],
)
def test_a_bad_value_is_named(table: dict[str, Any], key: str) -> None:
    with pytest.raises(ConfigError) as refused:
        parse_district(with_evaluation(table), "d.toml")
    assert key in str(refused.value) and "d.toml" in str(refused.value)
