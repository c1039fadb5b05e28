"""Senders: where a notification goes. Each takes one `Outgoing` and returns once the receiver
has acknowledged it, or raises `SendError` (the outbox then retries with back-off).

- `LogSender` (the default): logs the message's kind, key and masked phone, never the number,
  the text or the token its link carries.
- `SmsSender`: POSTs JSON `{"account", "password", "mobile", "content", "id"}` to an SMS
  gateway's URL; any 2xx answer acknowledges it.
- `WebhookSender`: POSTs JSON `{"id", "kind", "hall", "mobile", "content"}` signed with the key
  file's webhook secret, as `engine.signing` signs platform requests: `X-Timestamp` (Unix
  seconds) and `X-Signature`, hex HMAC-SHA256 over
  `POST \\n PATH \\n TIMESTAMP \\n hex(SHA-256(body))`.

`id` (also the `Idempotency-Key` header) is the message's outbox key: a message sent again
after a crash between the receiver's answer and our record of it carries the same id, so the
receiver can drop the repeat."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

import requests

from queue_server.engine import signing
from queue_server.notify.rules import SenderSettings

log = logging.getLogger(__name__)
IDEMPOTENCY_HEADER = "Idempotency-Key"


class SendError(Exception):
    """The receiver did not take the message (unreachable, refused, timed out)."""


@dataclass(frozen=True)
class Outgoing:
    id: str  # the outbox key, e.g. `called:12`
    kind: str
    hall: str
    phone: str
    phone_masked: str
    text: str


class Sender(Protocol):
    def send(self, message: Outgoing) -> None:
        """Deliver `message`, or raise SendError."""


class LogSender:
    """Only logs that a message would go out, with the phone masked."""

    def send(self, message: Outgoing) -> None:
        log.info(
            "notification %s (%s) to %s in hall %s",
            message.id, message.kind, message.phone_masked, message.hall,
        )  # fmt: skip


def _post_json(
    session: requests.Session, url: str, payload: dict[str, str], message_id: str,
    timeout: float, sign: Callable[[bytes], dict[str, str]] | None = None,
) -> None:  # fmt: skip
    """POST `payload` as JSON (signed by `sign`, if given); SendError unless answered 2xx."""
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
    headers = {"Content-Type": "application/json", IDEMPOTENCY_HEADER: message_id}
    headers |= sign(body) if sign is not None else {}
    try:
        answer = session.post(url, data=body, headers=headers, timeout=timeout)
    except requests.RequestException as err:  # the URL may carry credentials: name the kind
        raise SendError(f"{urlsplit(url).netloc} unreachable: {type(err).__name__}") from err
    if not 200 <= answer.status_code < 300:
        raise SendError(f"{urlsplit(url).netloc} answered HTTP {answer.status_code}")


class SmsSender:
    """An SMS gateway over HTTP, with the account and password in the JSON body."""

    def __init__(
        self, url: str, account: str, password: str, *, timeout: float = 5.0,
        session: requests.Session | None = None,
    ) -> None:  # fmt: skip
        self.url, self.account, self.password, self.timeout = url, account, password, timeout
        self.session = session or requests.Session()

    def send(self, message: Outgoing) -> None:
        payload = {"account": self.account, "password": self.password, "mobile": message.phone,
                   "content": message.text, "id": message.id}  # fmt: skip
        _post_json(self.session, self.url, payload, message.id, self.timeout)


class WebhookSender:
    """A messaging platform's webhook, each request signed with the shared secret."""

    def __init__(
        self, url: str, secret: bytes, *, timeout: float = 5.0,
        session: requests.Session | None = None, clock: Callable[[], float] = time.time,
    ) -> None:  # fmt: skip
        self.url, self.secret, self.timeout, self.clock = url, secret, timeout, clock
        self.session = session or requests.Session()
        parts = urlsplit(url)
        self.path = parts.path + (f"?{parts.query}" if parts.query else "")

    def send(self, message: Outgoing) -> None:
        payload = {"id": message.id, "kind": message.kind, "hall": message.hall,
                   "mobile": message.phone, "content": message.text}  # fmt: skip
        _post_json(self.session, self.url, payload, message.id, self.timeout, self._sign)

    def _sign(self, body: bytes) -> dict[str, str]:
        return signing.headers(self.secret, "POST", self.path or "/", body, self.clock())


def make_sender(settings: SenderSettings, webhook_secret: bytes, password: str | None) -> Sender:
    """The configured sender; `password` is the SMS gateway's (from `password_env`)."""
    if settings.kind == "sms":
        return SmsSender(
            settings.url, settings.account, password or "", timeout=settings.timeout_seconds
        )
    if settings.kind == "webhook":
        return WebhookSender(settings.url, webhook_secret, timeout=settings.timeout_seconds)
    return LogSender()
