"""HTTP client for the clerk endpoints of queue-server (blocking; call it off the GUI thread)."""

from __future__ import annotations

import logging
from typing import Any

import requests

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 3.0
READ_TIMEOUT = 10.0


class ClerkError(Exception):
    """Base of every hall-clerk error; `zh` and `en` are what the clerk reads."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en


class ServerUnreachable(ClerkError):
    """The server did not answer (refused, timed out, connection dropped)."""


class ServerRefusal(ClerkError):
    """The server answered with an error document (`{"error": {"code", "zh", "en"}}`)."""

    def __init__(self, status: int, code: str, zh: str, en: str) -> None:
        super().__init__(zh, en)
        self.status = status
        self.code = code


class AuthRequired(ServerRefusal):
    """401: the token is missing, wrong or expired (`token_expired`); log in again."""


def refusal_from(response: requests.Response) -> ServerRefusal:
    """Build the error a failed response carries, naming the request when the body is not JSON."""
    try:
        body = response.json()
        error = body["error"]
        code, zh, en = str(error["code"]), str(error["zh"]), str(error["en"])
    except (ValueError, KeyError, TypeError):
        code = f"http_{response.status_code}"
        zh = f"服务器返回错误 {response.status_code}"
        en = f"Server answered {response.status_code} to {response.request.method} {response.url}"
    kind = AuthRequired if response.status_code == 401 else ServerRefusal
    return kind(response.status_code, code, zh, en)


class ClerkClient:
    """The clerk's view of the HTTP contract (queue_server/api/CONTRACT.md)."""

    def __init__(self, server: str, session: requests.Session | None = None) -> None:
        self.server = server.rstrip("/")
        self.session = session or requests.Session()
        self.token: str | None = None
        self.username: str | None = None
        self.hall: str | None = None
        self.timeout = (CONNECT_TIMEOUT, READ_TIMEOUT)

    # -- plumbing ---------------------------------------------------------------------------

    def _request(self, method: str, path: str, body: dict | None = None) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        url = self.server + path
        try:
            response = self.session.request(
                method, url, json=body, headers=headers, timeout=self.timeout
            )
        except requests.RequestException as err:
            log.info("%s %s failed: %s", method, url, err)
            raise ServerUnreachable(
                f"无法连接服务器 {self.server}", f"Cannot reach the server at {self.server}"
            ) from err
        if response.status_code >= 400:
            raise refusal_from(response)
        if response.status_code == 204 or not response.content:
            return None
        return response.json()

    def _window_path(self, window: int, action: str = "") -> str:
        suffix = f"/{action}" if action else ""
        return f"/api/halls/{self.hall}/windows/{window}{suffix}"

    def events_url(self) -> str:
        return f"{self.server}/api/halls/{self.hall}/events"

    # -- session ----------------------------------------------------------------------------

    def login(self, username: str, password: str) -> dict:
        """Log in; keeps the token, user name and hall for later calls."""
        answer = self._request(
            "POST", "/api/auth/login", {"username": username, "password": password}
        )
        self.token = answer["token"]
        self.username = answer.get("username", username)
        self.hall = answer.get("hall") if answer.get("hall") != "*" else self.hall
        return answer

    # -- reading ----------------------------------------------------------------------------

    def hall_info(self) -> dict:
        return self._request("GET", f"/api/halls/{self.hall}")

    def windows(self) -> list[dict]:
        return self._request("GET", f"/api/halls/{self.hall}/windows")

    def window(self, number: int) -> dict:
        """The window with its `current_ticket` and `queues`."""
        return self._request("GET", self._window_path(number))

    def services(self) -> list[dict]:
        return self._request("GET", f"/api/halls/{self.hall}/services")

    def waiting_tickets(self) -> list[dict]:
        return self._request("GET", f"/api/halls/{self.hall}/tickets?status=waiting")

    # -- acting -----------------------------------------------------------------------------

    def call_next(self, window: int) -> dict | None:
        """The called ticket, or None when nobody waits (204)."""
        answer = self._request("POST", self._window_path(window, "call-next"))
        return answer["ticket"] if answer else None

    def recall(self, window: int) -> dict:
        return self._request("POST", self._window_path(window, "recall"))["ticket"]

    def start(self, window: int) -> dict:
        return self._request("POST", self._window_path(window, "start"))["ticket"]

    def finish(self, window: int, outcome: str) -> dict:
        body = {"outcome": outcome}
        return self._request("POST", self._window_path(window, "finish"), body)["ticket"]

    def no_show(self, window: int, reason: str) -> dict:
        body = {"reason": reason}
        return self._request("POST", self._window_path(window, "no-show"), body)["ticket"]

    def transfer(
        self,
        window: int,
        to_service: str | None = None,
        to_window: int | None = None,
        reason: str | None = None,
    ) -> dict:
        body: dict[str, Any] = {"to_service": to_service, "to_window": to_window, "reason": reason}
        body = {key: value for key, value in body.items() if value is not None}
        return self._request("POST", self._window_path(window, "transfer"), body)["ticket"]

    def pause(self, window: int, reason: str) -> dict:
        return self._request("POST", self._window_path(window, "pause"), {"reason": reason})

    def resume(self, window: int) -> dict:
        return self._request("POST", self._window_path(window, "resume"))

    def call_ticket(self, window: int, number: str, reason: str) -> dict:
        body = {"number": number, "reason": reason}
        return self._request("POST", self._window_path(window, "call"), body)["ticket"]

    def evaluation_prompt(self, window: int) -> None:
        self._request("POST", self._window_path(window, "evaluation-prompt"))
