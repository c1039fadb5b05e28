"""A manager sets a hall's notice lines on the live server (the board and kiosk tests)."""

from __future__ import annotations

from typing import Any

import httpx


def put_notices(server: Any, lines: list[dict[str, str]], hall: str = "qixia") -> None:
    answer = httpx.put(
        f"{server.url}/api/halls/{hall}/notices",
        json={"lines": lines},
        headers=server.headers("manager", hall),
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
