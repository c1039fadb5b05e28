"""The session's steps of an SMS reminder asked for on the ticket screen (no Qt, no I/O).

The citizen types a mainland mobile number on a digits pad, checked as it is typed; it goes to
the server (`AddPhone`) and the kiosk forgets it at once: the confirmation shows only the masked
form the server answers. Offline there is nothing to send it to, and it is never kept for
later. `Session` mixes these steps in (kiosk.session).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Protocol

from kiosk.effects import AddPhone, Effect, Notice
from queue_server.client.models import Text

if TYPE_CHECKING:
    from kiosk.session import Screen, SessionState

PHONE_DIGITS = 11
_MOBILE_SO_FAR = re.compile(r"^(1([3-9]\d{0,9})?)?$")  # what a mainland mobile number starts as
PHONE_REFUSALS = frozenset({"not_waiting", "invalid_phone"})
BACK_TO_TICKET = ("back_to_ticket", "home")


def phone_so_far_ok(typed: str) -> bool:
    """Whether `typed` can still become a mainland mobile number (1, then 3-9, then digits)."""
    return bool(_MOBILE_SO_FAR.fullmatch(typed))


def is_mobile(typed: str) -> bool:
    return len(typed) == PHONE_DIGITS and phone_so_far_ok(typed)


def grouped_phone(typed: str) -> str:
    """`13812345678` -> `138 1234 5678`, the way numbers are read out in China."""
    return " ".join(part for part in (typed[:3], typed[3:7], typed[7:]) if part)


def offers_sms(state: SessionState) -> bool:
    """A waiting ticket the server knows, with no reminder phone given yet: the button shows."""
    ticket = state.ticket
    return bool(ticket and ticket.token and ticket.status == "waiting" and not state.phone_masked)


class _Flow(Protocol):
    """What these steps need of the session they are mixed into."""

    state: SessionState

    def _show(self, screen: Screen) -> None: ...

    def _notice(self, notice: Notice) -> list[Effect]: ...


class PhoneSteps:
    """SMS reminders: the phone pad, the send, the masked confirmation."""

    def open_phone_pad(self: _Flow) -> list[Effect]:
        from kiosk.session import Screen

        self.state.keypad, self.state.keypad_error = "", False
        self.state.history.append(Screen.TICKET)  # Back returns to the ticket
        ticket = self.state.ticket
        if not self.state.online or ticket is None or ticket.offline or not ticket.token:
            return self._notice(Notice("phone_offline", actions=BACK_TO_TICKET))
        self._show(Screen.PHONE_PAD)
        return []

    def _phone_key(self: _Flow, typed: str) -> None:
        """A key on the phone pad: wrong at once when it cannot be a mobile number any more."""
        self.state.keypad = typed
        self.state.keypad_error = not phone_so_far_ok(typed)

    def _confirm_phone(self: _Flow) -> list[Effect]:
        from kiosk.session import Screen

        typed, ticket = self.state.keypad, self.state.ticket
        if not is_mobile(typed) or ticket is None or not ticket.token:
            self.state.keypad_error = True
            return []
        self.state.keypad = ""  # sent: the kiosk keeps nothing of it
        self._show(Screen.WORKING)
        return [AddPhone(ticket.token, typed)]

    def on_phone_added(self: _Flow, masked: str) -> list[Effect]:
        from kiosk.session import Screen

        self.state.phone_masked = masked
        self.state.history = [s for s in self.state.history if s != Screen.PHONE_PAD]
        self._show(Screen.PHONE_DONE)
        return []

    def on_phone_refused(self: _Flow, code: str, text: Text) -> list[Effect]:
        """The server would not take it (the ticket was called meanwhile, or a bad number)."""
        known = code if code in PHONE_REFUSALS else "phone_failed"
        return self._notice(Notice(known, text, actions=BACK_TO_TICKET))

    def on_phone_unreachable(self: _Flow) -> list[Effect]:
        self.state.online = False
        return self._notice(Notice("phone_offline", actions=BACK_TO_TICKET))

    def back_to_ticket(self: _Flow) -> list[Effect]:
        from kiosk.session import Screen

        self.state.keypad, self.state.keypad_error = "", False
        self.state.history = [s for s in self.state.history if s != Screen.TICKET]
        self.state.screen = Screen.TICKET if self.state.ticket else Screen.HOME
        return []
