"""The contract as a window clerk uses it: login, the hall's windows, and acting at a window."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from queue_server.client.base import HallClient, expect_list, expect_object
from queue_server.client.http import Timeout
from queue_server.client.models import Fault, Login, Ticket, Window

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

    def login(self, username: str, password: str) -> Login:
        """Log in; keeps the token, user name and hall for later calls."""
        body = {"username": username, "password": password}
        login = Login.from_json(self.transport.request("POST", "/api/auth/login", body))
        self.token = login.token
        self.username = login.username or username
        if login.hall != "*":  # a district-wide user keeps the hall it was given
            self.hall = login.hall
        return login

    # -- reading ----------------------------------------------------------------------------

    def windows(self) -> list[Window]:
        raw = self.transport.request("GET", self.hall_path("/windows"))
        return [Window.from_json(item) for item in expect_list(raw, "windows")]

    def window(self, number: int) -> Window:
        """The window with its `current_ticket` and `queues`."""
        return Window.from_json(self.transport.request("GET", self._window_path(number)))

    def waiting_tickets(self) -> list[Ticket]:
        raw = self.transport.request("GET", self.hall_path("/tickets?status=waiting"))
        return [Ticket.from_json(item) for item in expect_list(raw, "waiting tickets")]

    def todays_tickets(self) -> list[Ticket]:
        """Every ticket of the hall today, in issue order (to find one by its number)."""
        raw = self.transport.request("GET", self.hall_path("/tickets"))
        return [Ticket.from_json(item) for item in expect_list(raw, "tickets")]

    def faults(self) -> list[Fault]:
        """Today's device reports of the hall, oldest first."""
        raw = self.transport.request("GET", self.hall_path("/devices/faults"))
        return [Fault.from_json(item) for item in expect_list(raw, "faults")]

    # -- acting -----------------------------------------------------------------------------

    def call_next(self, window: int) -> Ticket | None:
        """The called ticket, or None when nobody waits (204)."""
        answer = self._act(window, "call-next")
        return _ticket(answer) if answer else None

    def recall(self, window: int) -> Ticket:
        return _ticket(self._act(window, "recall"))

    def start(self, window: int) -> Ticket:
        return _ticket(self._act(window, "start"))

    def finish(self, window: int, outcome: str) -> Ticket:
        return _ticket(self._act(window, "finish", {"outcome": outcome}))

    def no_show(self, window: int, reason: str) -> Ticket:
        return _ticket(self._act(window, "no-show", {"reason": reason}))

    def undo_no_show(self, window: int) -> Ticket:
        """Take back the window's last no-show (within 30 s): it is called here again."""
        return _ticket(self._act(window, "undo-no-show"))

    def transfer(
        self,
        window: int,
        to_service: str | None = None,
        to_window: int | None = None,
        reason: str | None = None,
    ) -> Ticket:
        """The new waiting ticket (same number, original arrival); the old one is transferred."""
        body: Json = {"to_service": to_service, "to_window": to_window, "reason": reason}
        body = {key: value for key, value in body.items() if value is not None}
        return _ticket(self._act(window, "transfer", body))

    def pause(self, window: int, reason: str) -> Window:
        return Window.from_json(self._act(window, "pause", {"reason": reason}))

    def resume(self, window: int) -> Window:
        return Window.from_json(self._act(window, "resume"))

    def call_ticket(self, window: int, number: str, reason: str) -> Ticket:
        """Call `number` out of order; the reason is logged."""
        return _ticket(self._act(window, "call", {"number": number, "reason": reason}))

    def evaluation_prompt(self, window: int) -> None:
        self._act(window, "evaluation-prompt")

    # -- plumbing ---------------------------------------------------------------------------

    def _window_path(self, window: int, action: str = "") -> str:
        return self.hall_path(f"/windows/{window}" + (f"/{action}" if action else ""))

    def _act(self, window: int, action: str, body: Json | None = None) -> Any:
        return self.transport.request("POST", self._window_path(window, action), body)


def _ticket(answer: Any) -> Ticket:
    """The ticket of a window action's answer `{"ticket": Ticket}`."""
    return Ticket.from_json(expect_object(answer, "answer").get("ticket"))
