"""The administration routes' documented answers, walked in-process (for test_openapi): each
manager and admin action once, and the refusals the sweeps do not reach."""

from __future__ import annotations

from typing import Any

from queue_server.store import Store
from tests.queue_server.api._api import bearer

HALL = "/api/halls/qixia"
W4 = HALL + "/windows/4"
BODIES: dict[str, dict[str, Any]] = {
    "WindowServicesIn": {"services": ["HJ01"]},
    "WindowStateIn": {"state": "open"},
    "NoticesIn": {"lines": [{"zh": "通知", "en": "Notice"}]},
    "ClerkIn": {"username": "clerk-sweep", "password": "sweep-pass-1"},
    "HallSettingsIn": {"target_wait_minutes": 25},
    "DailyCapIn": {"daily_cap": 300},
}
PATH_VALUES = {"username": "clerk", "token_id": "x"}


def walk_admin(api: Any, store: Store) -> None:
    manager, admin = bearer(store, "manager"), bearer(store, "admin", "*")
    kiosk = bearer(store, "kiosk")
    assert api.call("PUT", W4 + "/services", manager, json={"services": ["SB01"]}).json()
    api.call("PUT", W4 + "/services", manager, json={"services": ["NOPE"]})  # 422 invalid_services
    api.call("PUT", W4 + "/state", manager, json={"state": "closed"})
    api.call("PUT", HALL + "/notices", manager, json=BODIES["NoticesIn"])
    assert api.get(HALL + "/notices", kiosk).json()["lines"]
    clerk = {"username": "clerk-zhao", "password": "walk-pass-1", "window": 4}
    assert api.post(HALL + "/accounts", manager, json=clerk, expect=201)["window"] == 4
    api.post(HALL + "/accounts", manager, json=clerk, expect=409)
    assert api.get(HALL + "/accounts", manager).json()
    api.post(HALL + "/accounts/clerk-zhao/disable", manager)
    api.post(HALL + "/accounts/clerk-zhao/enable", manager)
    token = next(
        t for t in api.get(HALL + "/device-tokens", manager).json() if t["role"] == "kiosk"
    )
    api.post(f"{HALL}/device-tokens/{token['id']}/revoke", manager)
    assert api.get("/api/admin/district", admin).json()["halls"]
    hours = [{"days": ["mon", "tue"], "open": "09:00", "close": "08:00"}]
    api.call("PUT", HALL + "/settings", admin, json={"hours": hours})  # 422 invalid_settings
    api.call("PUT", HALL + "/settings", admin, json=BODIES["HallSettingsIn"])
    api.call("PUT", "/api/services/HJ01/daily-cap", admin, json={"daily_cap": None})
    assert api.get(HALL + "/audit", manager).json()
    assert api.get("/api/audit", admin).json()
