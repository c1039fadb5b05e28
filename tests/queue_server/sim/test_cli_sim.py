"""`queue-server simulate` and `queue-server staffing` on a small day of the sample district."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from queue_server.cli import main
from queue_server.config_loader import load_district
from queue_server.engine import staffing
from queue_server.sim.scenario import load_scenario
from queue_server.sim.staffing_advice import staffing_advice

SMALL_DAY = """
[scenario]
name = "small"
date = "2026-12-07"
days = 2
seed = 3
policy = "hall"

[[arrivals]]
hall = "qixia"
service = "ZX01"
per_hour = [20, 30, 25, 10]
green_share = 0.1

[[arrivals]]
hall = "qixia"
service = "HJ03"
rate_per_hour = 8
appointment_share = 0.25
no_show_share = 0.1

[[staff]]
hall = "qixia"
windows = "1-2"
services = ["ZX01", "HJ03"]
from = "09:00"
to = "13:00"

[[staff]]
hall = "qixia"
windows = "3-3"
services = ["HJ03", "ZX01"]
from = "09:00"
to = "17:00"
breaks = [{ from = "11:00", to = "11:30" }]
"""


@pytest.fixture
def small_day(tmp_path: Path) -> Path:
    path = tmp_path / "small.toml"
    path.write_text(SMALL_DAY, encoding="utf-8")
    return path


def test_simulate_prints_json_per_hall_and_service_and_draws_charts(
    small_day: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    charts = tmp_path / "charts"
    assert main(["simulate", str(small_day), "--json", "--charts", str(charts)]) == 0
    summary = json.loads(capsys.readouterr().out)
    services = summary["halls"]["qixia"]["services"]
    assert set(services) == {"ZX01", "HJ03"}
    for stats in services.values():
        assert stats["served"] > 0
        assert 0 <= stats["median_wait_minutes"] <= stats["p90_wait_minutes"]
        assert stats["p90_wait_minutes"] <= stats["max_wait_minutes"]
    assert services["HJ03"]["no_shows"] > 0
    assert summary["appointments"]["appointments"] > 0
    assert set(summary["estimate_error"]) == {"store", "queue_length", "last_to_enter"}
    assert set(summary["halls"]["qixia"]["window_utilisation"]) == {"1", "2", "3"}
    assert len(summary["replications"]) == 2 and summary["mean_wait_ci95_minutes"]
    for name in ("queue.png", "waits.png"):
        assert (charts / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_simulate_prints_a_table_and_a_policy_can_be_chosen(
    small_day: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["simulate", str(small_day), "--policy", "dedicated-fifo", "--days", "1"]) == 0
    out = capsys.readouterr().out
    assert "policy dedicated-fifo" in out and "qixia" in out and "ZX01" in out


def test_a_bad_scenario_is_one_line_naming_file_and_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(SMALL_DAY.replace('policy = "hall"', 'policy = "coin"'), encoding="utf-8")
    assert main(["simulate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "bad.toml: scenario.policy" in err and "coin" in err


def test_staffing_advice_is_erlang_c_per_hour_and_checked_by_simulation(small_day: Path) -> None:
    district = load_district()
    scenario = load_scenario(small_day, district)
    advice = staffing_advice(scenario, district)
    zx = advice["halls"]["qixia"]["services"]["ZX01"]
    target = staffing.Target(district.halls["qixia"].target_wait_minutes, 0.9)
    mean = district.services["ZX01"].expected_minutes  # no [service_times]: the configured one
    assert [h["windows"] for h in zx["hours"]] == [
        staffing.servers_needed(rate, mean, target) for rate in (20, 30, 25, 10)
    ]
    assert [h["start"] for h in zx["hours"]] == ["09:00", "10:00", "11:00", "12:00"]
    assert zx["simulated"]["served"] > 0
    assert zx["simulated"]["within_target_share"] >= 0.9  # the advice holds in simulation


def test_staffing_command_prints_windows_per_hour(
    small_day: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["staffing", str(small_day), "--no-check"]) == 0
    out = capsys.readouterr().out
    assert "qixia ZX01" in out and "10:00:" in out
    assert main(["staffing", str(small_day), "--json"]) == 0
    advice = json.loads(capsys.readouterr().out)
    assert "simulated" in advice["halls"]["qixia"]["services"]["HJ03"]
