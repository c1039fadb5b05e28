"""What the routes share: the store, the event broker, the writer, the server settings and the
login's guards (attempts per username and address, hashes at once)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from fastapi import Request

from queue_server.api.alert_job import DeviceSeen
from queue_server.api.login_guard import HashSlots
from queue_server.engine.signing import Replays
from queue_server.engine.throttle import LoginThrottle
from queue_server.events import Broker
from queue_server.notify.outbox import Notifier
from queue_server.platform.job import PlatformExchange
from queue_server.store import Store
from queue_server.store.writer import GroupWriter

T = TypeVar("T")


@dataclass
class ServerSettings:
    heartbeat_seconds: float = 15.0
    login_ttl: timedelta = timedelta(hours=12)
    clock_start: datetime | None = None  # `serve --clock-start`: the moment the clock began at


@dataclass
class AppState:
    store: Store
    settings: ServerSettings = field(default_factory=ServerSettings)
    broker: Broker = field(default_factory=Broker)
    login_throttle: LoginThrottle = field(default_factory=LoginThrottle)
    hash_slots: HashSlots = field(default_factory=HashSlots)
    platform: PlatformExchange | None = None  # the exchange with the online platform, if any
    replays: Replays = field(default_factory=Replays)  # platform signatures seen lately
    notifier: Notifier | None = None  # sends the notification outbox (`serve` sets one)
    devices_seen: DeviceSeen = field(default_factory=DeviceSeen)  # for the alert job
    writer: GroupWriter = field(init=False)

    def __post_init__(self) -> None:
        self.store.subscribe(self.broker.publish)
        self.writer = self.store.group_writer()

    async def write(self, work: Callable[..., T], *args: Any) -> T:
        """Run a state change in the loop's next group commit (see `store.writer`)."""
        result: T = await self.writer.submit(work, *args)
        return result


async def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.queue
    return state
