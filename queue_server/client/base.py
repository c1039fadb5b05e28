"""What every program's client shares: a transport, a hall, the hall's reads and its events."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from queue_server.client.errors import ClientError, unreadable
from queue_server.client.http import Timeout, Transport
from queue_server.client.models import Hall, Service
from queue_server.client.stream import EventFollower

if TYPE_CHECKING:  # only http.py talks to requests
    import requests


class HallClient:
    """Calls scoped to one hall (`hall` may be set later, e.g. by the clerk's login)."""

    def __init__(
        self,
        server: str,
        token: str | None,
        hall: str | None,
        timeout: Timeout,
        session: requests.Session | None = None,
    ) -> None:
        self.transport = Transport(server, token, timeout, session)
        self.hall = hall

    @property
    def server(self) -> str:
        return self.transport.server

    @property
    def token(self) -> str | None:
        return self.transport.token

    @token.setter
    def token(self, value: str | None) -> None:
        self.transport.token = value

    def hall_path(self, suffix: str = "") -> str:
        return f"/api/halls/{self.hall}{suffix}"

    def health(self) -> bool:
        answer = self.transport.request("GET", "/api/health")
        return isinstance(answer, dict) and answer.get("status") == "ok"

    def hall_json(self) -> dict[str, Any]:
        """The hall as the server sent it (the kiosk caches it for offline use)."""
        return expect_object(self.transport.request("GET", self.hall_path()), f"hall {self.hall}")

    def hall_info(self) -> Hall:
        return Hall.from_json(self.hall_json())

    def services_json(self) -> list[dict[str, Any]]:
        """The hall's services as the server sent them, with waiting counts and availability."""
        raw = self.transport.request("GET", self.hall_path("/services"))
        return expect_list(raw, f"services of {self.hall}")

    def services(self) -> list[Service]:
        return [Service.from_json(item) for item in self.services_json()]

    def events_url(self) -> str:
        return self.transport.url(self.hall_path("/events"))

    def follow_events(self, read_timeout: float = 30.0, max_backoff: float = 5.0) -> EventFollower:
        """A follower of the hall's live events (run it on a thread of its own)."""
        return EventFollower(self.transport, self.hall_path("/events"), read_timeout, max_backoff)


def expect_object(raw: Any, what: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise unreadable(f"{what}: expected an object, got {raw!r:.80}")
    return raw


def expect_list(raw: Any, what: str) -> list[Any]:
    if not isinstance(raw, list):
        raise unreadable(f"{what}: expected a list, got {raw!r:.80}")
    return raw


def wait_for_server(server: str, seconds: float = 20.0) -> bool:
    """Poll GET /api/health until it answers ok (True) or `seconds` pass (False)."""
    probe = HallClient(server, None, None, timeout=1.0)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if probe.health():
                return True
        except ClientError:
            pass
        time.sleep(0.1)  # polling with a deadline: the server is starting in another process
    return False
