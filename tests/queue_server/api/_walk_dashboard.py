"""The dashboard routes' documented answers, walked in-process (for test_openapi): the
district overview and a hall's view, with a ticket waiting, a kiosk's fault and its alert."""

from __future__ import annotations

from typing import Any

from queue_server.api.alert_job import AlertWatch, DeviceSeen
from queue_server.engine.alerts import AlertConfig
from queue_server.store import Store
from tests.queue_server.api._api import bearer, ticket_body

FAULT = {"kiosk_id": "K9", "device": "printer", "state": "paper_near_end", "message": ""}


def walk_dashboard(api: Any, store: Store) -> None:
    kiosk, admin = bearer(store, "kiosk"), bearer(store, "admin", "*")
    api.post("/api/halls/qixia/tickets", kiosk, json=ticket_body(90, "SB01"), expect=201)
    api.post("/api/halls/qixia/devices/faults", kiosk, json=FAULT, expect=201)
    AlertWatch(store, AlertConfig(), DeviceSeen()).run_once()
    hall = api.get("/api/halls/qixia/dashboard", bearer(store, "manager", "qixia")).json()
    assert hall["kiosks"][0]["devices"] == {"printer": "paper_near_end"}
    assert "device_fault" in {a["kind"] for a in hall["alerts"]}
    district = api.get("/api/dashboard", admin).json()
    assert [h["hall"] for h in district["halls"]] == list(store.district.halls)
    assert district["alerts"] == hall["alerts"]
