"""A reference fake of the online appointment platform, a real HTTP server on 127.0.0.1: it
holds the bookings it intends, serves them as the signed feed of PLATFORM.md, accepts outcomes,
pushes bookings to queue-server's push API, and injects `faults.Faults` on the way.

Run it for the demo: `python -m queue_server.platform.fake --secret-hex HEX --book 3`."""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date, datetime, timedelta
from http.server import ThreadingHTTPServer
from typing import Any

from queue_server.clock import SHANGHAI
from queue_server.engine import signing
from queue_server.engine.exchange import Outcome, PlatformBooking
from queue_server.engine.privacy import id_check_char
from queue_server.platform import fake_push
from queue_server.platform.fake_http import FEED_PATH, OUTCOMES_PATH, PlatformHandler
from queue_server.platform.faults import Dice, Faults
from queue_server.platform.settings import PlatformSettings
from queue_server.platform.transport import APP_KEY_HEADER
from queue_server.platform.wire import (
    WireError,
    dumps,
    error_body,
    outcome_from_json,
    page_to_json,
)

MAX_LIMIT = 500
NAMES = "王李张刘陈杨黄赵吴周"
SIGNATURE_ZH = {
    "missing": "缺少签名（X-Timestamp、X-Signature）。",
    "malformed": "X-Timestamp 须为 Unix 秒。",
    "stale": "签名已过期，请校准时钟。",
    "replayed": "该签名请求已收到过，请勿重放。",
    "mismatch": "签名不符：请检查密钥与签名内容。",
}


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
        self._server = ThreadingHTTPServer(("127.0.0.1", port), PlatformHandler)
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
        born = date(1950, 1, 1) + timedelta(days=number % 20000)  # distinct people, by number
        first17 = f"320113{born:%Y%m%d}{number // 20000 % 1000:03}"
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

    def settings(self, **change: Any) -> PlatformSettings:
        """The `[platform]` settings of a queue-server that syncs with this fake."""
        mine = PlatformSettings(self.feed_url, self.outcomes_url, self.app_key)
        return dataclasses.replace(mine, **change)

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
            return error_body(f"signature_{err.reason}", SIGNATURE_ZH[err.reason], str(err))
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


def _one(query: dict[str, list[str]], name: str, default: str) -> str:
    return query.get(name, [default])[0]


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None


# --- the command line: `python -m queue_server.platform.fake` --------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m queue_server.platform.fake",
        description="A fake online appointment platform on 127.0.0.1 (tests, the demo).",
    )
    parser.add_argument("--port", type=int, default=8700)
    parser.add_argument(
        "--secret-hex",
        required=True,
        help="the shared secret as hex (queue-server keys show-platform-secret)",
    )
    parser.add_argument("--app-key", default="queue-server", help="the X-App-Key it accepts")
    parser.add_argument(
        "--faults", default="", help="e.g. timeout=0.1,drop=0.2,skew_seconds=400, or 'all'"
    )
    parser.add_argument("--book", type=int, default=0, metavar="N", help="bookings to make")
    parser.add_argument("--hall", default="qixia")
    parser.add_argument("--service", default="HJ01")
    parser.add_argument(
        "--first-slot",
        default=None,
        metavar="TIME",
        help="the first booking's slot, ISO with offset (default: tomorrow 09:30, Shanghai)",
    )
    parser.add_argument("--every-minutes", type=int, default=30, help="between two bookings")
    parser.add_argument("--push", default=None, metavar="URL", help="also push to this server")
    parser.add_argument("--token", default=None, help="the platform token for --push")
    return parser


def _first_slot(text: str | None) -> datetime:
    if text is not None:
        moment = datetime.fromisoformat(text)
        if moment.utcoffset() is None:
            raise SystemExit(f"--first-slot: {text!r} needs a UTC offset")
        return moment
    tomorrow = datetime.now(SHANGHAI) + timedelta(days=1)
    return tomorrow.replace(hour=9, minute=30, second=0, microsecond=0)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    fake = FakePlatform(
        bytes.fromhex(args.secret_hex),
        app_key=args.app_key,
        faults=Faults.parse(args.faults),
        port=args.port,
    )
    slot = _first_slot(args.first_slot)
    for n in range(args.book):
        booking = fake.book(
            args.hall, args.service, slot + timedelta(minutes=n * args.every_minutes)
        )
        where = f"{booking.hall} {booking.service} {booking.slot_start.isoformat()}"
        print(f"booked {booking.external_id}: {where}")
        if args.push:
            answer = fake_push.push(fake, booking, args.push.rstrip("/"), args.token or "")
            print(f"  pushed: {answer.status_code} {answer.text[:200]}")
    fake.start()
    print(PASTE.format(feed=fake.feed_url, outcomes=fake.outcomes_url, app_key=args.app_key))
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        fake.stop()
    return 0


PASTE = """fake platform running; in district.toml:

[platform]
feed_url = "{feed}"
outcomes_url = "{outcomes}"
app_key = "{app_key}"
interval_seconds = 5
"""

if __name__ == "__main__":
    sys.exit(main())
