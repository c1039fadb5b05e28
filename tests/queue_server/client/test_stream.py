"""Following the live event stream of the real server: events, heartbeats, resume, refusal."""

from __future__ import annotations

import queue
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from queue_server.client.base import HallClient
from queue_server.client.kiosk import KioskClient
from queue_server.client.sse import ServerEvent
from queue_server.client.stream import EventFollower

WAIT_S = 10.0


class Recorder:
    """An EventListener that puts what it hears on a queue, for the test thread to read."""

    def __init__(self) -> None:
        self.heard: queue.Queue[tuple[str, Any]] = queue.Queue()

    def on_event(self, event: ServerEvent) -> None:
        self.heard.put(("event", event))

    def on_connected(self) -> None:
        self.heard.put(("connected", None))

    def on_disconnected(self, reason: str) -> None:
        self.heard.put(("disconnected", reason))

    def on_heartbeat(self) -> None:
        self.heard.put(("heartbeat", None))

    def next(self, kind: str) -> Any:
        """The next report of `kind` (others are skipped), within WAIT_S seconds."""
        while True:
            got, value = self.heard.get(timeout=WAIT_S)
            if got == kind:
                return value


@pytest.fixture
def follow() -> Iterator[Any]:
    running: list[tuple[EventFollower, threading.Thread]] = []

    def start(follower: EventFollower) -> Recorder:
        recorder = Recorder()
        thread = threading.Thread(target=follower.run, args=(recorder,), daemon=True)
        thread.start()
        running.append((follower, thread))
        return recorder

    yield start
    for follower, thread in running:
        follower.stop()
        thread.join(WAIT_S)
        assert not thread.is_alive(), "stop() ends run()"


def test_events_and_heartbeats_arrive(live_server_session: Any, follow: Any) -> None:
    kiosk = KioskClient(live_server_session.url, live_server_session.token("kiosk"), "qixia")
    follower = kiosk.follow_events(read_timeout=5.0)
    heard = follow(follower)
    heard.next("connected")
    ticket = kiosk.issue("ZX01", uuid.uuid4().hex)
    event = heard.next("event")
    assert (event.type, event.data["ticket"]["number"]) == ("ticket.issued", ticket.number)
    assert follower.last_event_id == event.id
    heard.next("heartbeat")  # `: ping` every 0.5 s on the test server


def test_a_follower_resumes_after_the_last_event_it_saw(
    live_server_session: Any, follow: Any
) -> None:
    kiosk = KioskClient(live_server_session.url, live_server_session.token("kiosk"), "qixia")
    first = kiosk.issue("ZX01", uuid.uuid4().hex)
    second = kiosk.issue("ZX01", uuid.uuid4().hex)
    listen = follow(kiosk.follow_events())
    listen.next("connected")
    kiosk.issue("ZX01", uuid.uuid4().hex)
    latest = listen.next("event")
    replayed = kiosk.follow_events()
    replayed.last_event_id = str(int(latest.id) - 3)  # as after a drop three events ago
    heard = follow(replayed)
    numbers = [heard.next("event").data["ticket"]["number"] for _ in range(2)]
    assert numbers == [first.number, second.number]


def test_a_refused_stream_says_http_401_and_keeps_trying(
    live_server_session: Any, follow: Any
) -> None:
    follower = HallClient(live_server_session.url, "bad-token", "qixia", 3.0).follow_events(
        max_backoff=0.2
    )
    heard = follow(follower)
    assert heard.next("disconnected").startswith("HTTP 401 invalid_token")
    assert heard.next("disconnected").startswith("HTTP 401")  # tried again after a backoff
