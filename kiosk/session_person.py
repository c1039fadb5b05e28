"""The session's steps that fit the person whose card was read (no Qt, no I/O).

As soon as a card is read the kiosk asks the server for the holder's active tickets here
(`FindHeld`): a service the citizen already holds is refused at once, with the offer to reprint
its waiting ticket (the same card proves it is theirs); 查询进度 by card lists them all. An
expired card is told; the green channel is given past the configured age and not asked about
for employers' services. `Session` mixes these steps in (kiosk.session); the screen and flow
enums are imported where used, as kiosk.session imports this module.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Protocol

from kiosk.effects import Effect, FindHeld, Notice, PrintTicket
from kiosk.rules import age_on, held_for, priority_without_asking
from queue_server.client.models import IdentityCard, Text, Ticket

if TYPE_CHECKING:
    from kiosk.session import Screen, SessionState


class _Flow(Protocol):
    """What these steps need of the session they are mixed into."""

    state: SessionState
    today: Callable[[], date]
    green_age: int | None

    def _show(self, screen: Screen) -> None: ...

    def _notice(self, notice: Notice) -> list[Effect]: ...

    def _issue(self) -> list[Effect]: ...

    def go_home(self) -> list[Effect]: ...

    def _after_identity(self) -> list[Effect]: ...

    def _choose_priority(self) -> list[Effect]: ...

    def _resume_with_held(self) -> list[Effect]: ...

    def _look_up_held(self) -> list[Effect]: ...

    def _held_for_service(self) -> Ticket | None: ...

    def _already_held(self, ticket: Ticket) -> list[Effect]: ...


class PersonSteps:
    """Duplicate check, reprint, "my tickets" by ID card; card expiry; the green channel."""

    def _after_identity(self: _Flow) -> list[Effect]:
        """With the card read: refuse a service already held, tell an expired card, then the
        priority (asked only where it fits the person and the service)."""
        identity = self.state.identity
        if identity is not None and self.state.online and self.state.held is None:
            return self._look_up_held()
        held = self._held_for_service()
        if held is not None:
            return self._already_held(held)
        if identity and identity.expired_on(self.today()) and not self.state.expiry_told:
            self.state.expiry_told = True
            return self._notice(Notice("id_expired", actions=("go_on", "home")))
        return self._choose_priority()

    def go_on(self: _Flow) -> list[Effect]:
        """From the expired-card notice: take the ticket all the same (the clerk checks)."""
        return self._choose_priority()

    def _choose_priority(self: _Flow) -> list[Effect]:
        from kiosk.session import Screen

        service, identity = self.state.service, self.state.identity
        if service is None:
            return self.go_home()
        age = age_on(identity.number, self.today()) if identity else None
        priority = priority_without_asking(self.state.hall, service, age, self.green_age)
        if priority is None:
            self._show(Screen.GREEN)
            return []
        self.state.priority = priority
        return self._issue()

    def _held_for_service(self: _Flow) -> Ticket | None:
        service = self.state.service
        return held_for(self.state.held or (), service.code) if service else None

    def _look_up_held(self: _Flow) -> list[Effect]:
        """Ask once for the holder's tickets; the result resumes the flow (`on_held`)."""
        from kiosk.session import Screen

        identity = self.state.identity
        if identity is None:
            return []
        self.state.awaiting_held = True
        self._show(Screen.WORKING)
        if self.state.held_pending:
            return []  # asked already (the card was swiped on the home screen)
        self.state.held_pending = True
        return [FindHeld(identity)]

    def on_held(self: _Flow, identity: IdentityCard, tickets: list[Ticket]) -> list[Effect]:
        """The holder's active tickets arrived (ignored once that citizen has gone)."""
        if self.state.identity != identity:
            return []
        self.state.held, self.state.held_pending = tuple(tickets), False
        return self._resume_with_held()

    def on_held_failed(self: _Flow, identity: IdentityCard, unreachable: bool) -> list[Effect]:
        """No answer: taking a ticket goes on (the server still refuses a duplicate)."""
        from kiosk.session import Flow

        if self.state.identity != identity:
            return []
        self.state.held_pending = False
        if self.state.flow == Flow.PLACE and self.state.awaiting_held:
            self.state.awaiting_held = False
            key = "offline_place" if unreachable else "refused"
            return self._notice(Notice(key, actions=("home",)))
        self.state.held = ()
        return self._resume_with_held()

    def _resume_with_held(self: _Flow) -> list[Effect]:
        from kiosk.session import Flow, Screen

        if not self.state.awaiting_held:
            return []  # looked up early (home swipe): kept for when the service is chosen
        self.state.awaiting_held = False
        if self.state.flow != Flow.PLACE:
            return self._after_identity()
        if not self.state.held:
            return self._notice(Notice("no_ticket_today", actions=("home",)))
        self._show(Screen.MY_TICKETS)
        return []

    def _already_held(self: _Flow, ticket: Ticket) -> list[Effect]:
        """Refuse a second ticket for the service; a waiting one can be printed again."""
        number = Text(f"您的号码：{ticket.number}", f"Your number: {ticket.number}")
        if ticket.status != "waiting":  # called or being served: no paper needed any more
            return self._notice(Notice("duplicate_ticket", number, actions=("home",)))
        return self._notice(Notice("duplicate_reprint", number, actions=("reprint", "home")))

    def reprint(self: _Flow) -> list[Effect]:
        """Print the holder's waiting ticket for the chosen service again (same number)."""
        from kiosk.session import Screen

        ticket = self._held_for_service()
        if ticket is None or ticket.status != "waiting":
            return []
        self.state.ticket, self.state.reprinted = ticket, True
        self.state.identity = None  # not needed any more: forget it at once
        self._show(Screen.WORKING)
        return [PrintTicket(ticket, reprint=True)]
