"""The platform API over HTTP: the signature's replay window, and no overbooking when many
bookings of the last places arrive at once on the real server."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from queue_server import keys
from queue_server.clock import shanghai
from queue_server.engine import signing
from tests.fixtures.live_server import LiveServer
from tests.queue_server._district import id_number

MONDAY = shanghai(2026, 12, 7, 10)
SLOT = shanghai(2026, 12, 8, 9, 30)


def body(serial: int) -> dict[str, Any]:
    return {
        "external_id": f"c-{serial}", "hall": "qixia", "service": "HJ01",
        "slot_start": SLOT.isoformat(), "id_card": {"number": id_number(serial), "name": "赵六"},
    }  # fmt: skip


def raw_post(server: LiveServer, raw: bytes, sent: dict[str, str]) -> httpx.Response:
    headers = {**server.headers("platform"), **sent, "Content-Type": "application/json"}
    return httpx.post(server.url + "/api/appointments", content=raw, headers=headers, timeout=10)


def test_replayed_stale_and_altered_requests_are_refused_with_the_reason(
    make_live_server: Any,
) -> None:
    server: LiveServer = make_live_server(clock_start=MONDAY)
    secret = keys.KeyFile(keys.default_path(server.db_path)).load().platform_secret
    raw = json.dumps(body(1)).encode()
    now = MONDAY.timestamp() + 2
    sent = signing.headers(secret, "POST", "/api/appointments", raw, now)
    assert raw_post(server, raw, sent).status_code == 201
    reasons = {
        "replayed": (raw, sent),
        "mismatch": (raw.replace(b"c-1", b"c-2"), sent),
        "stale": (raw, signing.headers(secret, "POST", "/api/appointments", raw, now - 600)),
        "malformed": (raw, {**sent, signing.TIMESTAMP_HEADER: "soon"}),
    }
    for reason, (content, headers) in reasons.items():
        answer = raw_post(server, content, headers)
        assert answer.status_code == 401, answer.text
        assert answer.json()["error"]["reason"] == reason


def test_concurrent_bookings_over_http_never_overbook(make_live_server: Any) -> None:
    server: LiveServer = make_live_server(clock_start=MONDAY)
    day = SLOT.date().isoformat()
    url = f"{server.url}/api/halls/qixia/services/HJ01/slots?from={day}&to={day}"
    slot = next(s for s in httpx.get(url).json() if s["start"] == SLOT.isoformat())
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda n: server.platform("POST", "/api/appointments", body(n)),
                                range(1, 4 * slot["capacity"] + 3)))  # fmt: skip
    statuses = [a.status_code for a in answers]
    assert statuses.count(201) == slot["capacity"]
    assert {a.json()["error"]["code"] for a in answers if a.status_code != 201} == {"slot_full"}
    after = next(s for s in httpx.get(url).json() if s["start"] == SLOT.isoformat())
    assert (after["booked"], after["available"]) == (slot["capacity"], 0)
