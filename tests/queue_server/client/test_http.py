"""The transport: answers mapped onto the error tree, the Bearer header, retries, streams."""

from __future__ import annotations

from typing import Any

import pytest

from queue_server.client.errors import (
    ClientError,
    Refused,
    Unauthorised,
    Unreachable,
)
from queue_server.client.http import Transport
from queue_server.client.kiosk import KioskClient
from tests.fixtures.live_server import free_port
from tests.queue_server.client.stub import Reply, StubServer, doc

FAST = 0.3  # seconds: the stub holds a request longer than this to make the client time out
TICKET = doc({"number": "A001", "token": "t", "service": "HJ01", "ahead": 0})


# -- against the real server ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "role", "body", "status", "code"),
    [
        ("GET", "/api/halls/nowhere", None, None, 404, "unknown_hall"),
        ("GET", "/api/no/such/path", None, None, 404, "not_found"),
        ("POST", "/api/halls/qixia/tickets", "kiosk", {"service": "NOPE"}, 404, "unknown_service"),
        ("POST", "/api/halls/qixia/tickets", "kiosk", {}, 422, "invalid_input"),
        ("POST", "/api/halls/qixia/windows/1/call-next", "kiosk", None, 403, "forbidden"),
        ("POST", "/api/halls/qixia/appointments/check-in", "kiosk", {}, 422, "invalid_input"),
    ],
)  # fmt: skip
def test_error_documents_of_the_real_server_are_refusals(
    live_server_session: Any,
    method: str,
    path: str,
    role: str | None,
    body: dict[str, Any] | None,
    status: int,
    code: str,
) -> None:
    token = live_server_session.token(role) if role else None
    transport = Transport(live_server_session.url, token)
    with pytest.raises(Refused) as caught:
        transport.request(method, path, body)
    err = caught.value
    assert (err.status, err.code, type(err)) == (status, code, Refused)
    assert err.zh and err.en and err.zh != err.en
    assert f"HTTP {status} {code} from {method} {live_server_session.url}{path}" in str(err)


@pytest.mark.parametrize(
    ("token", "code"), [(None, "unauthorized"), ("not-a-token", "invalid_token")]
)
def test_a_missing_or_bad_token_is_unauthorised(
    live_server_session: Any, token: str | None, code: str
) -> None:
    transport = Transport(live_server_session.url, token)
    with pytest.raises(Unauthorised) as caught:
        transport.request("POST", "/api/halls/qixia/tickets", {"service": "ZX01"})
    assert (caught.value.status, caught.value.code) == (401, code)


def test_extra_fields_of_a_refusal_are_kept(live_server_session: Any) -> None:
    transport = Transport(live_server_session.url, live_server_session.token("kiosk"))
    with pytest.raises(Refused) as caught:
        transport.request("POST", "/api/halls/qixia/tickets", {"service": 7})
    assert caught.value.extra["fields"] == ["body.service"]


def test_nobody_listening_is_unreachable_in_both_languages() -> None:
    server = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(Unreachable) as caught:
        Transport(server).request("GET", "/api/health")
    assert caught.value.zh == f"无法连接服务器 {server}"
    assert caught.value.en == f"Cannot reach the server at {server}"
    assert caught.value.detail.startswith(f"GET {server}/api/health: ")


# -- against a stub that misbehaves --------------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_server_failure_is_unreachable(stub: StubServer, status: int) -> None:
    stub.script(Reply(status, doc({"error": {"code": "boom", "zh": "坏", "en": "bad"}})))
    with pytest.raises(Unreachable) as caught:
        Transport(stub.url).request("GET", "/x")
    assert str(status) in caught.value.zh and str(status) in caught.value.en


def test_a_busy_answer_that_says_when_to_retry_is_a_refusal(stub: StubServer) -> None:
    error = {"code": "login_busy", "zh": "请稍候", "en": "Wait", "retry_after": 3}
    stub.script(Reply(503, doc({"error": error})))
    with pytest.raises(Refused) as caught:
        Transport(stub.url).request("POST", "/api/auth/login", {})
    err = caught.value
    assert (err.status, err.code, err.zh) == (503, "login_busy", "请稍候")
    assert err.extra == {"retry_after": 3}


@pytest.mark.parametrize(
    ("status", "kind"), [(400, Refused), (401, Unauthorised), (404, Refused), (501, Refused)]
)
def test_a_status_without_an_error_document_is_a_generic_refusal(
    stub: StubServer, status: int, kind: type[Refused]
) -> None:
    stub.script(Reply(status, b"<html>proxy says no</html>", "text/html"))
    with pytest.raises(kind) as caught:
        Transport(stub.url).request("GET", "/x")
    err = caught.value
    assert (type(err), err.status, err.code, err.extra) == (kind, status, f"http_{status}", {})
    assert err.zh == f"服务器拒绝了请求（{status}）"
    assert err.en == f"The server refused the request ({status})"


def test_an_error_document_without_texts_gets_the_generic_ones(stub: StubServer) -> None:
    stub.script(Reply(409, doc({"error": {"code": "daily_cap_reached", "daily_cap": 3}})))
    with pytest.raises(Refused) as caught:
        Transport(stub.url).request("GET", "/x")
    err = caught.value
    assert (err.code, err.extra) == ("daily_cap_reached", {"daily_cap": 3})
    assert (err.zh, err.en) == ("服务器拒绝了请求（409）", "The server refused the request (409)")


@pytest.mark.parametrize("body", [b"<html>captive portal</html>", b'{"number": "A0', b"\xff\xfe"])
def test_a_body_that_is_not_json_is_unreachable(stub: StubServer, body: bytes) -> None:
    stub.script(Reply(200, body))
    with pytest.raises(Unreachable, match="not JSON") as caught:
        Transport(stub.url).request("GET", "/x")
    assert caught.value.zh == "服务器的回答无法读取"


@pytest.mark.parametrize("status", [200, 204])
def test_an_empty_answer_is_none(stub: StubServer, status: int) -> None:
    stub.script(Reply(status, b""))
    assert Transport(stub.url).request("POST", "/x") is None


def test_the_bearer_header_follows_the_token(stub: StubServer) -> None:
    transport = Transport(stub.url)
    transport.request("GET", "/a")
    transport.token = "T1"
    transport.request("GET", "/b")
    assert "Authorization" not in stub.seen[0].headers
    assert stub.seen[1].headers["Authorization"] == "Bearer T1"


@pytest.mark.parametrize("failure", [Reply(hold=True), Reply(drop=True)])
def test_a_keyed_request_without_answer_is_sent_once_more_unchanged(
    stub: StubServer, failure: Reply
) -> None:
    stub.script(failure, Reply(201, TICKET))
    client = KioskClient(stub.url, "T", "qixia", timeout=FAST)
    ticket = client.issue("HJ01", "key-123")
    assert ticket.number == "A001"
    assert [seen.body["idempotency_key"] for seen in stub.seen] == ["key-123", "key-123"]
    assert stub.seen[0].body == stub.seen[1].body


@pytest.mark.parametrize("failure", [Reply(hold=True), Reply(drop=True)])
def test_a_server_that_never_answers_is_unreachable_after_the_retry(
    stub: StubServer, failure: Reply
) -> None:
    stub.script(failure)
    client = KioskClient(stub.url, "T", "qixia", timeout=FAST)
    with pytest.raises(Unreachable, match="POST .*/api/halls/qixia/tickets"):
        client.issue("HJ01", "key-9")
    assert len(stub.seen) == 2


def test_a_request_without_key_is_not_retried(stub: StubServer) -> None:
    stub.script(Reply(drop=True), Reply(200, TICKET))
    with pytest.raises(Unreachable):
        KioskClient(stub.url, "T", "qixia", timeout=FAST).ticket("t")
    assert len(stub.seen) == 1


def test_every_error_is_a_client_error_with_both_texts() -> None:
    for kind in (Unreachable, Refused, Unauthorised):
        assert issubclass(kind, ClientError)
    refused = Refused(409, "duplicate_ticket", "请勿重复取号", "Already issued", {"n": 1})
    assert (refused.zh, refused.en, refused.extra) == ("请勿重复取号", "Already issued", {"n": 1})


# -- the streaming GET ---------------------------------------------------------------------


def test_a_stream_yields_its_lines_as_text(stub: StubServer) -> None:
    stub.script(Reply(lines=("id: 1", 'data: {"hall": "栖霞"}', "")))
    lines = Transport(stub.url, "T").open_stream("/events", last_event_id="41")
    assert list(lines) == ["id: 1", 'data: {"hall": "栖霞"}', ""]
    assert stub.seen[0].headers["Last-Event-ID"] == "41"
    assert stub.seen[0].headers["Accept"] == "text/event-stream"


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        (Reply(401, doc({"error": {"code": "token_expired"}})), Unauthorised),
        (Reply(503, b""), Unreachable),
        (Reply(204, b""), Unreachable),
    ],
)  # fmt: skip
def test_a_stream_that_does_not_open_raises_the_tree(
    stub: StubServer, reply: Reply, kind: type[ClientError]
) -> None:
    stub.script(reply)
    with pytest.raises(kind):
        Transport(stub.url, "T").open_stream("/events")
