"""The fake platform's HTTP side: one request meets its fault first, then the signature
check, then the feed or the outcome it asks for (see `fake.FakePlatform`)."""

from __future__ import annotations

import socket
import time
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from queue_server.platform.wire import error_body

if TYPE_CHECKING:
    from queue_server.platform.fake import FakePlatform

FEED_PATH, OUTCOMES_PATH = "/feed", "/outcomes"


class PlatformHandler(BaseHTTPRequestHandler):
    """One request: faults first, then the signature, then the feed or an outcome."""

    server_version = "fake-platform/1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib's name
        pass  # quiet: tests and the benchmark make thousands of requests

    @property
    def platform(self) -> FakePlatform:
        return self.server.platform  # type: ignore[attr-defined, no-any-return]

    def do_GET(self) -> None:
        self._handle("GET", b"")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._handle("POST", self.rfile.read(length))

    def _handle(self, method: str, body: bytes) -> None:
        target = urlsplit(self.path)
        route = {("GET", FEED_PATH): "feed", ("POST", OUTCOMES_PATH): "outcome"}.get(
            (method, target.path)
        )
        if route is None:
            return self._answer(404, error_body("not_found", "无此接口。", "No such path."))
        resent = route == "outcome" and self.platform.was_acknowledged(body)  # on arrival
        fault = self.platform.fault(outcome=route == "outcome")
        if fault == "slow":
            time.sleep(self.platform.faults.slow_seconds)
        elif fault == "error":
            return self._answer(500, error_body("internal_error", "平台内部错误。", "Injected."))
        elif fault == "drop":
            return self._drop()
        refusal = self.platform.check(method, self.path, body, dict(self.headers.items()))
        if refusal is not None:
            status = 403 if b"unknown_app_key" in refusal else 401
            return self._answer(status, refusal)
        if route == "feed":
            status, answer = self.platform.feed_page(parse_qs(target.query))
        else:
            status, answer = self.platform.receive_outcome(body, resent)
        if fault == "lost_ack":
            return self._drop()
        self._answer(status, answer, signed=status == 200)
        if route == "outcome" and status == 200 and fault == "ok":  # a slow answer is lost
            self.platform.acknowledged(answer)

    def _answer(self, status: int, body: bytes, *, signed: bool = False) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            if signed:
                for name, value in self.platform.sign(self.command, self.path, body).items():
                    self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except OSError:  # the client gave up (a slow answer): what a real server sees too
            self.close_connection = True

    def _drop(self) -> None:
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)
