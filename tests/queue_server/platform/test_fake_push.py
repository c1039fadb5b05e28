"""The fake platform's push: signed requests to queue-server's push API, here received by a
stand-in that verifies them with `engine.signing` and keeps appointments by external id the way
the contract says (create idempotent, cancel final, 404 for an unknown booking)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from queue_server.engine import signing
from queue_server.engine.privacy import is_valid_id_number
from queue_server.platform import fake_push
from queue_server.platform.fake import FakePlatform
from queue_server.platform.faults import Faults
from tests.queue_server.platform.conftest import SECRET, SLOT, MakeFake, book_many


class Receiver(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Verify)
        self.received: list[tuple[str, dict[str, object] | None, str]] = []
        self.kept: dict[str, tuple[str, datetime]] = {}  # external id: (state, slot)
        self.replays = signing.Replays()
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def apply(self, path: str, body: dict[str, object] | None) -> int:
        with self.lock:
            if path == "/api/appointments":
                assert body is not None
                key = str(body["external_id"])
                if key in self.kept:
                    return 200  # the same booking again: its appointment as it is
                self.kept[key] = ("booked", datetime.fromisoformat(str(body["slot_start"])))
                return 201
            key, _, action = path.removeprefix("/api/appointments/").partition("/")
            if key not in self.kept:
                return 404
            state, slot = self.kept[key]
            if action == "cancel":
                self.kept[key] = ("cancelled", slot)
            elif state == "booked" and body is not None:
                self.kept[key] = (state, datetime.fromisoformat(str(body["slot_start"])))
            return 200


class _Verify(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers["Content-Length"] or 0))
        server: Receiver = self.server  # type: ignore[assignment]
        try:
            sent = dict(self.headers.items())
            signing.verify(SECRET, "POST", self.path, raw, sent, time.time(), server.replays)
            verdict = "ok"
        except signing.SignatureError as err:
            verdict = err.reason
        body = json.loads(raw) if raw else None
        path = urlsplit(self.path).path
        server.received.append((path, body, verdict))
        status = server.apply(path, body) if verdict == "ok" else 401
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}).start()
    yield server
    server.shutdown()
    server.server_close()


def test_push_sends_signed_bookings_and_cancellations(
    make_fake: MakeFake, receiver: Receiver
) -> None:
    fake = make_fake()
    booking = fake.book("qixia", "HJ01", SLOT, phone="13800001234")
    assert fake_push.push(fake, booking, receiver.url, "platform-token").status_code == 201
    cancelled = fake.cancel(booking.external_id)
    assert fake_push.push(fake, cancelled, receiver.url, "platform-token").status_code == 200
    (path, body, verdict), (cancel_path, cancel_body, cancel_verdict) = receiver.received
    assert (path, verdict, cancel_verdict) == ("/api/appointments", "ok", "ok")
    assert body == {
        "external_id": booking.external_id,
        "hall": "qixia",
        "service": "HJ01",
        "slot_start": SLOT.isoformat(),
        "id_card": {"number": booking.id_number, "name": booking.name},
        "phone": "13800001234",
    }
    assert cancel_path == f"/api/appointments/{booking.external_id}/cancel" and cancel_body is None


def kept_as_intended(fake: FakePlatform, receiver: Receiver) -> list[str]:
    return [
        key
        for key, want in fake.intended.items()
        if receiver.kept.get(key) != (want.state, want.slot_start)
    ]


@pytest.mark.parametrize(
    "faults",
    [
        Faults(drop=0.3),
        Faults(duplicate=0.3),
        Faults(out_of_order=0.5),
        Faults(skew_seconds=-200),
        Faults.all_on(share=0.2, seed=4),
    ],
    ids=["lost answers", "duplicates", "late creates", "clock behind", "all at once"],
)
def test_push_all_delivers_every_change_under_faults(
    faults: Faults, make_fake: MakeFake, receiver: Receiver
) -> None:
    fake = make_fake(faults)
    book_many(fake, 60)
    report = fake_push.push_all(fake, receiver.url, "platform-token")
    assert kept_as_intended(fake, receiver) == []
    assert set(report.answers) == set(fake.intended) and 0 not in report.answers.values()
    assert {verdict for _, _, verdict in receiver.received} == {"ok"}
    more = len(receiver.received) > len(fake.changes)  # the faults made the platform resend
    assert more or faults == Faults(skew_seconds=-200)


def test_a_clock_beyond_the_replay_window_gets_every_push_refused(
    make_fake: MakeFake, receiver: Receiver
) -> None:
    fake = make_fake(Faults(skew_seconds=400))
    book_many(fake, 5)
    report = fake_push.push_all(fake, receiver.url, "platform-token")
    assert set(report.answers.values()) == {401} and receiver.kept == {}
    assert {verdict for _, _, verdict in receiver.received} == {"stale"}


def test_made_up_citizens_have_distinct_well_formed_id_numbers(make_fake: MakeFake) -> None:
    fake = make_fake()
    numbers = {fake.book("qixia", "HJ01", SLOT).id_number for _ in range(3000)}
    assert len(numbers) == 3000 and all(is_valid_id_number(n) for n in numbers)


def test_faults_are_given_on_the_command_line_by_name() -> None:
    assert Faults.parse("timeout=0.1, drop=0.2,skew_seconds=-400") == Faults(
        timeout=0.1, drop=0.2, skew_seconds=-400
    )
    assert Faults.parse("all") == Faults.all_on()
    assert Faults.parse("") == Faults()
    with pytest.raises(ValueError, match="unknown fault 'lag'"):
        Faults.parse("lag=1")
