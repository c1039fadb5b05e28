"""Server-sent events against the real server: live events, Last-Event-ID resume, heartbeat."""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from queue_server.api.app import create_app
from queue_server.api.state import AppState, ServerSettings
from queue_server.config_loader import load_district
from queue_server.store import Settings, Store
from queue_server.store.tokens import TokenSpec
from tests.fixtures.live_server import LiveServer, free_port
from tests.queue_server._district import id_number


@dataclass
class Stream:
    items: queue.Queue[tuple[str, Any]] = field(default_factory=queue.Queue)
    status: int = 0
    stop: threading.Event = field(default_factory=threading.Event)

    def next(self, kind: str, timeout: float = 10.0) -> Any:
        """The next item of `kind` ('event' or 'ping'), skipping others, within `timeout`."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                got, value = self.items.get(timeout=left)
            except queue.Empty:
                break
            if got == kind:
                return value
        raise AssertionError(f"no {kind} within {timeout} s")

    def events(self, count: int, timeout: float = 10.0) -> list[dict[str, Any]]:
        return [self.next("event", timeout) for _ in range(count)]


def _read(url: str, headers: dict[str, str], stream: Stream, ready: threading.Event) -> None:
    with httpx.stream("GET", url, headers=headers, timeout=httpx.Timeout(10, read=30)) as answer:
        stream.status = answer.status_code
        ready.set()
        event: dict[str, Any] = {}
        for line in answer.iter_lines():
            if stream.stop.is_set():
                return
            if line.startswith(":"):
                stream.items.put(("ping", line))
            elif line.startswith("id: "):
                event["id"] = int(line[4:])
            elif line.startswith("event: "):
                event["type"] = line[7:]
            elif line.startswith("data: "):
                event["data"] = json.loads(line[6:])
            elif line == "" and event:
                stream.items.put(("event", event))
                event = {}


@contextmanager
def follow(url: str, headers: dict[str, str] | None = None) -> Iterator[Stream]:
    stream, ready = Stream(), threading.Event()
    reader = threading.Thread(target=_read, args=(url, headers or {}, stream, ready), daemon=True)
    reader.start()
    assert ready.wait(10), "stream did not open"
    try:
        yield stream
    finally:
        stream.stop.set()


def issue(server: LiveServer, serial: int, hall: str = "qixia") -> dict[str, Any]:
    service = "HJ01" if hall == "qixia" else "SB01"
    body = {"service": service, "id_card": {"number": id_number(serial), "name": "赵六"}}
    answer = httpx.post(
        f"{server.url}/api/halls/{hall}/tickets",
        json=body,
        headers=server.headers("kiosk", hall),
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    result: dict[str, Any] = answer.json()
    return result


def test_hall_events_arrive_with_ids_and_resume_after_last_event_id(
    live_server: LiveServer,
) -> None:
    url = f"{live_server.url}/api/halls/qixia/events?access_token={live_server.token('display')}"
    with follow(url) as stream:
        assert stream.status == 200
        first = issue(live_server, 1)
        issue(live_server, 2, hall="maqun")  # another hall: not on this stream
        clerk = live_server.headers("clerk")
        httpx.post(f"{live_server.url}/api/halls/qixia/windows/1/call-next", headers=clerk)
        issued, called = stream.events(2)
    assert issued["type"] == "ticket.issued" and called["type"] == "ticket.called"
    assert called["id"] > issued["id"]
    data = called["data"]
    assert data["ticket"]["number"] == first["number"] and "token" not in data["ticket"]
    assert data["window"] == {"number": 1, "label": "1号窗口"} and data["hall"] == "qixia"
    assert data["waiting"] == {}  # nobody left waiting after the call
    assert issued["data"]["waiting"] == {"HJ01": 1}

    missed = [issue(live_server, n)["number"] for n in (3, 4, 5)]
    headers = {
        "Authorization": f"Bearer {live_server.token('clerk')}",
        "Last-Event-ID": str(called["id"]),
    }
    with follow(f"{live_server.url}/api/halls/qixia/events", headers) as again:
        replayed = again.events(3)
    assert [e["data"]["ticket"]["number"] for e in replayed] == missed
    assert all(e["id"] > called["id"] for e in replayed)


def test_heartbeat_comments_keep_the_stream_alive(live_server: LiveServer) -> None:
    url = f"{live_server.url}/api/halls/qixia/events"
    with follow(url, live_server.headers("display")) as stream:
        assert stream.next("ping", timeout=5).startswith(": ping")


def test_district_stream_needs_a_district_token_and_carries_every_hall(
    live_server: LiveServer,
) -> None:
    url = f"{live_server.url}/api/events"
    refused = httpx.get(url, headers=live_server.headers("display", "qixia"))
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "wrong_hall"
    assert httpx.get(url).status_code == 401
    with follow(url, live_server.headers("manager", "*")) as stream:
        issue(live_server, 1, "qixia")
        issue(live_server, 1, "maqun")
        halls = [e["data"]["hall"] for e in stream.events(2)]
    assert halls == ["qixia", "maqun"]


def test_a_stream_is_refused_for_another_halls_token(live_server: LiveServer) -> None:
    url = f"{live_server.url}/api/halls/qixia/events"
    answer = httpx.get(url, headers=live_server.headers("display", "maqun"))
    assert answer.status_code == 403


def test_raw_id_numbers_never_reach_the_stream_the_log_or_the_database(
    live_server: LiveServer,
) -> None:
    numbers = [id_number(n) for n in range(10, 20)]
    url = f"{live_server.url}/api/halls/qixia/events"
    with follow(url, live_server.headers("clerk")) as stream:  # clerks see the masked forms
        for serial in range(10, 20):
            issue(live_server, serial)
        texts = [json.dumps(e, ensure_ascii=False) for e in stream.events(10)]
    live_server.stop()
    files = [p for p in live_server.db_path.parent.iterdir() if p.is_file()]
    blobs = b"".join(p.read_bytes() for p in files)  # database, WAL and the server log
    assert live_server.log_path in files
    for number in numbers:
        assert number.encode() not in blobs
        assert all(number not in text for text in texts)
    assert "赵六".encode() not in blobs
    assert any("3201**********" in text for text in texts)


def test_a_client_that_disconnects_leaves_no_subscriber_behind(tmp_path: Path) -> None:
    """uvicorn in a thread, so the broker can be inspected after clients hang up."""
    store = Store(tmp_path / "queue.db", load_district(), settings=Settings(check_hours=False))
    state = AppState(store, ServerSettings(heartbeat_seconds=0.2))
    port = free_port()
    config = uvicorn.Config(create_app(state), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    runner = threading.Thread(target=server.run, daemon=True)
    runner.start()
    try:
        wait_until(lambda: server.started, "server start")
        _, token = store.create_device_token(TokenSpec("display", "qixia"))
        url = f"http://127.0.0.1:{port}/api/halls/qixia/events?access_token={token}"
        for _ in range(3):
            with follow(url) as stream:
                stream.next("ping", timeout=5)
                assert state.broker.subscriber_count >= 1
        wait_until(lambda: state.broker.subscriber_count == 0, "subscribers released")
    finally:
        server.should_exit = True
        runner.join(10)


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)  # polling with a deadline
