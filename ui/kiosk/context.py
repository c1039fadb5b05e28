"""What the screens may ask of the kiosk (its intents), and what every screen builder gets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec, Protocol, TypeAlias

from kiosk.effects import Effect
from kiosk.session import Session, SessionState
from queue_server.client.models import Text, Ticket
from ui.kiosk.strings import Tr
from ui.kiosk.theme import Theme

P = ParamSpec("P")
#: an intent of the session: `Session.pick_service` (code: str), `Session.back` (nothing), ...
SessionStep: TypeAlias = Callable[Concatenate[Session, P], list[Effect]]


class KioskIntents(Protocol):
    """The kiosk as its window sees it (KioskController implements it)."""

    def act(self, step: SessionStep[P], /, *args: P.args, **kwargs: P.kwargs) -> None:
        """Run `step(session, *args)` on the kiosk's session and carry out its effects."""
        ...

    def go_home(self) -> None:
        """Back to the start, personal data forgotten, in the kiosk's own language."""
        ...

    def still_here(self) -> None:
        """The citizen answered "还在吗？": keep everything."""
        ...

    def phone_url(self, ticket: Ticket) -> str | None:
        """The address of the ticket's phone page (its QR code), None for an offline ticket."""
        ...


@dataclass
class ScreenContext:
    state: SessionState
    tr: Tr
    theme: Theme
    intents: KioskIntents

    @property
    def appointments(self) -> bool | None:
        """Does the server take appointments? None: not known yet."""
        return self.state.appointments

    def both(self, key: str, **params: Any) -> tuple[str, str]:
        """The text in the chosen language and in the other one."""
        return self.tr(key, **params), self.tr.other(key, **params)

    def text(self, value: Text) -> tuple[str, str]:
        return self.tr.text(value), self.tr.other.text(value)

    def do(self, step: SessionStep[P], /, *args: P.args, **kwargs: P.kwargs) -> Callable[[], None]:
        """A click handler running `step(session, *args)`: `ctx.do(Session.pick_service, code)`."""
        return lambda: self.intents.act(step, *args, **kwargs)
