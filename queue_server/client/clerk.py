"""The contract as a window clerk uses it: login, the hall's windows, and acting at a window.

Answers are the contract's JSON objects (the console's state is built on them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from queue_server.client.base import HallClient, expect_list, expect_object
from queue_server.client.http import Timeout

if TYPE_CHECKING:
    import requests

CONNECT_TIMEOUT = 3.0
READ_TIMEOUT = 10.0

Json = dict[str, Any]


class ClerkClient(HallClient):
    """A clerk's session with the server: the token, user name and hall come from `login`."""

    def __init__(
        self,
        server: str,
        session: requests.Session | None = None,
        *,
        token: str | None = None,
        hall: str | None = None,
        timeout: Timeout = (CONNECT_TIMEOUT, READ_TIMEOUT),
    ) -> None:
        super().__init__(server, token, hall, timeout, session)
        self.username: str | None = None

    def login(self, username: str, password: str) -> Json:
        """Log in; keeps the token, user name and hall for later calls."""
        body = {"username": username, "password": password}
        answer = expect_object(self.transport.request("POST", "/api/auth/login", body), "login")
        self.token = str(answer["token"])
        self.username = str(answer.get("username", username))
        if answer.get("hall") != "*":  # a district-wide user keeps the hall it was given
            self.hall = answer.get("hall")
        return answer

    # -- reading ----------------------------------------------------------------------------

    def windows(self) -> list[Json]:
        return expect_list(self.transport.request("GET", self.hall_path("/windows")), "windows")

    def window(self, number: int) -> Json:
        """The window with its `current_ticket` and `queues`."""
        raw = self.transport.request("GET", self._window_path(number))
        return expect_object(raw, f"window {number}")

    def waiting_tickets(self) -> list[Json]:
        raw = self.transport.request("GET", self.hall_path("/tickets?status=waiting"))
        return expect_list(raw, "waiting tickets")

    # -- acting -----------------------------------------------------------------------------

    def call_next(self, window: int) -> Json | None:
        """The called ticket, or None when nobody waits (204)."""
        answer = self._act(window, "call-next")
        return _ticket(answer) if answer else None

    def recall(self, window: int) -> Json:
        return _ticket(self._act(window, "recall"))

    def start(self, window: int) -> Json:
        return _ticket(self._act(window, "start"))

    def finish(self, window: int, outcome: str) -> Json:
        return _ticket(self._act(window, "finish", {"outcome": outcome}))

    def no_show(self, window: int, reason: str) -> Json:
        return _ticket(self._act(window, "no-show", {"reason": reason}))

    def transfer(
        self,
        window: int,
        to_service: str | None = None,
        to_window: int | None = None,
        reason: str | None = None,
    ) -> Json:
        """The new waiting ticket (same number, original arrival); the old one is transferred."""
        body: Json = {"to_service": to_service, "to_window": to_window, "reason": reason}
        body = {key: value for key, value in body.items() if value is not None}
        return _ticket(self._act(window, "transfer", body))

    def pause(self, window: int, reason: str) -> Json:
        return expect_object(self._act(window, "pause", {"reason": reason}), "paused window")

    def resume(self, window: int) -> Json:
        return expect_object(self._act(window, "resume"), "resumed window")

    def call_ticket(self, window: int, number: str, reason: str) -> Json:
        """Call `number` out of order; the reason is logged."""
        return _ticket(self._act(window, "call", {"number": number, "reason": reason}))

    def evaluation_prompt(self, window: int) -> None:
        self._act(window, "evaluation-prompt")

    # -- plumbing ---------------------------------------------------------------------------

    def _window_path(self, window: int, action: str = "") -> str:
        return self.hall_path(f"/windows/{window}" + (f"/{action}" if action else ""))

    def _act(self, window: int, action: str, body: Json | None = None) -> Any:
        return self.transport.request("POST", self._window_path(window, action), body)


def _ticket(answer: Any) -> Json:
    ticket: Json = expect_object(expect_object(answer, "answer").get("ticket"), "ticket")
    return ticket
