"""The HTTP/1.1 protocol uvicorn runs per connection, with two guards of its own.

- A read deadline: uvicorn only times out idle keep-alive connections, so a client sending a
  byte now and then (slow-loris) would hold its connection for ever.
- What is not HTTP/1.1 at all (a broken request line, header or length) answers 400
  `bad_request` in the contract's error body, not uvicorn's plain text.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import ClassVar

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from queue_server.api.errors import error_body

log = logging.getLogger(__name__)

NOT_HTTP = json.dumps(
    error_body(
        "bad_request", "请求不是有效的 HTTP/1.1 请求。", "The request is not valid HTTP/1.1."
    ),
    ensure_ascii=False,
    separators=(",", ":"),
).encode()


class GuardedH11(H11Protocol):
    """Closes a connection whose request does not arrive whole (headers and body) within
    `read_timeout` seconds of its first byte, or of the connection opening. A request that has
    arrived is not timed, so event streams stay open."""

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

    def send_400_response(self, msg: str) -> None:
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(NOT_HTTP)).encode()),
            (b"connection", b"close"),
        ]
        for event in (
            h11.Response(status_code=400, headers=headers, reason=b"Bad Request"),
            h11.Data(data=NOT_HTTP),
            h11.EndOfMessage(),
        ):
            self.transport.write(self.conn.send(event) or b"")
        self.transport.close()

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


def guarded_h11(read_timeout: float) -> type[GuardedH11]:
    """The protocol class for uvicorn's `http=`, with this read deadline."""
    return type("GuardedH11", (GuardedH11,), {"read_timeout": read_timeout})
