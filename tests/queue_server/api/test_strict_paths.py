"""Window numbers in paths are parsed once, strictly, and the window check runs on that number
(the real server on 127.0.0.1)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.fixtures.live_server import LiveServer
from tests.queue_server._district import id_number

HALL = "/api/halls/qixia"
# Spellings FastAPI's int parse would take for 2 (or 20), and numbers out of range; as sent.
NOT_NUMBERS = [
    "+2",
    "2.0",
    "%202",
    "2%20",
    "%2B2",
    "2_0",
    "%D9%A2",  # Arabic-Indic two
    "%EF%BC%92",  # full-width two
    "00002",  # one spelling per number: no leading zeros
    "0",
    "-1",
    "10000",
    "9223372036854775808",
    "1e3",
    "0x2",
]


@pytest.fixture
def api(live_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.url, timeout=10) as client:
        yield client


def window_routes(api: httpx.Client) -> list[tuple[str, str]]:
    """(method, path template) of every route with `{window}`, from the description."""
    paths = api.get("/openapi.json").json()["paths"]
    return [
        (method.upper(), path)
        for path, operations in paths.items()
        if "{window}" in path
        for method in operations
    ]


def test_a_window_token_is_refused_on_another_window(
    live_server: LiveServer, api: httpx.Client
) -> None:
    window_1 = live_server.headers("clerk", window=1)
    for method, path in window_routes(api):
        url = path.format(hall="qixia", window="2")
        answer = api.request(method, url, headers=window_1, json={})
        # a window's pad routes refuse every clerk (test_evaluation_http: a pad's own window),
        # and so do a manager's (its services and state: administration)
        manager_only = path.endswith(("/services", "/state"))
        expected = "forbidden" if "/pad" in path or manager_only else "wrong_window"
        assert (answer.status_code, answer.json()["error"]["code"]) == (403, expected), url


def test_every_other_spelling_of_a_number_answers_422(
    live_server: LiveServer, api: httpx.Client
) -> None:
    tokens = [live_server.headers("clerk", window=1), live_server.headers("manager")]
    routes = window_routes(api)
    assert len(routes) >= 11
    for method, path in routes:
        for raw in NOT_NUMBERS:
            for token in tokens:
                answer = api.request(method, path.format(hall="qixia", window=raw), headers=token)
                assert answer.status_code == 422, (method, raw, answer.text)
                error = answer.json()["error"]
                assert (error["code"], error["fields"]) == ("invalid_input", ["path.window"])


def test_a_refused_spelling_acts_on_no_window(live_server: LiveServer, api: httpx.Client) -> None:
    """Before, `/windows/+2/call-next` with a window-1 token called the next ticket at window 2."""
    kiosk, manager = live_server.headers("kiosk"), live_server.headers("manager")
    window_1 = live_server.headers("clerk", window=1)
    issued = api.post(
        f"{HALL}/tickets",
        headers=kiosk,
        json={"service": "HJ01", "id_card": {"number": id_number(1), "name": "王小明"}},
    )
    assert issued.status_code == 201, issued.text
    for raw in ("+2", "%202", "%2B2", "2.0"):
        assert api.post(f"{HALL}/windows/{raw}/call-next", headers=window_1).status_code == 422
        assert api.post(f"{HALL}/windows/{raw}/pause", headers=window_1).status_code == 422
    window_2 = api.get(f"{HALL}/windows/2", headers=manager).json()
    assert (window_2["state"], window_2["current_ticket"]) == ("open", None)
    ticket = api.get(f"/api/tickets/{issued.json()['token']}").json()
    assert ticket["status"] == "waiting"


def test_the_canonical_number_still_works(live_server: LiveServer, api: httpx.Client) -> None:
    window_1 = live_server.headers("clerk", window=1)
    assert api.get(f"{HALL}/windows/1", headers=window_1).json()["number"] == 1
    assert api.post(f"{HALL}/windows/1/pause", headers=window_1).json()["state"] == "paused"
    unknown = api.get(f"{HALL}/windows/9999", headers=live_server.headers("manager"))
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "unknown_window")


def test_a_transfer_names_its_window_as_a_json_integer_in_range(
    live_server: LiveServer, api: httpx.Client
) -> None:
    manager = live_server.headers("manager")
    for to_window in ("2", 2.0, 10**30, 0, True):
        answer = api.post(
            f"{HALL}/windows/1/transfer", headers=manager, json={"to_window": to_window}
        )
        assert answer.status_code == 422, (to_window, answer.text)
        assert answer.json()["error"]["fields"] == ["body.to_window"]
