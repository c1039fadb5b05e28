"""Server-shaped sample objects for kiosk tests that need no server."""

from __future__ import annotations

from typing import Any

from queue_server.client.models import Elsewhere, Hall, Service, Ticket


def service_json(code: str = "HJ01", **changes: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "code": code,
        "name": {"zh": "户口迁移", "en": "Household registration transfer"},
        "category": {"code": "hukou", "zh": "户籍办理", "en": "Household registration"},
        "prefix": "A",
        "id_required": True,
        "appointment_allowed": True,
        "expected_minutes": 12,
        "materials": [
            {"zh": "居民身份证原件", "en": "Resident ID card (original)"},
            {"zh": "户口簿", "en": "Household register"},
        ],
        "daily_cap": None,
        "waiting": 4,
        "eta_minutes": 12,
        "available": True,
        "unavailable_reason": None,
    }
    raw.update(changes)
    return raw


NO_WINDOW = {
    "code": "no_open_window",
    "zh": "暂无窗口，请前往人工导引台咨询",
    "en": "No open window; please ask at the guidance desk",
}


def services() -> list[Service]:
    social = {"code": "social", "zh": "社保医保", "en": "Social insurance"}
    return [
        Service.from_json(service_json()),
        Service.from_json(
            service_json("HJ02", name={"zh": "身份证补领", "en": "ID card replacement"},
                         prefix="B", waiting=0, eta_minutes=0, materials=[])
        ),
        Service.from_json(
            service_json(
                "SB01", name={"zh": "社保卡申领", "en": "Social security card"}, prefix="S",
                category=social, id_required=False,
            )
        ),
        Service.from_json(
            service_json(
                "SB02", name={"zh": "医保报销", "en": "Medical insurance claims"}, prefix="Y",
                category=social, id_required=False, available=False,
                unavailable_reason=NO_WINDOW,
            )
        ),
    ]  # fmt: skip


def hall(**changes: Any) -> Hall:
    raw: dict[str, Any] = {
        "id": "qixia",
        "name": {"zh": "栖霞区政务服务中心", "en": "Qixia District Government Service Centre"},
        "level": "district",
        "address": {"zh": "南京市栖霞区尧化街道", "en": "Yaohua Street, Qixia, Nanjing"},
        "target_wait_minutes": 30,
        "green_channel": True,
        "waiting": 23,
        "eta_minutes": 18,
    }
    raw.update(changes)
    return Hall.from_json(raw)


def ticket(**changes: Any) -> Ticket:
    raw: dict[str, Any] = {
        "number": "A005",
        "token": "tok-abcdef123456",
        "hall": "qixia",
        "service": "HJ01",
        "service_name": {"zh": "户口迁移", "en": "Household registration transfer"},
        "status": "waiting",
        "priority": "normal",
        "source": "walk_in",
        "ahead": 4,
        "eta_minutes": 12,
        "window": None,
        "window_label": None,
    }
    raw.update(changes)
    return Ticket.from_json(raw)


def elsewhere_json(**changes: Any) -> dict[str, Any]:
    """A service's `elsewhere`: a much faster hall, as the server names it."""
    raw: dict[str, Any] = {
        "hall": "xianlin",
        "name": {"zh": "仙林街道便民服务中心", "en": "Xianlin Street Service Centre"},
        "address": {"zh": "南京市栖霞区仙林大道 163 号", "en": "163 Xianlin Avenue, Qixia"},
        "eta_minutes": 5,
    }
    raw.update(changes)
    return raw


def elsewhere(**changes: Any) -> Elsewhere:
    found = Elsewhere.of(elsewhere_json(**changes))
    assert found is not None
    return found
