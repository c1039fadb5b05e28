"""The contract as the kiosk uses it: the hall and its services, tickets, hand-over, faults."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from queue_server.client.base import HallClient, expect_list, expect_object
from queue_server.client.errors import unreadable
from queue_server.client.http import Timeout
from queue_server.client.models import IdentityCard, SealKey, Ticket

if TYPE_CHECKING:
    import requests


class KioskClient(HallClient):
    """One kiosk's view of the server: its hall, its token, its timeouts. Requests the server
    dedupes by key (issue, hand-over, faults) are sent `retries` more times after no answer."""

    def __init__(
        self,
        server: str,
        token: str,
        hall: str,
        kiosk_id: str = "K1",
        timeout: Timeout = 3.0,
        retries: int = 1,
        session: requests.Session | None = None,
    ) -> None:
        super().__init__(server, token, hall, timeout, session)
        self.hall: str = hall
        self.kiosk_id = kiosk_id
        self.retries = retries

    # -- public reads ---------------------------------------------------------------------
    def ticket(self, token: str) -> Ticket:
        return Ticket.from_json(self.transport.request("GET", f"/api/tickets/{token}"))

    def seal_key(self) -> SealKey:
        """The server's public key for sealing offline tickets' ID cards."""
        return SealKey.from_json(self.transport.request("GET", "/api/seal-key"))

    def phone_url(self, ticket: Ticket) -> str:
        return self.transport.url(f"/t/{ticket.token}")

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
        raw = self.transport.request("POST", self.hall_path("/tickets"), body, self.retries)
        return Ticket.from_json(raw)

    def add_phone(self, token: str, phone: str) -> str:
        """Have the ticket's reminders sent to `phone` (CONTRACT.md): its masked form."""
        path = self.hall_path(f"/tickets/{token}/phone")
        raw = self.transport.request("POST", path, {"phone": phone})
        masked = expect_object(raw, "phone").get("phone_masked")
        if not isinstance(masked, str):
            raise unreadable(f"phone: no phone_masked in {raw!r:.80}")
        return masked

    def held(self, identity: IdentityCard) -> list[Ticket]:
        """The card holder's active tickets in this hall today (waiting, called, serving)."""
        body = {"id_card": identity.as_json()}
        raw = self.transport.request("POST", self.hall_path("/tickets/lookup"), body)
        held = expect_list(expect_object(raw, "lookup").get("tickets"), "held tickets")
        return [Ticket.from_json(item) for item in held]

    def check_in(self, code: str | None = None, identity: IdentityCard | None = None) -> Ticket:
        """Check in a booking by its code or the holder's card: the appointment ticket (the same
        one again when repeated). With neither it is the probe: 501 until the server takes
        appointments (CONTRACT.md)."""
        body: dict[str, Any] = {}
        if code:
            body["code"] = code
        if identity is not None:
            body["id_card"] = identity.as_json()
        if body:
            body["kiosk_id"] = self.kiosk_id
        raw = self.transport.request("POST", self.hall_path("/appointments/check-in"), body)
        return Ticket.from_json(raw)

    def hand_over(self, tickets: list[dict[str, Any]]) -> list[Ticket]:
        """Register tickets issued offline, in order (idempotent per ticket key); each item as
        CONTRACT.md describes (the ID card only sealed: `sealed_id_card`)."""
        body = {"kiosk_id": self.kiosk_id, "tickets": tickets}
        raw = self.transport.request("POST", self.hall_path("/tickets/offline"), body, self.retries)
        handed = expect_list(expect_object(raw, "hand-over").get("tickets"), "handed-over tickets")
        return [Ticket.from_json(item) for item in handed]

    def report_fault(self, device: str, state: str, message: str) -> None:
        body = {"kiosk_id": self.kiosk_id, "device": device, "state": state, "message": message}
        self.transport.request("POST", self.hall_path("/devices/faults"), body, self.retries)
