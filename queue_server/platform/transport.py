"""Signed HTTP to the platform with `requests`: every request carries our app key, a nonce and
an `engine.signing` signature; every successful answer must carry the platform's signature."""

from __future__ import annotations

import json
import secrets
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests

from queue_server.clock import Clock
from queue_server.engine import signing
from queue_server.platform.settings import PlatformSettings

APP_KEY_HEADER = "X-App-Key"


class ExchangeError(Exception):
    """Talking to the platform failed; the base of the package's errors."""


class Unreachable(ExchangeError):
    """No usable answer (timeout, dropped connection, 5xx, an answer not signed by the
    platform): worth retrying."""


class Refused(ExchangeError):
    """The platform answered 4xx with an error `code` (PLATFORM.md, Errors)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"platform refused ({status} {code}): {message}")
        self.status, self.code = status, code


class SignedClient:
    """Signs requests to the platform and checks its answers' signatures."""

    def __init__(
        self,
        settings: PlatformSettings,
        secret: bytes,
        clock: Clock,
        session: requests.Session | None = None,
    ) -> None:
        self.settings, self._secret, self._clock = settings, secret, clock
        self._session = session or requests.Session()

    def get(self, url: str, query: dict[str, str]) -> Any:
        return self._send("GET", url, query, b"")

    def post(self, url: str, body: bytes) -> Any:
        return self._send("POST", url, {}, body)

    def _send(self, method: str, url: str, query: dict[str, str], body: bytes) -> Any:
        # the nonce keeps two requests within one second from sharing a signature (a replay)
        target = f"{url}?{urlencode({**query, 'nonce': secrets.token_hex(8)})}"
        parts = urlsplit(target)
        path = f"{parts.path}?{parts.query}"
        sent = signing.headers(self._secret, method, path, body, self._clock().timestamp())
        sent |= {APP_KEY_HEADER: self.settings.app_key, "Content-Type": "application/json"}
        try:
            answer = self._session.request(
                method, target, data=body, headers=sent, timeout=self.settings.timeout_seconds
            )
            content = answer.content
        except requests.RequestException as err:
            raise Unreachable(f"{method} {parts.path}: {type(err).__name__}") from err
        return self._read(method, path, answer.status_code, answer.headers, content)

    def _read(self, method: str, path: str, status: int, headers: Any, content: bytes) -> Any:
        where = f"{method} {path.partition('?')[0]}"
        if status >= 500:
            raise Unreachable(f"{where}: the platform answered {status}")
        if status >= 400:
            raise _refusal(status, content)
        signed = {
            name: headers[name]
            for name in (signing.TIMESTAMP_HEADER, signing.SIGNATURE_HEADER)
            if name in headers
        }
        now = self._clock().timestamp()
        try:  # a fresh Replays: the nonce already makes each answer's signature unique
            signing.verify(self._secret, method, path, content, signed, now, signing.Replays())
            return json.loads(content)
        except signing.SignatureError as err:
            raise Unreachable(f"{where}: answer signature {err.reason}: {err}") from err
        except ValueError as err:
            raise Unreachable(f"{where}: the answer is not JSON") from err


def _refusal(status: int, content: bytes) -> Refused:
    try:
        error = json.loads(content)["error"]
        return Refused(status, str(error["code"]), str(error.get("en", "")))
    except (ValueError, KeyError, TypeError):
        return Refused(status, "unknown", content[:200].decode(errors="replace"))
