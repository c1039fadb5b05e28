"""A tiny HTTP server on 127.0.0.1 that misbehaves on cue: 5xx, garbage, slowness, hang-ups."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Reply:
    """One scripted answer: `hold` keeps the client waiting (until the test ends) first;
    `drop` closes the connection without a word; `lines` streams them, then hangs up."""

    status: int = 200
    body: bytes = b"{}"
    content_type: str = "application/json"
    hold: bool = False
    drop: bool = False
    lines: tuple[str, ...] = ()


def doc(value: Any) -> bytes:
    return json.dumps(value).encode()


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class StubServer:
    """Answers requests with `replies` in order (the last one repeats); records every request."""

    replies: list[Reply] = field(default_factory=lambda: [Reply()])
    seen: list[Seen] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    url: str = ""

    def next_reply(self) -> Reply:
        return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]

    def script(self, *replies: Reply) -> None:
        self.replies = list(replies)


class _Handler(BaseHTTPRequestHandler):
    stub: StubServer  # set on the subclass made per server

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        self.stub.seen.append(Seen(self.command, self.path, dict(self.headers), body))
        reply = self.stub.next_reply()
        if reply.hold:
            self.stub.release.wait(10)
        if reply.drop:
            self.close_connection = True
            return
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        if reply.lines:
            self.end_headers()
            for line in reply.lines:
                self.wfile.write(line.encode() + b"\n")
                self.wfile.flush()
            self.close_connection = True
            return
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    do_GET = do_POST = _handle  # noqa: N815 (http.server names)

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def running_stub() -> Iterator[StubServer]:
    """A StubServer answering on 127.0.0.1 until the block ends."""
    state = StubServer()
    handler = type("Handler", (_Handler,), {"stub": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    try:
        yield state
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()
