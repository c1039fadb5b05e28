"""The queue-server's HTTP API as the kiosk uses it (blocking; call it off the GUI thread)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import requests

from kiosk import KioskError
from kiosk.model import Hall, IdentityCard, Service, Text, Ticket

log = logging.getLogger(__name__)


class ServerUnavailable(KioskError):
    """The server could not be reached or did not answer in time (the kiosk may go offline)."""


class ServerRefused(KioskError):
    """The server answered with an error object: `code` says which, `text` says it to a citizen."""

    def __init__(self, status: int, code: str, text: Text, extra: dict[str, Any]) -> None:
        super().__init__(f"server refused with {status} {code}: {text.en}")
        self.status = status
        self.code = code
        self.text = text
        self.extra = extra


@dataclass
class ServerClient:
    """One kiosk's view of the server: its hall, its token, its timeouts."""

    base_url: str
    token: str
    hall: str
    kiosk_id: str = "K1"
    timeout: float = 3.0
    retries: int = 1
    session: requests.Session = field(default_factory=requests.Session)

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/")
        self.session.headers["Authorization"] = f"Bearer {self.token}"

    # -- public reads ---------------------------------------------------------------------
    def health(self) -> bool:
        return self._request("GET", "/api/health").get("status") == "ok"

    def hall_info(self) -> Hall:
        return Hall.from_json(self.hall_json())

    def services(self) -> list[Service]:
        return [Service.from_json(item) for item in self.services_json()]

    def services_json(self) -> list[dict[str, Any]]:
        """The hall's services as the server sent them (the kiosk caches them for offline use)."""
        raw = self._request("GET", f"/api/halls/{self.hall}/services")
        if not isinstance(raw, list):
            raise ServerUnavailable(f"services of {self.hall}: expected a list, got {raw!r:.80}")
        return raw

    def hall_json(self) -> dict[str, Any]:
        raw = self._request("GET", f"/api/halls/{self.hall}")
        if not isinstance(raw, dict):
            raise ServerUnavailable(f"hall {self.hall}: expected an object, got {raw!r:.80}")
        return raw

    def halls_offering(self, service: str) -> list[tuple[Hall, bool]]:
        """Halls offering `service` with their current wait, and whether they can serve it now."""
        raw = self._request("GET", f"/api/services/{service}/halls")
        if not isinstance(raw, list):
            raise ServerUnavailable(f"halls offering {service}: expected a list, got {raw!r:.80}")
        return [(Hall.from_json(item), bool(item.get("available", True))) for item in raw]

    def ticket(self, token: str) -> Ticket:
        return Ticket.from_json(self._request("GET", f"/api/tickets/{token}"))

    def phone_url(self, ticket: Ticket) -> str:
        return f"{self.base_url}/t/{ticket.token}"

    # -- kiosk actions --------------------------------------------------------------------
    def issue(
        self,
        service: str,
        idempotency_key: str,
        identity: IdentityCard | None = None,
        priority: str = "normal",
    ) -> Ticket:
        """Issue a ticket; a timed-out attempt is retried with the same key, so never twice."""
        body: dict[str, Any] = {
            "service": service,
            "idempotency_key": idempotency_key,
            "priority": priority,
            "kiosk_id": self.kiosk_id,
        }
        if identity is not None:
            body["id_card"] = identity.as_json()
        raw = self._request("POST", f"/api/halls/{self.hall}/tickets", body, self.retries)
        return Ticket.from_json(raw)

    def check_in(self, code: str | None = None, identity: IdentityCard | None = None) -> Ticket:
        body: dict[str, Any] = {}
        if code:
            body["code"] = code
        if identity is not None:
            body["id_card"] = identity.as_json()
        raw = self._request("POST", f"/api/halls/{self.hall}/appointments/check-in", body)
        return Ticket.from_json(raw)

    def hand_over(self, tickets: list[dict[str, Any]]) -> list[Ticket]:
        body = {"kiosk_id": self.kiosk_id, "tickets": tickets}
        path = f"/api/halls/{self.hall}/tickets/offline"
        raw = self._request("POST", path, body, self.retries)
        return [Ticket.from_json(item) for item in raw["tickets"]]

    def report_fault(self, device: str, state: str, message: str) -> None:
        body = {"kiosk_id": self.kiosk_id, "device": device, "state": state, "message": message}
        self._request("POST", f"/api/halls/{self.hall}/devices/faults", body, self.retries)

    # -- plumbing -------------------------------------------------------------------------
    def _request(
        self, method: str, path: str, body: dict[str, Any] | None = None, retries: int = 0
    ) -> Any:
        url = self.base_url + path
        for attempt in range(retries + 1):
            try:
                response = self.session.request(method, url, json=body, timeout=self.timeout)
            except (requests.ConnectionError, requests.Timeout) as err:
                log.info("%s %s failed (attempt %d): %s", method, path, attempt + 1, err)
                if attempt == retries:
                    raise ServerUnavailable(f"{method} {url}: {err}") from err
                continue
            return self._answer(response, method, url)
        raise ServerUnavailable(f"{method} {url}: no attempt made")  # pragma: no cover

    @staticmethod
    def _answer(response: requests.Response, method: str, url: str) -> Any:
        if response.status_code >= 500 and response.status_code != 501:
            raise ServerUnavailable(f"{method} {url}: HTTP {response.status_code}")
        if response.status_code == 204:
            return {}
        try:
            payload = response.json()
        except ValueError as err:
            raise ServerUnavailable(f"{method} {url}: not JSON ({response.status_code})") from err
        if response.status_code >= 400:
            raise _refusal(response.status_code, payload)
        return payload


def _refusal(status: int, payload: Any) -> ServerRefused:
    error = payload.get("error") if isinstance(payload, dict) else None
    if not isinstance(error, dict):
        detail = Text(f"服务器拒绝了请求（{status}）", f"The server refused the request ({status})")
        return ServerRefused(status, f"http_{status}", detail, {})
    code = str(error.get("code", f"http_{status}"))
    text = Text(str(error.get("zh", "")), str(error.get("en", "")))
    extra = {k: v for k, v in error.items() if k not in ("code", "zh", "en")}
    return ServerRefused(status, code, text, extra)
