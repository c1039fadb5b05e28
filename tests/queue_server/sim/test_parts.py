"""Running a scenario's parts side by side gives what the serial run gives."""

from __future__ import annotations

from queue_server.sim.parts import parts_of
from queue_server.sim.report import summarise
from queue_server.sim.runner import run_scenario
from queue_server.sim.scenario import parse_scenario
from queue_server.sim.world import scenario_district
from tests.queue_server.sim._worlds import one_service_district, poisson_scenario


def _two_halls(days: int, **head: object) -> dict:
    data = poisson_scenario(20, 6, days, policy="hall", **head)
    data["arrivals"].append({"hall": "h1", "service": "S1", "rate_per_hour": 30,
                             "green_share": 0.2, "no_show_share": 0.1})  # fmt: skip
    return data


def _figures(summary: dict) -> dict:
    """The summary without the run times (those differ between any two runs)."""
    return {
        **summary,
        "replications": [
            {k: v for k, v in r.items() if k != "wall_seconds"} for r in summary["replications"]
        ],
    }


def test_halls_run_apart_give_the_serial_figures() -> None:
    district = one_service_district(2, halls=2)
    scenario = parse_scenario(_two_halls(2), "a.toml", district)
    serial = run_scenario(scenario, district)
    apart = run_scenario(scenario, district, workers=2)
    assert len(parts_of(scenario, district)) == 4  # two halls, two replications
    world = scenario_district(scenario, district)
    expected = _figures(summarise(scenario, world, serial))
    assert expected["halls"]["h1"]["services"]["S1"]["served"] > 50
    assert _figures(summarise(scenario, world, apart)) == expected
    for one, other in zip(serial, apart, strict=True):
        assert one.queue == other.queue and one.windows == other.windows


def test_halls_that_exchange_citizens_stay_together() -> None:
    district = one_service_district(2, halls=2)
    scenario = parse_scenario(_two_halls(2, cross_hall_acceptance=0.15), "a.toml", district)
    parts = parts_of(scenario, district)
    assert [p.scenario.halls for p in parts] == [("h0", "h1"), ("h0", "h1")]
    assert {p.replication for p in parts} == {0, 1}
