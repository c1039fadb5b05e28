"""The fake platform's push: signed requests to queue-server's push API, checked here by a
receiver that verifies them with `engine.signing` as the server does."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from queue_server.engine import signing
from queue_server.engine.privacy import is_valid_id_number
from queue_server.platform.faults import Faults
from tests.queue_server.platform.conftest import SECRET, SLOT, MakeFake


class Receiver(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Verify)
        self.received: list[tuple[str, dict[str, object] | None, str]] = []
        self.replays = signing.Replays()


class _Verify(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"] or 0))
        server: Receiver = self.server  # type: ignore[assignment]
        try:
            sent = dict(self.headers.items())
            signing.verify(SECRET, "POST", self.path, body, sent, time.time(), server.replays)
            verdict = "ok"
        except signing.SignatureError as err:
            verdict = err.reason
        server.received.append((self.path, json.loads(body) if body else None, verdict))
        self.send_response(201)
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
    url = f"http://127.0.0.1:{receiver.server_address[1]}"
    booking = fake.book("qixia", "HJ01", SLOT, phone="13800001234")
    assert fake.push(booking, url, "platform-token").status_code == 201
    assert fake.push(fake.cancel(booking.external_id), url, "platform-token").status_code == 201
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
