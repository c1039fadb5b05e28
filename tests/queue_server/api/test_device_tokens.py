"""Device tokens against the real server: `queue-server token revoke` (another process on the
same database) holds from the next request; tokens without an id are refused."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

import httpx
import pytest

from queue_server import cli
from tests.fixtures.live_server import LiveServer

BOARD = "/api/halls/qixia/board"


class Minted(NamedTuple):
    token: str
    id: str


def create_token(server: LiveServer, capsys: pytest.CaptureFixture[str], *args: str) -> Minted:
    """`queue-server token create ARGS` on the server's database: (token, id)."""
    capsys.readouterr()
    assert cli.main(["token", "create", "--db", str(server.db_path), *args]) == 0
    out, err = capsys.readouterr()
    return Minted(out.strip(), err.split("token id ", 1)[1].split(":", 1)[0])


def get(server: LiveServer, path: str, token: str) -> httpx.Response:
    return httpx.get(server.url + path, headers={"Authorization": f"Bearer {token}"}, timeout=10)


def error_code(answer: httpx.Response) -> str:
    code: str = answer.json()["error"]["code"]
    return code


def legacy_token(key: bytes, role: str, hall: str) -> str:
    """A token as `queue-server token` signed them before device tokens had ids."""
    expires = int((datetime.now(UTC) + timedelta(days=30)).timestamp())
    payload = {"r": role, "h": hall, "w": None, "u": None, "e": expires}
    body = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    digest = hmac.new(key, body.encode(), hashlib.sha256).digest()
    return f"v1.{body}.{base64.urlsafe_b64encode(digest).rstrip(b'=').decode()}"


def test_a_revoked_token_is_refused_at_once_by_the_running_server(
    live_server: LiveServer, capsys: pytest.CaptureFixture[str]
) -> None:
    revoked = create_token(live_server, capsys, "--role", "display", "--hall", "qixia")
    kept = create_token(live_server, capsys, "--role", "display", "--hall", "qixia")
    assert get(live_server, BOARD, revoked.token).status_code == 200
    assert cli.main(["token", "revoke", "--db", str(live_server.db_path), revoked.id]) == 0
    answer = get(live_server, BOARD, revoked.token)  # the very next request
    assert (answer.status_code, error_code(answer)) == (401, "token_revoked")
    stream = f"{live_server.url}/api/halls/qixia/events?access_token={revoked.token}"
    assert httpx.get(stream, timeout=10).status_code == 401  # the event stream too
    assert get(live_server, BOARD, kept.token).status_code == 200  # one by one


def test_an_open_event_stream_ends_once_its_token_is_revoked(
    live_server: LiveServer, capsys: pytest.CaptureFixture[str]
) -> None:
    display = create_token(live_server, capsys, "--role", "display", "--hall", "qixia")
    url = f"{live_server.url}/api/halls/qixia/events?access_token={display.token}"
    with httpx.stream("GET", url, timeout=httpx.Timeout(10, read=5)) as answer:
        assert answer.status_code == 200
        lines = answer.iter_lines()
        while next(lines) != ": ping":  # open, and heartbeats flow (every 0.5 s here)
            pass
        assert cli.main(["token", "revoke", "--db", str(live_server.db_path), display.id]) == 0
        revoked_at = time.monotonic()
        deadline = revoked_at + 5
        for _ in lines:  # the server ends the stream: the loop ends
            assert time.monotonic() < deadline, "the stream outlived its revoked token"
    assert time.monotonic() - revoked_at < 5


def test_a_token_without_an_id_is_refused_as_invalid(live_server: LiveServer) -> None:
    key = live_server._key()  # the server's signing key, as the fixture reads it
    for role in ("kiosk", "display"):
        answer = get(live_server, "/api/halls/qixia/windows", legacy_token(key, role, "qixia"))
        assert (answer.status_code, error_code(answer)) == (401, "invalid_token")


def test_login_tokens_keep_working_without_an_id(live_server: LiveServer) -> None:
    assert get(live_server, BOARD, live_server.login("clerk", "demo1234")).status_code == 200
