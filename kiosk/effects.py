"""What the session flow asks the controller to do (effects), and the notices it shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from queue_server.client.models import IdentityCard, Service, Text, Ticket


@dataclass(frozen=True)
class LoadServices:
    pass


@dataclass(frozen=True)
class IssueTicket:
    service: Service
    idempotency_key: str
    identity: IdentityCard | None
    priority: str


@dataclass(frozen=True)
class CheckIn:
    code: str | None
    identity: IdentityCard | None


@dataclass(frozen=True)
class LookupTicket:
    token: str


@dataclass(frozen=True)
class FindHeld:
    """Look up the card holder's active tickets here today (duplicate check, reprint, place)."""

    identity: IdentityCard


@dataclass(frozen=True)
class AddPhone:
    """Send the citizen's phone for the ticket's SMS reminders (never logged, never kept)."""

    token: str = field(repr=False)
    phone: str = field(repr=False)


@dataclass(frozen=True)
class PrintTicket:
    ticket: Ticket
    reprint: bool = False  # the same number again, marked 补打 / Reprint


@dataclass(frozen=True)
class PrintMaterials:
    """Print a service's materials list (一次告知) on the receipt printer."""

    service: Service


@dataclass(frozen=True)
class ReportFault:
    device: str
    state: str
    message: str


Effect = (
    LoadServices
    | IssueTicket
    | CheckIn
    | LookupTicket
    | FindHeld
    | AddPhone
    | PrintTicket
    | PrintMaterials
    | ReportFault
)


@dataclass(frozen=True)
class Notice:
    """A message screen: a catalogue key (what happened, what next) and the server's words."""

    key: str
    text: Text | None = None  # the server's own words, shown under the catalogue text
    params: dict[str, Any] = field(default_factory=dict)
    actions: tuple[str, ...] = ("home",)  # "home", "back", "normal_ticket", "reprint", "go_on"
