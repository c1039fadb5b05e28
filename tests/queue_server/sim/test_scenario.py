"""Scenario files: the sample days load, and every bad value names the file and the key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from queue_server.config_loader import load_district
from queue_server.engine.errors import ConfigError
from queue_server.sim.scenario import load_scenario, parse_scenario
from tests.queue_server.sim._worlds import one_service_district, poisson_scenario

SCENARIOS = Path(__file__).parents[3] / "config" / "scenarios"


@pytest.mark.parametrize("name", ["qixia-day.toml", "imbalanced-day.toml"])
def test_the_sample_days_load(name: str) -> None:
    scenario = load_scenario(SCENARIOS / name, load_district())
    assert scenario.halls[0] == "qixia" and len(scenario.halls) == 10
    assert {a.service for a in scenario.arrivals} >= {"HJ03", "SB01", "ZX01"}
    assert scenario.staff and scenario.service_times["GJ01"].distribution == "empirical"


def test_the_imbalanced_day_overloads_yaohua_only() -> None:
    district = load_district()
    sample = load_scenario(SCENARIOS / "qixia-day.toml", district)
    imbalanced = load_scenario(SCENARIOS / "imbalanced-day.toml", district)
    for usual, busy in zip(sample.arrivals, imbalanced.arrivals, strict=True):
        ratio = sum(busy.per_hour) / sum(usual.per_hour)
        assert ratio == pytest.approx(1.7 if usual.hall == "yaohua" else 1.0, rel=0.02)


def broken(change: Any) -> dict[str, Any]:
    data = poisson_scenario(12, 6, 1)
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "key", "words"),
    [
        (lambda d: d["scenario"].update(policy="lottery"), "scenario.policy", "dedicated-fifo"),
        (lambda d: d["scenario"].update(colour="red"), "scenario.colour", "unknown key"),
        (lambda d: d["scenario"].update(date="Monday"), "scenario.date", "2026-12-07"),
        (lambda d: d["arrivals"][0].update(hall="mars"), "arrivals[0].hall", "unknown hall"),
        (lambda d: d["arrivals"][0].update(service="XX"), "arrivals[0].service", "does not offer"),
        (lambda d: d["arrivals"][0].update(per_hour=[1]), "arrivals[0].per_hour", "exactly one"),
        (lambda d: d["arrivals"][0].update(green_share=1.5), "arrivals[0].green_share", "share"),
        (
            lambda d: d["service_times"]["S1"].update(distribution="gamma"),
            "service_times.S1.distribution",
            "lognormal",
        ),  # fmt: skip
        (
            lambda d: d["service_times"]["S1"].update(distribution="lognormal"),
            "service_times.S1.sd_minutes",
            "missing",
        ),  # fmt: skip
        (
            lambda d: d.update(
                staff=[
                    {
                        "hall": "h0",
                        "windows": "1-2",
                        "services": ["S1"],
                        "from": "12:00",
                        "to": "09:00",
                    }
                ]
            ),
            "staff[0].to",
            "not after",
        ),  # fmt: skip
    ],
)
def test_a_bad_value_names_file_and_key(change: Any, key: str, words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_scenario(broken(change), "day.toml", one_service_district(2))
    assert caught.value.source == "day.toml" and caught.value.key == key
    assert words in str(caught.value)


def test_an_unreadable_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "day.toml"
    path.write_text("[scenario\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="day.toml.*not valid TOML"):
        load_scenario(path, one_service_district(1))
