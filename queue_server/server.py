"""Running the app on uvicorn."""

from __future__ import annotations

import asyncio
import gc
import logging
from datetime import datetime, timedelta
from typing import ClassVar

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from queue_server.api.app import create_app
from queue_server.api.state import AppState, ServerSettings
from queue_server.store import Store

log = logging.getLogger(__name__)


def serve(
    store: Store,
    *,
    host: str,
    port: int,
    heartbeat: float,
    login_ttl: timedelta,
    clock_start: datetime | None = None,
    read_timeout: float = 10.0,
) -> None:
    """Serve until interrupted; open event streams get two seconds to end on shutdown.

    `clock_start`: the moment the store's clock started at (`--clock-start`), told by health.
    `read_timeout`: seconds a client has to send a whole request (see `ReadDeadline`).
    """
    settings = ServerSettings(
        heartbeat_seconds=heartbeat, login_ttl=login_ttl, clock_start=clock_start
    )
    app = create_app(AppState(store, settings))
    log.info("queue-server on http://%s:%d (database %s)", host, port, store.path)
    if clock_start is not None:
        log.warning("the clock started at %s (--clock-start), not at the real time", clock_start)
    gc.collect()
    gc.freeze()  # start-up objects (district, app) need not be scanned by every full collection
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=2,
        http=read_deadline(read_timeout),
    )


class ReadDeadline(H11Protocol):
    """HTTP/1.1 (h11) that closes a connection whose request does not arrive whole (headers and
    body) within `read_timeout` seconds of its first byte, or of the connection opening.

    uvicorn itself only times out idle keep-alive connections: a client sending a byte now and
    then (slow-loris) would hold its connection for ever. A request that has arrived is not
    timed, so event streams stay open.
    """

    read_timeout: ClassVar[float] = 10.0
    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[arg-type]
        self._start_deadline()

    def data_received(self, data: bytes) -> None:
        if self._deadline is None and self.conn.their_state is h11.IDLE:
            self._start_deadline()  # the first byte of the next request on this connection
        super().data_received(data)
        if self.conn.their_state not in (h11.IDLE, h11.SEND_BODY):
            self._stop_deadline()  # the request has arrived

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_deadline()
        super().connection_lost(exc)

    def _start_deadline(self) -> None:
        self._deadline = self.loop.call_later(self.read_timeout, self._too_slow)

    def _stop_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        log.debug("closed a connection: no whole request within %s s", self.read_timeout)
        self.transport.close()


def read_deadline(seconds: float) -> type[ReadDeadline]:
    """The protocol class uvicorn builds per connection, with this deadline."""
    return type("ReadDeadline", (ReadDeadline,), {"read_timeout": seconds})
