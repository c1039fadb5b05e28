"""The kiosk's session flow as a plain object: intents in, a state and effects out (no Qt, no I/O).

Screens call the intent methods; each returns the effects the controller must run (server
calls, printing); the controller feeds the results back through the `on_*` methods. After
every call the screen to show is `session.state.screen`.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

from kiosk.effects import (
    CheckIn,
    Effect,
    FindHeld,
    IssueTicket,
    LoadServices,
    LookupTicket,
    Notice,
    PrintMaterials,
    PrintTicket,
    ReportFault,
)
from kiosk.rules import BOOKING_CODE_CHARS, CodeKind, classify_code
from kiosk.session_checkin import CHECK_IN_REFUSALS, CheckInSteps
from kiosk.session_person import PersonSteps
from kiosk.session_phone import PHONE_DIGITS, PhoneSteps
from queue_server.client.models import Elsewhere, Hall, IdentityCard, Service, Text, Ticket
from queue_server.engine.privacy import is_valid_id_number, normalise_id_number

log = logging.getLogger(__name__)


class Screen(Enum):
    HOME = "home"
    CATEGORIES = "categories"
    SERVICES = "services"
    SUGGEST = "suggest"
    IDENTIFY = "identify"
    KEYPAD = "keypad"
    CODE_PAD = "code_pad"  # a booking code typed for check-in
    GREEN = "green"
    WORKING = "working"
    TICKET = "ticket"
    NOTICE = "notice"
    CHECKIN = "checkin"
    PLACE_SCAN = "place_scan"
    PLACE = "place"
    MY_TICKETS = "my_tickets"  # 查询进度 by ID card: the holder's tickets today
    MATERIALS = "materials"
    PHONE_PAD = "phone_pad"  # a mobile number typed for SMS reminders
    PHONE_DONE = "phone_done"


class Flow(Enum):
    TICKET = "ticket"
    CHECKIN = "checkin"
    PLACE = "place"
    GUIDE = "guide"


@dataclass
class SessionState:
    screen: Screen = Screen.HOME
    flow: Flow | None = None
    language: str = "zh"
    large_text: bool = False
    online: bool = True
    appointments: bool | None = None  # does the server take appointments? None: not known yet
    swiped_at_home: bool = False  # the card was swiped on home: no booking goes on to walk-in
    hall: Hall | None = None
    services: list[Service] = field(default_factory=list)
    category: str | None = None
    service: Service | None = None
    identity: IdentityCard | None = None
    keypad: str = ""  # typed on the ID keypad or the code pad
    keypad_error: bool = False
    priority: str = "normal"
    suggested: Elsewhere | None = None  # the faster hall the suggestion screen names
    ticket: Ticket | None = None
    printed: bool | None = None
    reprinted: bool = False  # the ticket shown was printed again (补打)
    held: tuple[Ticket, ...] | None = None  # the card holder's active tickets; None: not known
    held_pending: bool = False  # a lookup of them is under way
    awaiting_held: bool = False  # the flow goes on when they arrive
    expiry_told: bool = False  # the citizen was told the ID card has expired
    materials_printed: bool | None = None  # the materials list (一次告知) went to the printer
    phone_masked: str | None = None  # where SMS reminders go, as the server masked it
    notice: Notice | None = None
    history: list[Screen] = field(default_factory=list)

    def categories(self) -> list[tuple[str, Text]]:
        seen: dict[str, Text] = {}
        for service in self.services:
            seen.setdefault(service.category.code, service.category.name)
        return list(seen.items())

    def services_in(self, category: str | None) -> list[Service]:
        return [s for s in self.services if s.category.code == category]

    def faster_elsewhere(self) -> Elsewhere | None:
        """The much faster hall the server suggests for the service chosen (or the ticket's),
        while online only: offline the kiosk knows nothing current about other halls."""
        code = self.ticket.service if self.ticket else self.service.code if self.service else None
        fresh = next((s for s in self.services if s.code == code), self.service)
        return fresh.elsewhere if self.online and fresh is not None else None

    def holds_personal_data(self) -> bool:
        return bool(self.identity or self.keypad or self.ticket or self.phone_masked)


_NO_HISTORY = {Screen.WORKING, Screen.NOTICE, Screen.TICKET}
#: the characters each keypad takes, and how many
_PADS = {Screen.KEYPAD: ("0123456789X", 18), Screen.CODE_PAD: (BOOKING_CODE_CHARS, 8),
         Screen.PHONE_PAD: ("0123456789", PHONE_DIGITS)}  # fmt: skip


class Session(PersonSteps, CheckInSteps, PhoneSteps):
    """One citizen's visit at the kiosk, from home back to home.

    `today` is the hall's date (card expiry, age); past `green_age` years a cardholder gets the
    green channel without being asked (None: always ask).
    """

    def __init__(
        self,
        new_key: Callable[[], str] = lambda: uuid.uuid4().hex,
        today: Callable[[], date] = date.today,
        green_age: int | None = None,
    ) -> None:
        self.state = SessionState()
        self._new_key = new_key
        self.today = today
        self.green_age = green_age

    # -- navigation ---------------------------------------------------------------------------
    def _show(self, screen: Screen) -> None:
        current = self.state.screen
        if current != screen and current not in _NO_HISTORY:
            self.state.history.append(current)
        self.state.screen = screen

    def go_home(self) -> list[Effect]:
        """Back to the start, forgetting everything personal (card, typed digits, ticket)."""
        keep = self.state
        self.state = SessionState(
            language=keep.language,
            large_text=keep.large_text,
            online=keep.online,
            appointments=keep.appointments,
            hall=keep.hall,
            services=keep.services,
        )
        return []

    def back(self) -> list[Effect]:
        if not self.state.history:
            return self.go_home()
        screen = self.state.history.pop()
        if screen == Screen.HOME:
            return self.go_home()
        if screen in _PADS or self.state.screen in _PADS:
            self.state.keypad, self.state.keypad_error = "", False
        self.state.screen = screen
        return []

    def set_language(self, language: str) -> list[Effect]:
        self.state.language = "en" if language == "en" else "zh"
        return []

    def toggle_large_text(self) -> list[Effect]:
        self.state.large_text = not self.state.large_text
        return []

    def set_online(self, online: bool) -> None:
        self.state.online = online

    def choose(self, flow: Flow) -> list[Effect]:
        self.state.flow = flow
        if flow in (Flow.TICKET, Flow.GUIDE):
            self._show(Screen.CATEGORIES)
            return [LoadServices()]
        self._show(Screen.CHECKIN if flow == Flow.CHECKIN else Screen.PLACE_SCAN)
        return []

    def pick_category(self, code: str) -> list[Effect]:
        self.state.category = code
        self._show(Screen.SERVICES)
        return []

    def pick_service(self, code: str) -> list[Effect]:
        service = next((s for s in self.state.services if s.code == code), None)
        if service is None:
            return []
        self.state.service = service
        if self.state.flow == Flow.GUIDE:
            self._show(Screen.MATERIALS)
            return []
        if not service.available:
            reason = service.unavailable_reason
            return self._notice(Notice("service_unavailable", reason, actions=("back", "home")))
        self.state.suggested = self.state.faster_elsewhere()
        if self.state.suggested is not None:  # a suggestion: taking a ticket here stays possible
            self._show(Screen.SUGGEST)
            return []
        return self._after_suggestion()

    # -- cross-hall suggestion (the server decides, damped; see CONTRACT.md) ---------------------
    def stay_here(self) -> list[Effect]:
        return self._after_suggestion()

    def go_elsewhere(self) -> list[Effect]:
        other = self.state.suggested
        if other is None:
            return self.go_home()
        params = {"hall": other.name, "address": other.address, "eta": other.eta_minutes}
        return self._notice(Notice("go_elsewhere", params=params))

    def _after_suggestion(self) -> list[Effect]:
        service = self.state.service
        if service is not None and service.id_required and self.state.identity is None:
            self._show(Screen.IDENTIFY)
            return []
        return self._after_identity()

    def answer_green(self, green: bool) -> list[Effect]:
        self.state.priority = "green" if green else "normal"
        return self._issue()

    def _issue(self) -> list[Effect]:
        service = self.state.service
        if service is None:
            return self.go_home()
        self._show(Screen.WORKING)
        key = self._new_key()
        return [IssueTicket(service, key, self.state.identity, self.state.priority)]

    # -- identification -------------------------------------------------------------------------
    def open_keypad(self) -> list[Effect]:
        self.state.keypad, self.state.keypad_error = "", False
        self._show(Screen.KEYPAD)
        return []

    def key_pressed(self, char: str) -> list[Effect]:
        allowed, longest = _PADS.get(self.state.screen, _PADS[Screen.KEYPAD])
        char = char.upper()
        if char in allowed and len(char) == 1 and len(self.state.keypad) < longest:
            self.state.keypad += char
            self.state.keypad_error = False
        if self.state.screen == Screen.PHONE_PAD:
            self._phone_key(self.state.keypad)
        return []

    def key_delete(self) -> list[Effect]:
        self.state.keypad = self.state.keypad[:-1]
        self.state.keypad_error = False
        if self.state.screen == Screen.PHONE_PAD:
            self._phone_key(self.state.keypad)
        return []

    def key_confirm(self) -> list[Effect]:
        if self.state.screen == Screen.CODE_PAD:
            return self._confirm_code()
        if self.state.screen == Screen.PHONE_PAD:
            return self._confirm_phone()
        number = normalise_id_number(self.state.keypad)
        if not is_valid_id_number(number):
            self.state.keypad_error = True
            return []
        self.state.keypad = ""
        return self._identified(IdentityCard(number))

    def card_read(self, card: IdentityCard) -> list[Effect]:
        """An ID card was swiped: it goes to whatever the current screen needs it for."""
        screen = self.state.screen
        if screen == Screen.HOME and self.state.online and self.state.appointments:
            return self._swipe_at_home(card)
        if screen == Screen.HOME:
            self.state.identity = card
            effects = self.choose(Flow.TICKET)
            if self.state.online:  # ask now: the answer is there when the service is chosen
                self.state.held_pending = True
                effects.append(FindHeld(card))
            return effects
        if screen in (Screen.IDENTIFY, Screen.KEYPAD):
            self.state.keypad = ""
            return self._identified(card)
        if screen in (Screen.CHECKIN, Screen.CODE_PAD):
            return self._check_in_by_card(card)
        if screen == Screen.PLACE_SCAN:
            self.state.identity, self.state.flow = card, Flow.PLACE
            return self._look_up_held()
        return []

    def _identified(self, card: IdentityCard) -> list[Effect]:
        self.state.identity = card
        if self.state.flow == Flow.CHECKIN:
            return self._check_in_by_card(card)
        return self._after_identity()

    def code_scanned(self, text: str) -> list[Effect]:
        """A QR code was scanned: a receipt, an ID number or a booking code, by screen."""
        code = classify_code(text)
        screen = self.state.screen
        if screen in (Screen.HOME, Screen.PLACE_SCAN) and code.kind is CodeKind.TICKET:
            self.state.flow = Flow.PLACE
            self._show(Screen.WORKING)
            return [LookupTicket(code.value)]
        if code.kind is CodeKind.IDENTITY and screen in (Screen.HOME, Screen.IDENTIFY):
            return self.card_read(IdentityCard(code.value))
        if code.kind is CodeKind.IDENTITY and screen in (Screen.CHECKIN, Screen.CODE_PAD):
            return self._check_in_by_card(IdentityCard(code.value))
        if screen in (Screen.HOME, Screen.CHECKIN, Screen.CODE_PAD):
            self.state.flow = Flow.CHECKIN
            self._show(Screen.WORKING)
            return [CheckIn(code.value, None)]
        if screen in (Screen.IDENTIFY, Screen.PLACE_SCAN):
            return self._notice(Notice("code_not_understood", actions=("back", "home")))
        return []

    # -- results from the controller ------------------------------------------------------------
    def on_hall(self, hall: Hall) -> None:
        self.state.hall = hall

    def on_services(self, services: list[Service]) -> None:
        self.state.services = services
        if self.state.service is not None:
            fresh = {s.code: s for s in services}
            self.state.service = fresh.get(self.state.service.code, self.state.service)

    # -- the service guide ----------------------------------------------------------------------
    def take_this_service(self) -> list[Effect]:
        """From the materials list: take a ticket for the service shown."""
        service = self.state.service
        if service is None:
            return self.go_home()
        self.state.flow = Flow.TICKET
        return self.pick_service(service.code)

    def print_materials(self) -> list[Effect]:
        service = self.state.service
        return [PrintMaterials(service)] if service else []

    def on_materials_printed(self, ok: bool) -> list[Effect]:
        self.state.materials_printed = ok
        return []

    def on_ticket(self, ticket: Ticket) -> list[Effect]:
        self.state.ticket = ticket
        self.state.identity = None  # not needed any more: forget it at once
        return [PrintTicket(ticket)]

    def on_printed(self, ok: bool, printer_state: str = "ok", detail: str = "") -> list[Effect]:
        self.state.printed = ok
        self._show(Screen.TICKET)
        if ok:
            return []
        return [ReportFault("printer", printer_state, detail or f"printer {printer_state}")]

    def on_place(self, ticket: Ticket) -> list[Effect]:
        self.state.ticket = ticket
        self._show(Screen.PLACE)
        return []

    def on_refused(self, code: str, text: Text, extra: dict[str, Any]) -> list[Effect]:
        """The server said no: show its reason and, where it helps, offer a normal ticket."""
        if code in CHECK_IN_REFUSALS:
            return self.on_check_in_refused(code, text, extra)
        held = self._held_for_service()
        if code == "duplicate_ticket" and held is not None:
            return self._already_held(held)
        if code == "invalid_id_number":
            self.state.identity = None
            return self._notice(Notice(code, text, actions=("back", "home")))
        known = code if code in _KNOWN_REFUSALS else "refused"
        return self._notice(Notice(known, text, actions=("home",)))

    def _notice(self, notice: Notice) -> list[Effect]:
        self.state.notice = notice
        self._show(Screen.NOTICE)
        return []


_KNOWN_REFUSALS = frozenset(
    {"duplicate_ticket", "daily_cap_reached", "no_open_window", "outside_hours",
     "id_card_required", "token_expired", "unexpected"}
)  # fmt: skip
