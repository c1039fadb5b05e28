"""Small districts and scenarios built in code for the simulator's tests."""

from __future__ import annotations

from datetime import time
from typing import Any

from queue_server.engine.district import Category, District, Hall, OpeningHours, Service, Text
from queue_server.engine.district import Window as WindowConfig

ALL_WEEK = frozenset(range(7))


def one_service_district(windows: int, *, close: time = time(16), halls: int = 1) -> District:
    """Hall(s) `h0`, `h1`... open 10:00 to `close`, each with `windows` windows serving S1."""
    service = Service("S1", Text("事项", "Service"), "c", "A", False, False, 6.0)
    built = {}
    for index in range(halls):
        hall_id = f"h{index}"
        built[hall_id] = Hall(
            hall_id, Text(f"大厅{index}", f"Hall {index}"), "street", Text("地址", "Address"),
            (OpeningHours(ALL_WEEK, time(10), close),), ("S1",),
            tuple(WindowConfig(hall_id, n, Text(f"{n}号", f"W{n}"), ("S1",))
                  for n in range(1, windows + 1)),
        )  # fmt: skip
    categories = {"c": Category("c", Text("类", "Category"))}
    return District("t", Text("测试区", "Test district"), categories, {"S1": service}, built)


def poisson_scenario(rate: float, mean: float, days: int, policy: str = "dedicated-fifo",
                     **head: Any) -> dict[str, Any]:  # fmt: skip
    """A scenario (as parsed TOML) with Poisson arrivals at h0 and exponential service."""
    return {
        "scenario": {
            "name": "t",
            "date": "2026-12-07",
            "days": days,
            "seed": 7,
            "policy": policy,
            **head,
        },  # fmt: skip
        "arrivals": [{"hall": "h0", "service": "S1", "rate_per_hour": rate}],
        "service_times": {"S1": {"distribution": "exponential", "mean_minutes": mean}},
    }
