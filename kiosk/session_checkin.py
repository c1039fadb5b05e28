"""The session's steps of an appointment check-in (no Qt, no I/O).

A card swiped on the home screen, once the server takes appointments, first checks in a booking
of today; without one (404) the walk-in flow goes on with that card already read, asking
nothing again. The check-in tile takes a swipe, a booking QR code or a typed code (the code
pad). Every refusal says what to do, and offers a walk-in ticket where one helps. `Session`
mixes these steps in (kiosk.session); the enums are imported where used, as kiosk.session
imports this module.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from kiosk.effects import CheckIn, Effect, FindHeld, Notice
from kiosk.rules import check_in_opens, looks_like_booking_code
from queue_server.client.models import IdentityCard, Text

if TYPE_CHECKING:
    from kiosk.session import Flow, Screen, SessionState

WALK_IN = ("normal_ticket", "home")
#: the server's refusals of a check-in (CONTRACT.md), each told on a notice of its own
CHECK_IN_REFUSALS = frozenset(
    {"appointments_unavailable", "appointment_not_found", "too_early", "too_late",
     "invalid_code", "appointment_cancelled", "appointment_no_show"}
)  # fmt: skip


class _Flow(Protocol):
    """What these steps need of the session they are mixed into."""

    state: SessionState
    today: Callable[[], date]

    def _show(self, screen: Screen) -> None: ...

    def _notice(self, notice: Notice) -> list[Effect]: ...

    def go_home(self) -> list[Effect]: ...

    def choose(self, flow: Flow) -> list[Effect]: ...


class CheckInSteps:
    """Check-in by a home swipe, on the check-in screen, or by a typed code."""

    def on_appointments(self: _Flow, available: bool) -> None:
        """Whether the server takes appointments (the kiosk's probe at start, CONTRACT.md)."""
        self.state.appointments = available

    def _swipe_at_home(self: _Flow, card: IdentityCard) -> list[Effect]:
        """Check in the card holder's booking of today; their tickets are asked for at the
        same time, ready for the walk-in flow if there is no booking."""
        from kiosk.session import Flow, Screen

        self.state.identity, self.state.flow, self.state.swiped_at_home = card, Flow.CHECKIN, True
        self.state.held_pending = True
        self._show(Screen.WORKING)
        return [CheckIn(None, card), FindHeld(card)]

    def _check_in_by_card(self: _Flow, card: IdentityCard) -> list[Effect]:
        from kiosk.session import Flow, Screen

        self.state.identity, self.state.flow = card, Flow.CHECKIN
        self._show(Screen.WORKING)
        return [CheckIn(None, card)]

    def open_code_pad(self: _Flow) -> list[Effect]:
        """The keypad for a booking code (6 to 8 letters and digits)."""
        from kiosk.session import Flow, Screen

        self.state.keypad, self.state.keypad_error = "", False
        self.state.flow = Flow.CHECKIN
        self._show(Screen.CODE_PAD)
        return []

    def _confirm_code(self: _Flow) -> list[Effect]:
        from kiosk.session import Screen

        typed = self.state.keypad
        if not looks_like_booking_code(typed):
            self.state.keypad_error = True
            return []
        self._show(Screen.WORKING)
        return [CheckIn(typed, None)]

    def on_check_in_refused(
        self: _Flow, code: str, text: Text, extra: dict[str, Any]
    ) -> list[Effect]:
        """The server found no booking to check in, or not now: say why and what to do."""
        from kiosk.session import Flow

        if code == "appointments_unavailable":
            self.state.appointments = False
        if self.state.swiped_at_home and code in (
            "appointment_not_found",
            "appointments_unavailable",
        ):
            self.state.swiped_at_home = False  # no booking: the walk-in flow, the card kept
            return self.choose(Flow.TICKET)
        if code == "too_early":
            opens = check_in_opens(extra.get("opens_at"), self.today())
            if opens is None:
                return self._notice(Notice("too_early_now", text, actions=WALK_IN))
            return self._notice(Notice("too_early", None, {"opens_at": opens}, WALK_IN))
        if code == "invalid_code":
            return self._notice(Notice(code, text, actions=("retype_code", "normal_ticket")))
        return self._notice(Notice(code, text, actions=WALK_IN))

    def on_unreachable(self: _Flow, what: str) -> list[Effect]:
        """A call that cannot be done offline (check-in, lookup) failed for lack of network."""
        self.state.online = False
        return self._notice(
            Notice("offline_" + what, actions=WALK_IN if what == "checkin" else ("home",))
        )

    def take_normal_ticket(self: _Flow) -> list[Effect]:
        """From a check-in that could not be done: go on to a normal ticket, keeping the card."""
        from kiosk.session import Flow

        identity = self.state.identity
        self.go_home()
        self.state.identity = identity
        return self.choose(Flow.TICKET)
