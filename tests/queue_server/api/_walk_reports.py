"""The report routes' documented answers, walked in-process (for test_openapi): the district's
report and a hall's, after a ticket was served."""

from __future__ import annotations

from typing import Any

from queue_server.store import Store
from tests.queue_server.api._api import bearer


def walk_reports(api: Any, store: Store) -> None:
    admin, manager = bearer(store, "admin", "*"), bearer(store, "manager", "qixia")
    district = api.get("/api/reports", admin, params={"period": "week"}).json()
    assert len(district["by_day"]) == 7
    hall = api.get("/api/halls/qixia/reports", manager, params={"rank_by": "wait_mean_min"})
    assert hall.json()["parameters"]["scope"] == "hall"
