"""What every screen builder gets: the session state, texts, theme and the way to act."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.session import SessionState
from queue_server.client.models import Text, Ticket
from ui.kiosk.strings import Tr
from ui.kiosk.theme import Theme

Act = Callable[..., None]  # act("pick_service", "HJ01") calls Session.pick_service("HJ01")


@dataclass
class ScreenContext:
    state: SessionState
    tr: Tr
    theme: Theme
    act: Act
    phone_url: Callable[[Ticket], str | None]

    def both(self, key: str, **params: Any) -> tuple[str, str]:
        """The text in the chosen language and in the other one."""
        return self.tr(key, **params), self.tr.other(key, **params)

    def text(self, value: Text) -> tuple[str, str]:
        return self.tr.text(value), self.tr.other.text(value)

    def do(self, intent: str, *args: Any) -> Callable[[], None]:
        """A click handler that sends `intent(*args)` to the session."""
        return lambda: self.act(intent, *args)
