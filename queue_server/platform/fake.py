"""A reference fake of the online appointment platform, a real HTTP server on 127.0.0.1: it
holds the bookings it intends, serves them as the signed feed of PLATFORM.md, accepts outcomes,
pushes bookings to queue-server's push API, and injects `faults.Faults` on the way.

Run it for the demo: `python -m queue_server.platform.fake --secret-hex HEX --book 3`."""

from __future__ import annotations

import dataclasses
import itertools
import json
import socket
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import requests

from queue_server.engine import signing
from queue_server.engine.exchange import Outcome, PlatformBooking
from queue_server.engine.privacy import id_check_char
from queue_server.platform.faults import Dice, Faults
from queue_server.platform.transport import APP_KEY_HEADER
from queue_server.platform.wire import WireError, dumps, error_body, outcome_from_json, page_to_json

FEED_PATH, OUTCOMES_PATH = "/feed", "/outcomes"
MAX_LIMIT = 500
NAMES = "王李张刘陈杨黄赵吴周"


class FakePlatform:
    """The platform's side of the exchange; `intended` is what a correct sync must end with."""

    def __init__(
        self,
        secret: bytes,
        *,
        app_key: str = "queue-server",
        faults: Faults | None = None,
        clock: Callable[[], float] = time.time,
        port: int = 0,
    ) -> None:
        self.secret, self.app_key, self._clock = secret, app_key, clock
        self.faults = faults or Faults()
        self._dice = Dice(self.faults)
        self._lock = threading.Lock()
        self._replays = signing.Replays()
        self.changes: list[PlatformBooking] = []  # every revision, in change order: the feed
        self.intended: dict[str, PlatformBooking] = {}
        self._revisions: defaultdict[str, list[PlatformBooking]] = defaultdict(list)
        self.outcomes: dict[int, Outcome] = {}  # received, by outcome id
        self.posts: Counter[int] = Counter()  # outcome posts received, by outcome id
        self.acked: set[int] = set()  # outcomes whose acknowledgement went out whole
        self.posts_after_ack: Counter[int] = Counter()
        self.requests: Counter[str] = Counter()  # by fault applied ("ok" for none)
        self.expired_before = 0  # cursors below it answer 410 cursor_expired (history purged)
        self._numbers = itertools.count(1)
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._server.platform = self  # type: ignore[attr-defined]
        self._thread: threading.Thread | None = None

    # --- what the platform intends ---------------------------------------------------------

    def book(
        self, hall: str, service: str, slot_start: datetime, phone: str | None = None
    ) -> PlatformBooking:
        """A new booking by a made-up citizen with a well-formed ID number."""
        number = next(self._numbers)
        first17 = f"32011319900101{number % 1000:03}"[:17]
        booking = PlatformBooking(
            external_id=f"WB{number:07}",
            hall=hall,
            service=service,
            slot_start=slot_start,
            state="booked",
            id_number=first17 + id_check_char(first17),
            name=NAMES[number % len(NAMES)] + "测试",
            phone=phone,
            version=1,
        )
        return self._record(booking)

    def cancel(self, external_id: str) -> PlatformBooking:
        return self._revise(external_id, state="cancelled")

    def reschedule(self, external_id: str, slot_start: datetime) -> PlatformBooking:
        return self._revise(external_id, slot_start=slot_start)

    def _revise(self, external_id: str, **change: Any) -> PlatformBooking:
        with self._lock:
            current = self.intended[external_id]
        return self._record(dataclasses.replace(current, version=current.version + 1, **change))

    def _record(self, booking: PlatformBooking) -> PlatformBooking:
        with self._lock:
            self.changes.append(booking)
            self.intended[booking.external_id] = booking
            self._revisions[booking.external_id].append(booking)
        return booking

    def older_revisions(self, booking: PlatformBooking) -> list[PlatformBooking]:
        return [b for b in self._revisions[booking.external_id] if b.version < booking.version]

    # --- the HTTP server -------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def feed_url(self) -> str:
        return self.url + FEED_PATH

    @property
    def outcomes_url(self) -> str:
        return self.url + OUTCOMES_PATH

    def start(self) -> FakePlatform:
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakePlatform:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def now(self) -> float:
        """The platform's clock: ours moved by the skew fault."""
        return self._clock() + self.faults.skew_seconds

    def sign(self, method: str, path: str, body: bytes) -> dict[str, str]:
        return signing.headers(self.secret, method, path, body, self.now())

    # --- answering (called by the handler, under no lock) ----------------------------------

    def fault(self, outcome: bool) -> str:
        """Which fault this request meets: "slow", "error", "drop", "lost_ack" or "ok"."""
        with self._lock:
            f, hit = self.faults, self._dice.hit
            name = "slow" if hit(f.timeout) else "error" if hit(f.error) else "ok"
            if name == "ok" and hit(f.drop):
                name = "lost_ack" if outcome and hit(0.5) else "drop"
            self.requests[name] += 1
            return name

    def check(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> bytes | None:
        """An error body (401/403) if the request is not ours, signed freshly; else None."""
        if headers.get(APP_KEY_HEADER) != self.app_key:
            return error_body("unknown_app_key", "应用标识未知。", "Unknown X-App-Key.")
        try:
            with self._lock:
                signing.verify(self.secret, method, path, body, headers, self.now(), self._replays)
        except signing.SignatureError as err:
            return error_body(f"signature_{err.reason}", "签名校验未通过。", str(err))
        return None

    def feed_page(self, query: dict[str, list[str]]) -> tuple[int, bytes]:
        cursor, limit = _one(query, "cursor", "0"), _one(query, "limit", "100")
        with self._lock:
            if not cursor.isdigit() or int(cursor) > len(self.changes):
                return 400, error_body("invalid_cursor", "游标无效。", f"unknown cursor {cursor!r}")
            if "cursor" in query and int(cursor) < self.expired_before:
                return 410, error_body("cursor_expired", "游标已过期，请从头同步。", "Start over.")
            if not limit.isdigit() or not 1 <= int(limit) <= MAX_LIMIT:
                return 400, error_body("invalid_limit", "limit 无效。", f"limit is 1-{MAX_LIMIT}")
            start = self._dice.restart_from(int(cursor), int(limit))
            end = min(len(self.changes), start + int(limit))
            page = self._dice.bend(self.changes[start:end], self.older_revisions)
            return 200, page_to_json(page, str(end), end < len(self.changes))

    def was_acknowledged(self, body: bytes) -> bool:
        """Whether the outcome this request carries had been acknowledged when it arrived."""
        data = _json(body)
        with self._lock:
            return isinstance(data, dict) and data.get("outcome_id") in self.acked

    def receive_outcome(self, body: bytes, resent: bool) -> tuple[int, bytes]:
        try:
            outcome = outcome_from_json(_json(body))
        except WireError as err:
            return 422, error_body("invalid_outcome", "结果格式错误。", str(err))
        with self._lock:
            if outcome.external_id not in self.intended:
                return 404, error_body("unknown_booking", "预约不存在。", outcome.external_id)
            self.posts[outcome.id] += 1
            if resent:
                self.posts_after_ack[outcome.id] += 1
            status = "duplicate" if outcome.id in self.outcomes else "accepted"
            self.outcomes.setdefault(outcome.id, outcome)
        return 200, dumps({"outcome_id": outcome.id, "status": status})

    def acknowledged(self, body: bytes) -> None:
        outcome_id = _json(body).get("outcome_id")
        if isinstance(outcome_id, int):
            with self._lock:
                self.acked.add(outcome_id)

    # --- pushing to queue-server -----------------------------------------------------------

    def push(self, booking: PlatformBooking, server: str, token: str) -> requests.Response:
        """Send `booking` to queue-server's push API (a cancellation to its cancel route)."""
        if booking.state == "cancelled":
            path, body = f"/api/appointments/{quote(booking.external_id)}/cancel", b""
        else:
            path = "/api/appointments"
            body = dumps(
                {
                    "external_id": booking.external_id,
                    "hall": booking.hall,
                    "service": booking.service,
                    "slot_start": booking.slot_start.isoformat(),
                    "id_card": {"number": booking.id_number, "name": booking.name},
                    "phone": booking.phone,
                }
            )
        headers = self.sign("POST", path, body)
        headers |= {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        return requests.post(server + path, data=body, headers=headers, timeout=10)


def _one(query: dict[str, list[str]], name: str, default: str) -> str:
    return query.get(name, [default])[0]


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None


class _Handler(BaseHTTPRequestHandler):
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
