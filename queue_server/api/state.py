"""What the routes share: the store, the event broker and the server settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from fastapi import Request

from queue_server.events import Broker
from queue_server.store import Store


@dataclass
class ServerSettings:
    heartbeat_seconds: float = 15.0
    login_ttl: timedelta = timedelta(hours=12)


@dataclass
class AppState:
    store: Store
    settings: ServerSettings = field(default_factory=ServerSettings)
    broker: Broker = field(default_factory=Broker)

    def __post_init__(self) -> None:
        self.store.subscribe(self.broker.publish)


async def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.queue
    return state
