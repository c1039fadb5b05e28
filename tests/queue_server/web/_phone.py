"""What the phone page tests share: a ticket issued on the live server and the clerk's actions."""

from __future__ import annotations

from typing import Any

import httpx

from tests.fixtures.live_server import LiveServer
from tests.queue_server._district import id_number

HALL = "qixia"
NAMES = ("王小明", "李四光", "欧阳娜娜")  # raw names: the pages show only the masked forms


def issue(server: LiveServer, serial: int, service: str = "HJ01") -> dict[str, Any]:
    """A ticket issued by a kiosk for an ID card (serial picks the number and the name)."""
    card = {"number": id_number(serial), "name": NAMES[serial % len(NAMES)]}
    answer = httpx.post(
        f"{server.url}/api/halls/{HALL}/tickets",
        json={"service": service, "id_card": card},
        headers=server.headers("kiosk"),
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    ticket: dict[str, Any] = answer.json()
    return ticket


def clerk(server: LiveServer, window: int, action: str, **body: Any) -> httpx.Response:
    """A clerk's action at a window of the hall (call-next, recall, start, finish, ...)."""
    answer = httpx.post(
        f"{server.url}/api/halls/{HALL}/windows/{window}/{action}",
        json=body or None,
        headers=server.headers("clerk", window=window),
        timeout=10,
    )
    assert answer.status_code in (200, 204), answer.text
    return answer


def page(server: LiveServer, token: str, query: str = "") -> httpx.Response:
    return httpx.get(f"{server.url}/t/{token}{query}", timeout=10)
