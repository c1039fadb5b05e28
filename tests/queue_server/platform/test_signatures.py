"""Signatures both ways between the sync and the fake platform: the platform refuses what is
not signed freshly by us, and the sync refuses answers not signed by the platform."""

from __future__ import annotations

import time

import requests

from queue_server.clock import MovableClock
from queue_server.engine import signing
from queue_server.platform.memory import MemoryBookings
from queue_server.platform.transport import APP_KEY_HEADER
from tests.queue_server.platform.conftest import SECRET, MakeFake, book_many, exchange_for


def signed_get(
    url: str, path: str, secret: bytes = SECRET, app_key: str = "queue-server"
) -> requests.Response:
    headers = signing.headers(secret, "GET", path, b"", time.time())
    return requests.get(url + path, headers={**headers, APP_KEY_HEADER: app_key}, timeout=5)


def test_the_platform_refuses_wrong_replayed_or_unknown_requests(make_fake: MakeFake) -> None:
    fake = make_fake()
    path = "/feed?limit=10&nonce=00aa"
    first = signed_get(fake.url, path)
    assert first.status_code == 200 and first.headers[signing.SIGNATURE_HEADER]
    replayed = requests.get(fake.url + path, headers=dict(first.request.headers), timeout=5)
    assert replayed.status_code == 401
    assert replayed.json()["error"]["code"] == "signature_replayed"
    wrong = signed_get(fake.url, "/feed?limit=10&nonce=00bb", secret=b"x" * 32)
    assert wrong.json()["error"]["code"] == "signature_mismatch"
    unknown = signed_get(fake.url, "/feed?limit=10&nonce=00cc", app_key="someone")
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (403, "unknown_app_key")
    bare = requests.get(fake.url + "/feed", headers={APP_KEY_HEADER: "queue-server"}, timeout=5)
    assert bare.json()["error"]["code"] == "signature_missing"
    assert bare.json()["error"]["zh"].startswith("缺少签名")


def test_an_answer_not_signed_by_the_platform_is_not_applied(
    make_fake: MakeFake, clock: MovableClock
) -> None:
    fake = make_fake()
    book_many(fake, 10)
    genuine = fake.sign

    def forged(method: str, path: str, body: bytes) -> dict[str, str]:
        return signing.headers(b"m" * 32, method, path, body, fake.now())

    fake.sign = forged  # type: ignore[method-assign]
    store = MemoryBookings()
    exchange = exchange_for(fake, store, clock)
    report = exchange.pull_once()
    assert "answer signature mismatch" in (report.error or "")
    assert store.bookings == {} and store.sync_state()["cursor"] is None
    fake.sign = genuine  # type: ignore[method-assign]
    assert exchange.pull_once().error is None and len(store.bookings) == 10
