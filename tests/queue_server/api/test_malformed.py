"""Malformed requests answer in the error envelope, never 500: bad bodies 422, large bodies 413,
broken HTTP 400; slow clients are cut off; HEAD is answered wherever GET is."""

from __future__ import annotations

import json
import select
import socket
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from queue_server.api.app import create_app
from queue_server.api.guards import BODY_LIMIT
from queue_server.api.state import AppState
from queue_server.store import Store
from tests.fixtures.live_server import LiveServer
from tests.queue_server._district import id_number
from tests.queue_server.api._api import TestClient, clock, store  # noqa: F401

TICKETS = "/api/halls/qixia/tickets"
JSON = {"content-type": "application/json"}


@pytest.fixture
def api(live_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.url, timeout=10) as client:
        yield client


def error_of(answer: httpx.Response, status: int) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/json"
    error: dict[str, Any] = answer.json()["error"]
    assert error["zh"] and error["en"]
    return error


def test_bodies_that_are_no_json_answer_422(live_server: LiveServer, api: httpx.Client) -> None:
    kiosk = live_server.headers("kiosk")
    bodies = [
        (b'{"service": "\xff\xfe"}', JSON),  # not UTF-8
        (b"[" * 30_000 + b"]" * 30_000, JSON),  # deeper than the JSON parser goes
        (b'{"service": "HJ01"', JSON),  # cut short
        (b'{"service": "HJ01"}', {"content-type": "text/plain"}),
        (b"service=HJ01", {"content-type": "application/x-www-form-urlencoded"}),
    ]
    for body, kind in bodies:
        answer = api.post(TICKETS, content=body, headers={**kiosk, **kind})
        assert error_of(answer, 422)["code"] == "invalid_input", body[:20]


def test_numbers_too_large_anywhere_answer_422(live_server: LiveServer, api: httpx.Client) -> None:
    manager = live_server.headers("manager")
    too_large = "9223372036854775808"
    assert error_of(api.get(f"/api/halls/qixia/windows/{too_large}", headers=manager), 422)
    transfer = {"to_window": int(too_large)}
    answer = api.post("/api/halls/qixia/windows/1/transfer", headers=manager, json=transfer)
    assert error_of(answer, 422)["code"] == "invalid_input"
    replay = f"/api/halls/qixia/events?last_event_id={too_large}"
    with api.stream("GET", replay, headers=live_server.headers("display")) as stream:
        # A number beyond any sequence is ignored, as other values are: the stream goes on.
        assert first_lines(stream, 2) == ["retry: 2000", ": ping"]


def test_a_body_up_to_the_limit_is_read(live_server: LiveServer, api: httpx.Client) -> None:
    body = {"service": "HJ01", "id_card": {"number": id_number(1), "name": "王小明"}}
    padding = BODY_LIMIT - len(json.dumps({**body, "padding": ""}).encode()) - 1
    padded = json.dumps({**body, "padding": "x" * padding}).encode()
    assert len(padded) == BODY_LIMIT - 1
    answer = api.post(TICKETS, content=padded, headers={**live_server.headers("kiosk"), **JSON})
    assert answer.status_code == 201, answer.text


def test_a_declared_large_body_answers_413_at_once(live_server: LiveServer) -> None:
    head = request_head(live_server, f"Content-Length: {50 * 1024 * 1024}")
    status, body = exchange(live_server, head, [b"x" * 1024])
    assert (status, body["error"]["code"]) == (413, "body_too_large")
    assert body["error"]["limit"] == BODY_LIMIT


def test_a_chunked_body_over_the_limit_answers_413(live_server: LiveServer) -> None:
    """No Content-Length: the server counts what arrives and stops at the limit."""
    head = request_head(live_server, "Transfer-Encoding: chunked")
    chunk = b"4000\r\n" + b" " * 0x4000 + b"\r\n"  # 16 KiB of JSON white space
    status, body = exchange(live_server, head, [chunk] * 64)  # up to 1 MiB
    assert (status, body["error"]["code"]) == (413, "body_too_large")


def test_slow_clients_are_cut_off_but_open_streams_stay(make_live_server: Any) -> None:
    server: LiveServer = make_live_server(extra_args=["--read-timeout", "1"])
    trickled = b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100
    slow_body = request_head(server, "Content-Length: 100")
    sockets = {name: connect(server) for name in ("headers", "body", "silent")}
    sockets["body"].sendall(slow_body)
    with httpx.stream(
        "GET", server.url + "/api/halls/qixia/events", headers=server.headers("display")
    ) as stream:
        started = time.monotonic()
        closed = trickle(sockets, trickled, deadline=started + 5)
        # The stream outlived the read deadline: it still sends its pings (heartbeat 0.5 s).
        assert first_lines(stream, 3) == ["retry: 2000", ": ping", ": ping"]
    assert set(closed) == set(sockets)
    assert all(0.5 < after < 4 for after in closed.values()), closed
    assert httpx.get(server.url + "/api/health", timeout=5).status_code == 200


def test_requests_that_are_not_http_answer_400_in_the_envelope(live_server: LiveServer) -> None:
    for head in (
        b"GET /api/halls/\xff HTTP/1.1\r\nHost: x\r\n\r\n",
        b"POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
    ):
        status, body = exchange(live_server, head, [])
        assert (status, body["error"]["code"]) == (400, "bad_request")


def test_head_answers_wherever_get_does(live_server: LiveServer, api: httpx.Client) -> None:
    headers = live_server.headers("admin", "*")
    paths = api.get("/openapi.json").json()["paths"]
    gets = [path for path, operations in paths.items() if "get" in operations]
    for path in [*gets, "/openapi.json"]:
        url = path.format(hall="qixia", window="1", token="nope", code="HJ01", external_id="x")
        head = api.head(url, headers=headers)
        with api.stream("GET", url, headers=headers) as get:
            assert (head.status_code, head.content) == (get.status_code, b""), url
            assert head.headers["content-type"] == get.headers["content-type"], url
    assert api.head("/api/halls/qixia/tickets", headers=headers).status_code == 200
    assert api.head(TICKETS + "/offline", headers=headers).status_code == 405  # POST only


def test_a_bug_answers_500_in_the_envelope(store: Store) -> None:  # noqa: F811
    app = create_app(AppState(store))

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("a bug")

    with TestClient(app, raise_server_exceptions=False) as client:
        answer = client.get("/boom")
    assert answer.status_code == 500
    assert answer.json()["error"]["code"] == "internal_error"


def first_lines(stream: httpx.Response, count: int) -> list[str]:
    """The first `count` lines of an event stream that are not blank."""
    lines = (line for line in stream.iter_lines() if line)
    return [next(lines) for _ in range(count)]


# --- raw HTTP over a socket --------------------------------------------------------------


def connect(server: LiveServer) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=5)


def request_head(server: LiveServer, framing: str) -> bytes:
    token = server.token("kiosk")
    return (
        f"POST {TICKETS} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\n{framing}\r\n\r\n"
    ).encode()


def exchange(server: LiveServer, head: bytes, chunks: list[bytes]) -> tuple[int, dict[str, Any]]:
    """Send `head`, then `chunks` until the server answers; its status and JSON body, read until
    the server closes the connection (a socket timeout fails the test)."""
    with connect(server) as conn:
        conn.sendall(head)
        for chunk in chunks:
            if select.select([conn], [], [], 0)[0]:
                break  # answered already: the rest is never sent
            try:
                conn.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break  # answered and closed while we were sending
        answer = read_until_closed(conn)
    head_part, _, body = answer.partition(b"\r\n\r\n")
    return int(head_part.split(b" ", 2)[1]), json.loads(body)


def read_until_closed(conn: socket.socket) -> bytes:
    received = b""
    while data := _recv(conn, 65536):
        received += data
    return received


def _recv(conn: socket.socket, size: int) -> bytes:
    try:
        return conn.recv(size)
    except ConnectionResetError:  # closed with our unread bytes in its buffer
        return b""


def trickle(sockets: dict[str, socket.socket], data: bytes, deadline: float) -> dict[str, float]:
    """Send `data` a byte every 50 ms on each socket but the silent one; when each was closed."""
    started, closed = time.monotonic(), {}
    for sent in range(len(data)):
        for name, conn in sockets.items():
            if name in closed:
                continue
            if select.select([conn], [], [], 0)[0] and _recv(conn, 1) == b"":
                closed[name] = time.monotonic() - started
            elif name != "silent":
                conn.send(data[sent : sent + 1])
        if len(closed) == len(sockets) or time.monotonic() > deadline:
            break
        time.sleep(0.05)  # the pace of a slow client, not a wait for the server
    for conn in sockets.values():
        conn.close()
    return closed
